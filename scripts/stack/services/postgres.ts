/**
 * PostgreSQL from Debian's packages, in a cluster of its own under `.stack/data/postgres`,
 * on loopback only (no Unix socket), password auth, with the `switchyard` database and the
 * access layer's read-only role `switchyard_reader` (../postgres/readerRole.sql).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { host, localStack, ports } from '../../../config/endpoints.ts';
import { stackPaths } from '../paths.ts';
import { giveTo, isRoot, systemUser } from '../processes.ts';
import type { StackService } from '../service.ts';

const dataDir = stackPaths.data('postgres');
/** The read-only role of the access layer (sinks/postgres/reader.ts); docker-compose.yml mounts the same file. */
const readerRoleSql = new URL('../postgres/readerRole.sql', import.meta.url);
/** initdb and postgres refuse to run as root; as root we run them as Debian's `postgres` user. */
const runAs = isRoot() ? 'postgres' : undefined;

/** The newest PostgreSQL installed by Debian's packages (`/usr/lib/postgresql/<major>/bin`). */
function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'postgres')));
  majors.sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : path.join(root, majors[0], 'bin');
}

function requireBinDir(): string {
  const dir = binDir();
  if (!dir) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin');
  return dir;
}

async function query<T>(database: string, sql: string): Promise<T[]> {
  const client = new pg.Client({
    host,
    port: ports.postgres,
    user: localStack.postgres.user,
    password: localStack.postgres.password,
    database,
    connectionTimeoutMillis: 2_000,
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

export const postgres: StackService = {
  name: 'postgres',
  label: 'PostgreSQL',
  address: `${host}:${ports.postgres}`,

  async probe() {
    const [row] = await query<{ server_version: string }>('postgres', 'SHOW server_version');
    return { healthy: true, version: row?.server_version ?? 'unknown' };
  },

  native: {
    debianPackages: { packages: ['postgresql'], binary: binDir },
    startTimeoutMs: 60_000,
    ports: [ports.postgres],

    async prepare() {
      if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
      mkdirSync(path.dirname(dataDir), { recursive: true });
      mkdirSync(dataDir, { mode: 0o700 });
      giveTo(dataDir, runAs);
      // initdb wants an empty data directory, so the password file lives elsewhere, briefly.
      const secretDir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-initdb-'));
      const pwfile = path.join(secretDir, 'password');
      writeFileSync(pwfile, `${localStack.postgres.password}\n`, { mode: 0o600 });
      giveTo(secretDir, runAs);
      giveTo(pwfile, runAs);
      const owner = runAs ? systemUser(runAs) : undefined;
      try {
        execFileSync(path.join(requireBinDir(), 'initdb'), [
          '--pgdata', dataDir,
          '--username', localStack.postgres.user,
          `--pwfile=${pwfile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C',
        ], { stdio: ['ignore', 'pipe', 'pipe'], ...(owner ? { uid: owner.uid, gid: owner.gid } : {}) });
      } finally {
        rmSync(secretDir, { recursive: true, force: true });
      }
    },

    launch() {
      return {
        command: path.join(requireBinDir(), 'postgres'),
        args: [
          '-D', dataDir,
          '-p', String(ports.postgres),
          '-c', `listen_addresses=${host}`,
          '-c', 'unix_socket_directories=',
          '-c', 'max_connections=200',
          '-c', 'fsync=on',
        ],
        ...(runAs ? { user: runAs } : {}),
        // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, then stop.
        stopSignal: 'SIGINT',
        marker: dataDir,
      };
    },

    async afterReady() {
      const { database } = localStack.postgres;
      const found = await query('postgres', `SELECT 1 FROM pg_database WHERE datname = '${database}'`);
      if (found.length === 0) await query('postgres', `CREATE DATABASE ${database}`);
      // After every start, not only the first: a stack created before the role existed gets it
      // at its next start, and the script is idempotent (the same file Docker's init runs).
      await query(database, readFileSync(readerRoleSql, 'utf8'));
    },
  },
};
