-- The access layer's read-only principal (sinks/postgres/reader.ts, POSTGRES_READER_URL): the
-- stack's `switchyard` role is a superuser, and a superuser's READ ONLY transaction still runs
-- COPY … TO PROGRAM and pg_terminate_backend, so questions never run as it.
-- Idempotent: the native stack runs it after every start (scripts/stack/services/postgres.ts),
-- Docker once on a fresh volume (docker-entrypoint-initdb.d). Run it in the `switchyard` database
-- AS THE WRITER (the role POSTGRES_URL names, which creates the sink's schemas and tables): the
-- grants below are of what that role owns, and its default privileges cover what it creates
-- later. The REVOKEs on functions need a superuser (on Aurora: rds_superuser).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchyard_reader') THEN
    CREATE ROLE switchyard_reader LOGIN PASSWORD 'switchyard_reader';
  END IF;
END
$$;
ALTER ROLE switchyard_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'switchyard_reader';
-- NOT pg_read_all_data: it reads pg_catalog.pg_authid too, every role's password hash (verified).
-- Revoked for a database this script set up before (a warning only when it was never granted).
REVOKE pg_read_all_data FROM switchyard_reader;
-- Read what the writer owns: the schemas it made (and `public`, POSTGRES_SCHEMA's default, which
-- PostgreSQL 15 gives to pg_database_owner) and their tables, never the system's.
DO $$
DECLARE
  s name;
BEGIN
  FOR s IN
    SELECT nspname FROM pg_namespace
    WHERE (nspowner = current_user::regrole OR nspname = 'public')
      AND nspname !~ '^pg_' AND nspname <> 'information_schema'
  LOOP
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO switchyard_reader', s);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO switchyard_reader', s);
  END LOOP;
END
$$;
-- …and what it makes later: the per-run schemas of chaos, the tests and the benches, their tables.
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO switchyard_reader;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO switchyard_reader;
-- A role may signal its own role's other sessions: the raw tool could end or cancel a catalogue
-- question's query (verified). The superuser writer keeps them (superusers skip EXECUTE checks).
REVOKE EXECUTE ON FUNCTION pg_terminate_backend(integer, bigint), pg_cancel_backend(integer) FROM PUBLIC;
-- Advisory locks are shared with the sink (identity resolution, migrations): a reader holding the
-- sink's key, even only for its statement's time, stalls the sink. Nothing a reader asks needs one.
DO $$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname ~ '^pg_(try_)?advisory_'
  LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
  END LOOP;
END
$$;
-- Session defaults; each request sets its own READ ONLY transaction and statement_timeout too.
ALTER ROLE switchyard_reader SET default_transaction_read_only = on;
ALTER ROLE switchyard_reader SET statement_timeout = '10s';
ALTER ROLE switchyard_reader SET idle_in_transaction_session_timeout = '10s';
-- PUBLIC holds TEMPORARY on a new database: without this the reader could CREATE TEMP TABLE.
REVOKE TEMPORARY ON DATABASE switchyard FROM PUBLIC;
