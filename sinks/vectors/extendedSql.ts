/**
 * A `SqlClient` (pgvector.ts) that sends every statement in PostgreSQL's extended protocol
 * (Parse/Bind/Execute), parameters or not. There one message holds one statement, so a second
 * one smuggled after a `;` (`COMMIT; DELETE …`) is refused by the server with 42601 instead of
 * run; the simple protocol, which pg uses for a query without parameters (and, verified with pg
 * 8.23, for `values: []` too), runs every statement of the string. The access layer's readers use
 * it for every read (the local stack's pgvector is PGlite: a superuser and no roles, so this is
 * the guard there).
 */
import type pg from 'pg';
import type { SqlClient } from './pgvector.ts';

/** pg 8.23 reads `queryMode` from the query config; its type declarations do not list it yet. */
type ExtendedQuery = pg.QueryConfig & { readonly queryMode: 'extended' };

export function extendedSql(client: Pick<pg.Pool, 'query'> | Pick<pg.Client, 'query'>): SqlClient {
  return {
    query: async (text, values = []) => {
      const query: ExtendedQuery = { text, values, queryMode: 'extended' };
      return (client as pg.Pool).query(query);
    },
  };
}
