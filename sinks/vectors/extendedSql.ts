/**
 * A `SqlClient` (pgvector.ts) that sends every statement in the extended protocol
 * (sinks/extendedQuery.ts: one statement per message, `COMMIT; DELETE …` refused with 42601). The
 * access layer's vector reader uses it for every read (the local stack's pgvector is PGlite: a
 * superuser and no roles, so this is the guard there).
 */
import type pg from 'pg';
import { extendedQuery } from '../extendedQuery.ts';
import type { SqlClient } from './pgvector.ts';

export function extendedSql(client: Pick<pg.Pool, 'query'> | Pick<pg.Client, 'query'>): SqlClient {
  return {
    query: async (text, values = []) => (client as pg.Pool).query(extendedQuery(text, values)),
  };
}
