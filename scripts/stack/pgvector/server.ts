/**
 * The local stack's pgvector: PGlite (PostgreSQL 18 compiled to WebAssembly) with the real
 * pgvector extension, persisting to a data directory, served on the PostgreSQL wire protocol.
 * Debian bookworm packages no pgvector, so this is the real extension the native stack can run.
 *
 *   node scripts/stack/pgvector/server.ts --data-dir DIR --port 5433 [--host 127.0.0.1]
 *
 * SIGTERM or SIGINT closes the connections and then PGlite, which shuts PostgreSQL down
 * cleanly, so the data directory needs no recovery at the next start.
 */
import process from 'node:process';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { serveWire } from './wireServer.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'max-connections': { type: 'string', default: '32' },
  },
});
const dataDir = values['data-dir'];
const port = Number(values.port);
const maxConnections = Number(values['max-connections']);
if (!dataDir) throw new Error('--data-dir is required');
if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`--port must be a TCP port, got "${values.port}"`);
if (!Number.isInteger(maxConnections) || maxConnections < 1) throw new Error(`--max-connections must be a whole number ≥ 1, got "${values['max-connections']}"`);

const log = (line: string): void => {
  process.stdout.write(`${new Date().toISOString()} pgvector: ${line}\n`);
};

const db = await PGlite.create(dataDir, { extensions: { vector } });
const server = await serveWire(db, { host: values.host, port, maxConnections });
const { rows } = await db.query<{ version: string }>('SELECT version()');
log(`${rows[0]?.version.split(' on ')[0] ?? 'PGlite'} with pgvector listening on ${values.host}:${server.port}, data in ${dataDir}`);

let stopping = false;
async function shutDown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: closing connections, then PGlite`);
  await server.stop();
  await db.close();
  log('stopped cleanly');
  process.exit(0);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    shutDown(signal).catch((error: unknown) => {
      log(`shutdown failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      process.exit(1);
    });
  });
}
