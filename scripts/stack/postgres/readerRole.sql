-- The access layer's read-only principal (sinks/postgres/reader.ts, POSTGRES_READER_URL): the
-- stack's `switchyard` role is a superuser, and a superuser's READ ONLY transaction still runs
-- COPY … TO PROGRAM and pg_terminate_backend, so questions never run as it.
-- Idempotent: the native stack runs it after every start (scripts/stack/services/postgres.ts),
-- Docker once on a fresh volume (docker-entrypoint-initdb.d). Run it as a superuser (or, on
-- Aurora, as the migrations owner with CREATEROLE) in the `switchyard` database.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchyard_reader') THEN
    CREATE ROLE switchyard_reader LOGIN PASSWORD 'switchyard_reader';
  END IF;
END
$$;
ALTER ROLE switchyard_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'switchyard_reader';
-- PG ≥ 14: SELECT on every table and USAGE on every schema, per-run schemas included.
GRANT pg_read_all_data TO switchyard_reader;
-- Session defaults; each request sets its own READ ONLY transaction and statement_timeout too.
ALTER ROLE switchyard_reader SET default_transaction_read_only = on;
ALTER ROLE switchyard_reader SET statement_timeout = '10s';
ALTER ROLE switchyard_reader SET idle_in_transaction_session_timeout = '10s';
-- PUBLIC holds TEMPORARY on a new database: without this the reader could CREATE TEMP TABLE.
REVOKE TEMPORARY ON DATABASE switchyard FROM PUBLIC;
