/**
 * PostgreSQL unreachable while the worker starts, as the README promises: the actuator (whose
 * ledger lives in PostgreSQL) is a sub-topology waiting with backoff, /readyz names it and says
 * why, the other sub-topologies run, and the process does not exit. Before, the ledger connected
 * while the worker was assembled and the worker exited within a second. When the store appears
 * (a TCP proxy opened on the port POSTGRES_URL names), the actuator starts and the worker is ready.
 *
 * A real `switchyard worker` child process (with its process guards), in a corner of its own.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cleanUp } from '../../chaos/cleanup.ts';
import { freePort, isolation } from '../../chaos/isolation.ts';
import { createTopics } from '../../cli/commands/topics.ts';
import { localStack } from '../../config/endpoints.ts';
import { loadConfig } from '../../config/index.ts';
import { uniqueName } from '../support/names.ts';

interface Readyz {
  readonly ready: boolean;
  readonly checks: readonly { readonly name: string; readonly ready: boolean; readonly reason?: string }[];
}

async function readyz(port: number): Promise<{ status: number; body: Readyz } | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: response.status, body: (await response.json()) as Readyz };
  } catch {
    return undefined;
  }
}

/** Forwards `port` to the local stack's PostgreSQL: the store "appearing" where POSTGRES_URL points. */
async function proxyToPostgres(port: number): Promise<Server> {
  const target = new URL(localStack.postgres.url);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return server;
}

describe('a store down while the worker starts', () => {
  it('is a sub-topology waiting with backoff, named by /readyz, while the others run; it starts when the store appears', { timeout: 180_000 }, async () => {
    const id = uniqueName('storedown').replace(/[^a-z0-9_]/g, '_');
    const metricsPort = await freePort();
    const postgresPort = await freePort();
    const run = isolation(id, metricsPort);
    const url = new URL(localStack.postgres.url);
    url.host = `127.0.0.1:${postgresPort}`;
    const env = { ...run.env, POSTGRES_URL: url.toString() };
    const config = loadConfig({ ...process.env, ...env }, { stores: [] });
    const kafka = new kafkajs.Kafka({ ...config.kafka, logLevel: kafkajs.logLevel.NOTHING });
    onTestFinished(async () => {
      await cleanUp(config, kafka, [`${id}.normalize`, `${id}.actuator`]);
      const admin = new pg.Client({ connectionString: localStack.postgres.url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${id}" CASCADE`).catch(() => {});
      await admin.end();
    });
    await createTopics(config.kafka, config.topics);

    const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'switchyard-storedown-')), 'worker.log');
    const out = openSync(logFile, 'a');
    const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', path.resolve('cli/switchyard.ts'), 'worker', '--only', 'normalize,actuator'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    let exited: number | string | undefined;
    child.once('exit', (code, signal) => (exited = code ?? signal ?? 'unknown'));
    onTestFinished(() => void child.kill('SIGKILL'));
    const failuresLogged = () => readFileSync(logFile, 'utf8').split('\n').filter((line) => line.includes('"subTopology":"actuator"') && line.includes('POSTGRES_URL')).length;

    // Waiting, not exited: normalize runs; the actuator is not ready and /readyz says why, naming the variable.
    await expect
      .poll(
        async () => {
          expect(exited, readFileSync(logFile, 'utf8')).toBeUndefined();
          const answer = await readyz(metricsPort);
          const check = (name: string) => answer?.body.checks.find((c) => c.name === `sub-topology ${name}`);
          return { status: answer?.status, normalize: check('normalize')?.ready, actuator: check('actuator')?.ready, why: check('actuator')?.reason ?? '' };
        },
        { timeout: 90_000, interval: 250 },
      )
      .toMatchObject({ status: 503, normalize: true, actuator: false, why: expect.stringContaining('POSTGRES_URL') });
    // It tried again (with backoff) and is still there.
    await expect.poll(() => failuresLogged(), { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(2);
    expect(exited).toBeUndefined();

    // The store appears: the next attempt connects, migrates the ledger and runs; the worker is ready.
    await proxyToPostgres(postgresPort);
    await expect
      .poll(
        async () => {
          expect(exited, readFileSync(logFile, 'utf8')).toBeUndefined();
          return (await readyz(metricsPort))?.status;
        },
        { timeout: 90_000, interval: 250 },
      )
      .toBe(200);

    child.kill('SIGTERM');
    await expect.poll(() => exited, { timeout: 60_000, interval: 100 }).toBe(0);
  });
});
