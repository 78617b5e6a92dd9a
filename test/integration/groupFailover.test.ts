/**
 * Issue 3 on the real Kafka of the stack: two worker processes in one consumer group copy a
 * topic; one is stopped mid-stream, gracefully (SIGTERM) and once with its connection cut
 * (SIGKILL). The other takes its partitions over from the last committed offsets: every record
 * arrives, in per-key order. Duplicates are allowed (at-least-once) and counted: after a cut,
 * the victim's uncommitted work is redone; and at any rebalance (the second worker joining, or
 * leaving) kafkajs rejoins without waiting for in-flight work of revoked partitions, which the
 * old owner may still write after the new one re-reads it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { endOffsets, freshTopic, produce, readAll, waitFor } from '../support/kafka.ts';
import { uniqueName } from '../support/names.ts';
import { countsByKey, keyedEvents, KeyedStore, type KeyedEvent } from '../support/keyedStore.ts';

function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', 'test/support/relayWorker.ts'], {
    env: { ...process.env, ...env, BROKERS: localStack.kafka.brokers.join(',') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return child;
}

/** Everything copied so far, duplicates included, as a store that tells them apart. */
async function copiedSoFar(topic: string): Promise<KeyedStore> {
  const store = new KeyedStore();
  const copied = await readAll(topic, await outputCount(topic), 30_000);
  store.write(copied.map((m) => JSON.parse(String(m.value)) as KeyedEvent));
  return store;
}

async function outputCount(topic: string): Promise<number> {
  let total = 0;
  for (const end of (await endOffsets(topic)).values()) total += Number(end);
  return total;
}

describe.each([
  ['gracefully (SIGTERM)', 'SIGTERM'],
  ['with its connection cut (SIGKILL)', 'SIGKILL'],
] as const)('two workers in one group, one stopped %s', (_how, signal) => {
  it('lets the other continue from the last committed offset, losing nothing', { timeout: 120_000 }, async () => {
    const input = await freshTopic(4, 'failover-in');
    const output = await freshTopic(1, 'failover-out');
    const events = keyedEvents(12_000, 16);
    await produce(input, events.map((e) => ({ key: e.key, value: JSON.stringify(e) })));
    const env = { INPUT: input, OUTPUT: output, GROUP_ID: uniqueName('failover') };

    const survivor = startWorker(env);
    const victim = startWorker(env);
    try {
      await waitFor(async () => (await outputCount(output)) >= 3_000, 60_000, 'both workers relaying');
      victim.kill(signal);
      const [code] = (await once(victim, 'exit')) as [number | null];
      if (signal === 'SIGTERM') expect(code).toBe(0);
      // Duplicates count in the topic's offsets: wait for every distinct record, not a total.
      await waitFor(async () => (await outputCount(output)) >= events.length && (await copiedSoFar(output)).distinct === events.length, 90_000, 'the survivor to relay the rest');
    } finally {
      victim.kill('SIGKILL');
      survivor.kill('SIGTERM');
      // A worker that does not stop within its own 10 s drain bound is a failure, not a hang.
      const stopped = await Promise.race([once(survivor, 'exit').then(() => true), sleep(15_000).then(() => false)]);
      survivor.kill('SIGKILL');
      expect(stopped).toBe(true);
    }

    const store = await copiedSoFar(output);
    expect(store.distinct).toBe(events.length);
    expect(store.outOfOrder(countsByKey(events))).toEqual([]);
    console.log(`stopped ${signal}: ${store.writes} copies of ${store.distinct} records (${store.duplicates} duplicates)`);
  });
});
