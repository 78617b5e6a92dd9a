/**
 * Applies migrations/ with node-pg-migrate: plain SQL files, each in its own transaction, run
 * once and recorded in `pgmigrations` inside the target schema.
 *
 * Safe to run at every start and from every worker at once: node-pg-migrate takes a session
 * advisory lock first, and `advisoryLockMode: 'wait'` makes a second worker wait for the first
 * (the default, 'fail', would crash it) and then find nothing left to do.
 */
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type pg from 'pg';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** Runs pending migrations on a client the caller connected (and releases); returns their names. */
export async function migrate(client: pg.ClientBase, schema: string): Promise<string[]> {
  const applied = await runner({
    dbClient: client,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    schema,
    createSchema: true,
    checkOrder: true,
    advisoryLockMode: 'wait',
    // Its progress lines would go to the console; the worker logs structured lines itself.
    log: () => {},
  });
  return applied.map((migration) => migration.name);
}
