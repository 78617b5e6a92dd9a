/**
 * A Kafka broker of a test's own (the stack's jars and server.properties template, its own data
 * directory and free ports), for tests that must stop or kill Kafka without disturbing the
 * others sharing the stack's broker. Killed and its data deleted when the test that started it
 * finishes.
 *
 * The data survives stop()/kill() and start(): what an acks=-1 producer was told is written is
 * there after the restart, as on the stack's broker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import { onTestFinished } from 'vitest';
import { formatKafkaStorage, kafkaServerCommand, type KafkaNode, writeKafkaProperties } from '../../scripts/stack/services/kafka.ts';
import { freePort } from '../../chaos/isolation.ts';

const { Kafka, logLevel } = kafkajs;

/** A test broker holds a few small topics; half the stack's heap is plenty and leaves the shared cores' memory alone. */
const HEAP = { initial: '128m', max: '256m' } as const;
/** JVM start plus KRaft recovery; after a kill the node also waits out its old broker session (4 s, see the template). */
const START_TIMEOUT_MS = 60_000;
/** SIGTERM runs a controlled shutdown; past this the broker is killed. */
const STOP_GRACE_MS = 15_000;

export interface PrivateKafka {
  /** `127.0.0.1:<port>`, the address the broker advertises. */
  readonly brokers: string[];
  /** Kill the broker (SIGKILL, no controlled shutdown) and wait until it is gone. */
  kill(): Promise<void>;
  /** Stop the broker (SIGTERM), wait until it is gone; SIGKILL after 15 s. */
  stop(): Promise<void>;
  /** Start it again on the same data and ports, and wait until it answers describeCluster with itself registered. */
  start(): Promise<void>;
}

/** Whether the broker answers a metadata request and lists itself (it is registered and unfenced). */
async function answers(brokers: string[]): Promise<boolean> {
  const admin = new Kafka({ clientId: 'switchyard-private-kafka-probe', brokers, connectionTimeout: 1_000, retry: { retries: 0 }, logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function logTail(logDir: string, lines = 20): string {
  try {
    return readFileSync(path.join(logDir, 'server.log'), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server.log)';
  }
}

export async function privateKafka(): Promise<PrivateKafka> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-kafka-'));
  const node: KafkaNode = { dataDir: path.join(dir, 'data'), logDir: path.join(dir, 'logs'), port: await freePort(), controllerPort: await freePort() };
  const brokers = [`127.0.0.1:${node.port}`];
  let child: ChildProcess | undefined;

  // A worker that dies mid-test never runs onTestFinished; without this its JVM outlives the run.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  /** Send the signal and wait for the exit; a broker still running after `graceMs` is killed. */
  const exit = async (signal: 'SIGTERM' | 'SIGKILL', graceMs?: number) => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    const escalate = graceMs === undefined ? undefined : setTimeout(() => running.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(escalate);
  };
  const kill = () => exit('SIGKILL');
  const stop = () => exit('SIGTERM', STOP_GRACE_MS);

  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null) throw new Error(`the private Kafka on ${brokers[0]} is already running`);
    const { command, args } = kafkaServerCommand(node, HEAP);
    const started = spawn(command, args, { stdio: 'ignore' });
    child = started;
    let failed: Error | undefined;
    started.once('error', (error) => (failed = error));
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (await answers(brokers)) return;
      if (failed || started.exitCode !== null || started.signalCode !== null) {
        throw new Error(`the private Kafka on ${brokers[0]} exited while starting (${failed?.message ?? started.exitCode ?? started.signalCode}). Last lines of ${node.logDir}/server.log:\n${logTail(node.logDir)}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`the private Kafka did not answer on ${brokers[0]} within ${START_TIMEOUT_MS / 1000} s. Last lines of ${node.logDir}/server.log:\n${logTail(node.logDir)}`);
      }
      await sleep(200);
    }
  };

  // Registered on the test that asked for the broker: an afterAll registered from inside a
  // running test is never called.
  onTestFinished(async () => {
    await kill();
    process.off('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
  });
  writeKafkaProperties(node);
  formatKafkaStorage(node);
  await start();
  return { brokers, kill, stop, start };
}
