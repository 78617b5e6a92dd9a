/**
 * pgvector: PGlite (PostgreSQL 18 compiled to WebAssembly) with the real pgvector extension,
 * served on the PostgreSQL wire protocol by our launcher (`scripts/stack/pgvector/server.ts`)
 * and persisting to `.stack/data/pgvector`. Debian bookworm packages no pgvector (main or
 * backports), so the native stack's PostgreSQL 15 cannot have the extension; this is the real
 * one, on its own port. Docker users get `pgvector/pgvector` on the same address.
 *
 * PGlite is one backend session: clients take turns on it (no SSL, so `sslmode=disable`), and a
 * pool of one connection per client is all it can use.
 */
import { mkdirSync } from 'node:fs';
import process from 'node:process';
import pg from 'pg';
import { host, localStack, ports } from '../../../config/endpoints.ts';
import { stackPaths } from '../paths.ts';
import type { StackService } from '../service.ts';

const dataDir = stackPaths.data('pgvector');
const launcher = stackPaths.asset('pgvector', 'server.ts');

export const pgvector: StackService = {
  name: 'pgvector',
  label: 'pgvector (PGlite)',
  address: localStack.pgvector.url,

  async probe() {
    const client = new pg.Client({ connectionString: localStack.pgvector.url, connectionTimeoutMillis: 2_000 });
    await client.connect();
    try {
      const { rows: [server] } = await client.query<{ version: string }>('SELECT version()');
      // Idempotent, and what the sink's init does first: proves the extension loads here.
      await client.query('CREATE EXTENSION IF NOT EXISTS vector');
      const { rows: [extension] } = await client.query<{ extversion: string }>(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`);
      const postgres = /^PostgreSQL \S+/.exec(server?.version ?? '')?.[0] ?? 'PostgreSQL ?';
      const wasm = server?.version.includes('PGlite') ? ' (PGlite)' : '';
      return { healthy: true, version: `${postgres}${wasm}, pgvector ${extension?.extversion ?? '?'}` };
    } finally {
      await client.end();
    }
  },

  native: {
    startTimeoutMs: 60_000,
    ports: [ports.pgvector],

    async prepare() {
      if (!process.features.typescript) {
        throw new Error(`pgvector's launcher is TypeScript and needs Node 24 (this is ${process.version}): run it through npm (npm run stack -- up)`);
      }
      mkdirSync(dataDir, { recursive: true });
    },

    launch() {
      return {
        // The project's Node (24, from the `node` package) when run through npm.
        command: process.execPath,
        args: ['--disable-warning=ExperimentalWarning', launcher, '--data-dir', dataDir, '--port', String(ports.pgvector), '--host', host],
        marker: dataDir,
      };
    },
  },
};
