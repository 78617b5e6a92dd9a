/**
 * Issue 4 on the real stack: raw webhooks produced to the raw topics (Avro, and plain JSON as a
 * gateway without Avro sends them) come back as Avro on the events topic, as commands on the
 * Jira and Slack topics, and as dead letters with a reason; skipped events go nowhere. Then a
 * second run of the same group, given one new webhook, adds its event and nothing else: exactly
 * once. Skips and dead letters are counted in the metrics registry.
 */
import { describe, expect, it } from 'vitest';
import { createCodec } from '../../avro/codec.ts';
import type { EngEvent, JiraCommand, SlackNotification } from '../../avro/generated/types.ts';
import { registerSchemas } from '../../avro/registration.ts';
import { deadLettered, eventsSkipped } from '../../metrics/registry.ts';
import { prometheusInstrumentation } from '../../metrics/topology.ts';
import { kafkajsPort, runTopology, TopologyBuilder } from '../../operators/index.ts';
import { localStack } from '../../config/endpoints.ts';
import { parseChannelMap } from '../../topology/derive/slackNotifications.ts';
import { NORMALIZE_OUTPUT_TOPICS, normalizeSubTopology } from '../../topology/normalize.ts';
import { freshNormalizeTopics, kafka, readAll, readToEnd, waitFor, waitForCaughtUp, waitForMember } from '../support/kafka.ts';
import { schemaRegistry } from '../support/registry.ts';
import { uniqueName } from '../support/names.ts';
import { fixture, webhook } from '../support/webhooks.ts';


function pushMentioningProj123(): Record<string, unknown> {
  const body = fixture('github/fixtures/push/payload.json');
  const sha = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
  return {
    ...body,
    ref: 'refs/heads/main',
    deleted: false,
    created: true,
    commits: [
      {
        id: sha,
        tree_id: '31b122c26a97cf9af023e9ddab94a82c6e77b0ea',
        distinct: true,
        message: 'PROJ-123 #comment fixed login bug #in-review',
        timestamp: '2026-11-25T09:59:00Z',
        url: `https://github.com/Codertocat/Hello-World/commit/${sha}`,
        author: { name: 'Codertocat', email: 'octo@example.com', username: 'Codertocat' },
        committer: { name: 'Codertocat', email: 'octo@example.com', username: 'Codertocat' },
        added: [],
        removed: [],
        modified: ['src/login.ts'],
      },
    ],
  };
}

