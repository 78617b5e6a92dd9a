/**
 * `'error'` listeners for every `pg` Pool and Client Switchyard opens. A pg client emits
 * `'error'` when its connection breaks while no query is running on it: the server ended the
 * session (57P01 admin shutdown, `pg_terminate_backend`, a failover), or the socket was reset.
 * An EventEmitter's `'error'` with no listener is thrown, and that killed the worker. The pool
 * listens on its idle clients itself, but not on one checked out (between two statements of a
 * transaction), nor does anything listen on a bare Client.
 *
 * The listeners only report (observability/clientErrors.ts): the broken client is dropped by its
 * pool (`release(error)`/`pool.query` destroy it), and the next statement on it fails with an
 * error the caller classifies as retriable, so the guard retries the batch on a new connection.
 *
 * Each connection also says whose it is (`fallback_application_name`, which an
 * `application_name` in the URL overrides), so `pg_stat_activity` tells an operator, or a test,
 * which of our pools a session belongs to.
 */
import type pg from 'pg';
import { reportClientError } from '../../observability/clientErrors.ts';

/** `application_name` of our connections: `switchyard <what>`, within PostgreSQL's 63 bytes. */
export function applicationName(what: string): string {
  return `switchyard ${what}`.slice(0, 63);
}

/** Listens on the pool and on every client it connects; returns the pool. */
export function watchPool<P extends pg.Pool>(pool: P, client: string): P {
  // An idle client's error reaches both the pool and the client's own listener: report it once, there.
  pool.on('error', () => {});
  pool.on('connect', (connected) => void watchClient(connected, client));
  return pool;
}

/** Listens on a bare client; returns it. */
export function watchClient<C extends pg.ClientBase>(connection: C, client: string): C {
  connection.on('error', (error) => reportClientError(client, error));
  return connection;
}
