/**
 * A node-postgres query that goes in PostgreSQL's extended protocol (Parse/Bind/Execute), whose
 * Parse takes exactly one statement: a second one smuggled after a `;` (`COMMIT; DELETE …`) is
 * refused by the server (42601) instead of run. pg uses the simple protocol, which runs every
 * statement of the string, for a query without parameters, and (verified with pg 8.23) for
 * `values: []` too: only `queryMode: 'extended'` forces it. The access layer's PostgreSQL and
 * pgvector readers send every statement this way.
 */
import type pg from 'pg';

/** pg 8.23 reads `queryMode` from the query config; its type declarations do not list it yet. */
export type ExtendedQuery = pg.QueryConfig & { readonly queryMode: 'extended' };

/** `{ text, values, queryMode: 'extended' }`: one statement, whatever the caller passed. */
export function extendedQuery(textOrConfig: string | pg.QueryConfig, values?: unknown[]): ExtendedQuery {
  const config = typeof textOrConfig === 'string' ? { text: textOrConfig } : textOrConfig;
  return { ...config, values: values ?? config.values ?? [], queryMode: 'extended' };
}