describe('the normalize sub-topology on the real stack', () => {
  it('turns raw webhooks into events, Jira commands, Slack notifications and dead letters, exactly once', { timeout: 120_000 }, async () => {
    const registry = schemaRegistry();
    await registerSchemas(registry);
    const codec = createCodec(registry);
    await codec.prepare(NORMALIZE_OUTPUT_TOPICS);

    const topics = await freshNormalizeTopics();

    const blocked = fixture('jira/fixtures/jira-issue_updated.status.json');
    const inputs = [
      { topic: topics.raw['github-events']!, key: 'Codertocat/Hello-World', value: await codec.encode('github-events', webhook('github', 'push', pushMentioningProj123(), 'd-push')) },
      { topic: topics.raw['github-events']!, key: 'Codertocat/Hello-World', value: await codec.encode('github-events', webhook('github', 'ping', fixture('github/fixtures/ping/payload.json'), 'd-ping')) },
      { topic: topics.raw['github-events']!, key: 'Codertocat/Hello-World', value: await codec.encode('github-events', webhook('github', 'pull_request', { action: 'opened', pull_request: {} }, 'd-bad')) },
      // A gateway without Avro: the envelope as plain JSON, the body as the webhook's own JSON.
      { topic: topics.raw['jira-events']!, key: 'PROJ', value: Buffer.from(JSON.stringify({ ...webhook('jira', 'jira:issue_updated', blocked, 'd-jira'), body: blocked })) },
      { topic: topics.raw['notion-events']!, key: 'ws', value: Buffer.from('not json, not avro') },
    ];
    const send = async (messages: typeof inputs) => {
      const producer = kafka.producer({ idempotent: true });
      await producer.connect();
      for (const { topic, key, value } of messages) await producer.send({ topic, acks: -1, messages: [{ key, value }] });
      await producer.disconnect();
    };
    await send(inputs);

    const counted = async (metric: typeof eventsSkipped | typeof deadLettered, labels: Record<string, string>) =>
      (await metric.get()).values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k as never] === l)).reduce((sum, v) => sum + v.value, 0);
    const groupId = uniqueName('normalize');
    const run = async () => {
      const topology = new TopologyBuilder()
        .subTopology(
          'normalize',
          normalizeSubTopology({
            codec,
            channels: parseChannelMap('PROJ=#proj-eng', undefined),
            topics,
            groupId,
            exactlyOnce: { transactionalId: uniqueName('normalize-tx') },
          }),
        )
        .build();
      return runTopology(topology, { kafka: kafkajsPort(kafka), commitIntervalMs: 200, instrumentation: prometheusInstrumentation() });
    };

    const first = await run();
    // Committed to the end of every raw topic: every input was handled, its outputs committed with it.
    await waitForCaughtUp([{ groupId, topics: Object.values(topics.raw) }]);
    await waitFor(async () => (await counted(eventsSkipped, { source: 'github' })) === 1, 10_000, 'the ping to be counted as skipped');
    await first.stop({ timeoutMs: 10_000 });

    const decode = async <T>(topic: Parameters<typeof codec.decode>[0], value: Buffer | null) => (await codec.decode(topic, value!)).value as T;
    // The run stopped after committing its last transaction: each topic read to its end holds all it wrote.
    const events = await Promise.all((await readToEnd(topics.events)).map((m) => decode<EngEvent>('eng.events.v1', m.value)));
    const commands = await Promise.all((await readToEnd(topics.jiraCommands)).map((m) => decode<JiraCommand>('jira-commands', m.value)));
    const notifications = await Promise.all((await readToEnd(topics.slackNotifications)).map((m) => decode<SlackNotification>('slack-notifications', m.value)));
    const letters = await Promise.all((await readToEnd(topics.deadLetters)).map((m) => decode<{ stage: string; errorClass: string; errorPath: string | null; topic: string }>('switchyard.dlq', m.value)));

    expect(events.map((e) => e.type).sort()).toEqual(['commit.pushed', 'issue.updated', 'ref.pushed']);
    expect(commands.map((c) => [c.type, c.issueKey])).toEqual([
      ['jira.comment.add', 'PROJ-123'],
      ['jira.issue.transition', 'PROJ-123'],
    ]);
    expect(commands[0]).toMatchObject({ action: { body: 'fixed login bug' } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ channel: '#proj-eng', projectKey: 'PROJ' });
    expect(letters.map((l) => [l.topic, l.stage, l.errorClass, l.errorPath]).sort()).toEqual([
      [topics.raw['github-events'], 'normalize', 'InvalidPayloadError', '$.repository'],
      [topics.raw['notion-events'], 'normalize', 'MalformedBytesError', null],
    ]);
    expect(await counted(deadLettered, { stage: 'normalize', error_class: 'InvalidPayloadError' })).toBe(1);
    expect(await counted(deadLettered, { stage: 'normalize', error_class: 'MalformedBytesError' })).toBe(1);

    // The same group again: everything was committed with its outputs, so nothing is redone.
    // A new webhook behind the old ones on their partition shows the second run reading: once
    // its event is on the events topic, whatever the run redid before it is there too.
    const second = await run();
    await waitForMember(groupId);
    const opened = fixture('github/fixtures/pull_request/opened.payload.json');
    await send([{ topic: topics.raw['github-events']!, key: 'Codertocat/Hello-World', value: await codec.encode('github-events', webhook('github', 'pull_request', opened, 'd-pr')) }]);
    const afterSecond = await readAll(topics.events, 4, 30_000);
    expect(await Promise.all(afterSecond.map(async (m) => (await decode<EngEvent>('eng.events.v1', m.value)).type))).toContain('pull_request.opened');
    await second.stop({ timeoutMs: 10_000 });
    const eventsNow = await Promise.all((await readToEnd(topics.events)).map((m) => decode<EngEvent>('eng.events.v1', m.value)));
    expect(eventsNow.map((e) => e.type).sort()).toEqual(['commit.pushed', 'issue.updated', 'pull_request.opened', 'ref.pushed']);
    expect(await readToEnd(topics.jiraCommands)).toHaveLength(2);
    expect(await readToEnd(topics.slackNotifications)).toHaveLength(1);
    expect(await readToEnd(topics.deadLetters)).toHaveLength(2);
    expect(await counted(eventsSkipped, { source: 'github', event: 'ping' })).toBe(1);
  });
});
