/**
 * Issue 4: a crash between consume and produce leaves no duplicate normalized event. A worker
 * running normalize exactly once is killed (SIGKILL) mid-stream and started again with the same
 * transactional id; a read_committed reader of the events topic then sees every event once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createCodec } from '../../avro/codec.ts';
import type { EngEvent } from '../../avro/generated/types.ts';
import { registerSchemas } from '../../avro/registration.ts';
import { localStack } from '../../config/endpoints.ts';
import type { NormalizeTopics } from '../../topology/normalize.ts';
import { endOffsets, freshNormalizeTopics, kafka, readAll, readToEnd, waitFor, waitForCaughtUp } from '../support/kafka.ts';
import { uniqueName } from '../support/names.ts';
import { schemaRegistry } from '../support/registry.ts';

const PUSHES = 6_000;
/** Each push normalizes to its one commit's commit.pushed and the push's ref.pushed. */
const EVENTS = PUSHES * 2;

function push(i: number) {
  const sha = i.toString(16).padStart(40, '0');
  return {
    ref: 'refs/heads/main',
    before: '0'.repeat(40),
    after: sha,
    created: false,
    deleted: false,
    forced: false,
    compare: 'https://github.com/octo/hello/compare',
    repository: { id: 1, full_name: 'octo/hello', name: 'hello', owner: { login: 'octo', id: 1 } },
    sender: { login: 'octocat', id: 2 },
    pusher: { name: 'octocat', email: 'octo@example.com' },
    commits: [
      {
        id: sha,
        tree_id: sha,
        distinct: true,
        message: `PROJ-${i} change number ${i}`,
        timestamp: '2026-11-25T09:00:00Z',
        url: `https://github.com/octo/hello/commit/${sha}`,
        author: { name: 'Octo', email: 'octo@example.com', username: 'octocat' },
        committer: { name: 'Octo', email: 'octo@example.com', username: 'octocat' },
        added: [],
        removed: [],
        modified: ['a.ts'],
      },
    ],
  };
}

function startWorker(topics: NormalizeTopics, groupId: string, transactionalId: string): ChildProcess {
  return spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', 'test/support/normalizeWorker.ts'], {
    env: { ...process.env, NORMALIZE_TOPICS: JSON.stringify(topics), GROUP_ID: groupId, TRANSACTIONAL_ID: transactionalId, BROKERS: localStack.kafka.brokers.join(',') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

describe('normalize, exactly once, through a crash', () => {
  it('leaves no duplicate normalized event after SIGKILL and restart', { timeout: 180_000 }, async () => {
    const registry = schemaRegistry();
    await registerSchemas(registry);
    const codec = createCodec(registry);
    const topics = await freshNormalizeTopics();
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const messages = await Promise.all(
      Array.from({ length: PUSHES }, async (_, i) => ({
        key: 'octo/hello',
        value: await codec.encode('github-events', { source: 'github', eventName: 'push', deliveryId: `d-${i}`, receivedAt: 0, headers: {}, body: JSON.stringify(push(i)) }),
      })),
    );
    for (let i = 0; i < messages.length; i += 500) await producer.send({ topic: topics.raw['github-events']!, acks: -1, messages: messages.slice(i, i + 500) });
    await producer.disconnect();

    const groupId = uniqueName('normalize-crash');
    const transactionalId = uniqueName('normalize-crash-tx');
    const written = async () => [...(await endOffsets(topics.events)).values()].reduce((sum, end) => sum + Number(end), 0);

    const victim = startWorker(topics, groupId, transactionalId);
    await waitFor(async () => (await written()) >= 200, 60_000, 'the first worker to write some events');
    victim.kill('SIGKILL');
    await once(victim, 'exit');
    const beforeRestart = await written();

    const survivor = startWorker(topics, groupId, transactionalId);
    try {
      const reader = await readAll(topics.events, EVENTS, 120_000);
      // Nothing more can come: the survivor has committed every push, and its events with them.
      await waitForCaughtUp([{ groupId, topics: Object.values(topics.raw) }], 60_000);
      const events = await Promise.all((await readToEnd(topics.events)).map(async (m) => (await codec.decode('eng.events.v1', m.value!)).value as EngEvent));
      const ids = events.map((e) => e.eventId);
      const inLog = (await readToEnd(topics.events, { uncommitted: true })).length;
      expect(reader.length).toBeGreaterThanOrEqual(EVENTS);
      expect(new Set(ids).size).toBe(EVENTS);
      expect(ids).toHaveLength(EVENTS);
      console.log(`crash: killed after ${beforeRestart} log entries on the events topic; ${inLog} events in the log (aborted ones included), ${ids.length} committed, ${new Set(ids).size} distinct`);
    } finally {
      survivor.kill('SIGTERM');
      const stopped = await Promise.race([once(survivor, 'exit').then(() => true), sleep(15_000).then(() => false)]);
      survivor.kill('SIGKILL');
      expect(stopped).toBe(true);
    }
  });
});
