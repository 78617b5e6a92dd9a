/**
 * A ClickHouse server of a test's own (same binary and config as the stack's, its own data
 * directory and free ports), for tests that must stop the store without disturbing the others
 * running beside them. Killed and its data deleted when the test that started it finishes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { onTestFinished } from 'vitest';
import { clickhouseServerArgs, clickhouseServerBinary } from '../../scripts/stack/services/clickhouse.ts';
import { freePort } from '../../chaos/isolation.ts';

export interface PrivateClickHouse {
  readonly url: string;
  /** Stop the server (SIGTERM) and wait until it is gone. */
  stop(): Promise<void>;
  /** Start it again on the same data and port, and wait until it answers. */
  start(): Promise<void>;
}

export async function privateClickHouse(): Promise<PrivateClickHouse> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-clickhouse-'));
  const [httpPort, tcpPort, interserverPort] = [await freePort(), await freePort(), await freePort()];
  const url = `http://127.0.0.1:${httpPort}`;
  const args = clickhouseServerArgs({ dataDir, httpPort, tcpPort, interserverPort, logPrefix: path.join(dataDir, 'clickhouse') });
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn(clickhouseServerBinary, args, { stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const answered = await fetch(`${url}/ping`).then((r) => r.ok, () => false);
      if (answered) return;
      if (Date.now() > deadline) throw new Error(`the private ClickHouse did not answer on ${url}`);
      await sleep(100);
    }
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000).then(() => running.kill('SIGKILL'))]);
  };
  // Registered on the test that asked for the server: an afterAll registered from inside a
  // running test is never called, and left a server behind after every run.
  onTestFinished(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await start();
  return { url, stop, start };
}
