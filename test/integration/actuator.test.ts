/**
 * Issue 6, the actuator sub-topology on the real stack (Kafka, Schema Registry, PostgreSQL ledger)
 * against local stand-ins of Jira Cloud and Slack (test/support/jiraStandIn.ts,
 * slackStandIn.ts: the real services cannot run here; the stand-ins follow their documented
 * APIs, status codes, 429 with Retry-After and ADF validation). What the stand-ins measure is the
 * evidence: the rate they saw, the calls they got while a breaker was open, the actions done.
 */
import { describe, expect, it } from 'vitest';
import { comment, notification, transition } from '../../actuators/testing/commands.ts';
import type { JiraCommand, SlackNotification } from '../../avro/generated/types.ts';
import { actuatorHarness, type ActuatorHarness } from '../support/actuatorHarness.ts';
import { kafka, waitFor, waitForCaughtUp } from '../support/kafka.ts';

async function produceCommands(h: ActuatorHarness, jira: readonly JiraCommand[], slack: readonly SlackNotification[] = []): Promise<void> {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const jiraMessages = await Promise.all(jira.map(async (c) => ({ key: c.issueKey, value: await h.codec.encode('jira-commands', c) })));
  for (let i = 0; i < jiraMessages.length; i += 500) await producer.send({ topic: h.topics.jiraCommands, acks: -1, messages: jiraMessages.slice(i, i + 500) });
  if (slack.length > 0) {
    const messages = await Promise.all(slack.map(async (n) => ({ key: n.projectKey, value: await h.codec.encode('slack-notifications', n) })));
    await producer.send({ topic: h.topics.slackNotifications, acks: -1, messages });
  }
  await producer.disconnect();
}

describe('the actuator sub-topology against the Jira and Slack stand-ins', () => {
  it('delivers a burst of 500 commands without exceeding the configured rate, and a replay posts nothing twice', { timeout: 120_000 }, async () => {
    const h = await actuatorHarness();
    const issues = Array.from({ length: 50 }, (_, i) => `PROJ-${i + 1}`);
    issues.forEach((key) => h.jira.addIssue(key));
    const commands = Array.from({ length: 500 }, (_, n) => comment(issues[n % issues.length]!, n));
    const notifications = [notification('#proj-eng', 1), notification('#ops', 2), notification('#proj-eng', 3)];
    await produceCommands(h, commands, notifications);

    const connected = await h.connect({ SWITCHYARD_ACTUATOR_JIRA_RATE_PER_SECOND: '50', SWITCHYARD_ACTUATOR_JIRA_CONCURRENCY: '8' });
    const started = performance.now();
    const first = await h.run(connected);
    await waitFor(() => h.jira.actions() === 500 && h.slack.messages.length === 3, 60_000, '500 comments and 3 messages');
    const seconds = (performance.now() - started) / 1000;
    await first.stop({ timeoutMs: 10_000 });

    const maxPerSecond = h.jira.maxInWindow(1000);
    console.log(`burst: 500 Jira comments in ${seconds.toFixed(1)} s; most requests in any 1 s window: ${maxPerSecond} (configured 50/s)`);
    expect(maxPerSecond).toBeLessThanOrEqual(50);
    expect(maxPerSecond).toBeGreaterThan(25);
    expect([...h.jira.issues.values()].every((i) => i.comments.length === 10)).toBe(true);
    // Slack: one message per channel per second as Slack documents; the stand-in never had to refuse one.
    expect(h.slack.rateLimited()).toBe(0);
    expect(h.slack.maxInWindow(1000, (r) => r.body.includes('C0PROJENG1') || r.body.includes('proj-eng'))).toBe(1);

    // Replay: a fresh consumer group reads every command again; the ledger skips them all. The
    // duplicate count proves the replay was read, not merely that nothing happened meanwhile.
    const requestsBefore = h.jira.requests.length + h.slack.requests.length;
    const duplicates = async () => [(await h.actions('jira', 'duplicate')) - jiraBefore, (await h.actions('slack', 'duplicate')) - slackBefore];
    const [jiraBefore, slackBefore] = [await h.actions('jira', 'duplicate'), await h.actions('slack', 'duplicate')];
    const second = await h.run(await h.connect({ SWITCHYARD_ACTUATOR_JIRA_RATE_PER_SECOND: '50' }));
    await waitFor(async () => (await duplicates()).join() === '500,3', 30_000, 'the replay to skip 500 commands and 3 notifications');
    // Nothing more can come: the replay's group has committed every command and notification.
    await waitForCaughtUp([{ groupId: second.subTopologies.get('actuator')!.groupId, topics: [h.topics.jiraCommands, h.topics.slackNotifications] }]);
    await second.stop({ timeoutMs: 10_000 });
    expect(await duplicates()).toEqual([500, 3]);
    expect(h.jira.actions()).toBe(500);
    expect(h.slack.messages).toHaveLength(3);
    expect(h.jira.requests.length + h.slack.requests.length).toBe(requestsBefore);
    expect(await h.allDeadLetters()).toEqual([]);
  });

  it('honours a 429: the next request comes after Retry-After, and each command is done once', { timeout: 60_000 }, async () => {
    const h = await actuatorHarness();
    h.jira.addIssue('PROJ-1');
    h.jira.inject(1, { status: 429, headers: { 'Retry-After': '2' }, body: '{"errorMessages":["Rate limit exceeded."]}' });
    await produceCommands(h, [comment('PROJ-1', 1), transition('PROJ-1', 'in-review', 1), comment('PROJ-1', 2)]);
    const running = await h.run(await h.connect());
    await waitFor(() => h.jira.actions() === 3, 30_000, 'three actions');
    await running.stop({ timeoutMs: 10_000 });

    const [limited, next] = h.jira.requests;
    expect(limited!.status).toBe(429);
    expect(next!.at - limited!.at).toBeGreaterThanOrEqual(1_990);
    const issue = h.jira.issues.get('PROJ-1')!;
    expect(issue.comments).toHaveLength(2);
    expect(issue.transitions).toEqual(['In Review']);
    expect(h.logs.some((l) => l.message.includes('429'))).toBe(true);
  });

  it('a run of 5xx opens the breaker (the host hears nothing while it is open), then it recovers and delivers each command once', { timeout: 90_000 }, async () => {
    const h = await actuatorHarness();
    h.jira.addIssue('PROJ-1');
    h.jira.addIssue('PROJ-2');
    h.jira.inject(8, { status: 503, body: '{"errorMessages":["Service Unavailable"]}' });
    const commands = [comment('PROJ-1', 1), comment('PROJ-2', 2), comment('PROJ-1', 3), comment('PROJ-2', 4), comment('PROJ-1', 5)];
    await produceCommands(h, commands);
    const running = await h.run(
      await h.connect({
        SWITCHYARD_ACTUATOR_BATCH_MAX_RECORDS: '1',
        SWITCHYARD_ACTUATOR_RETRY_MAX_ATTEMPTS: '0',
        SWITCHYARD_ACTUATOR_RETRY_INITIAL_DELAY_MS: '20',
        SWITCHYARD_ACTUATOR_BREAKER_VOLUME_THRESHOLD: '3',
        SWITCHYARD_ACTUATOR_BREAKER_RESET_MS: '2000',
      }),
    );
    await waitFor(() => h.jira.actions() === 5, 60_000, 'five comments');
    await running.stop({ timeoutMs: 10_000 });

    const failed = h.jira.requests.filter((r) => r.status === 503).length;
    // The breaker itself (switchyard_breaker_state), not a gap that retry backoff alone could make:
    // it opened, stayed open for the reset time, and Jira heard nothing until it went half-open.
    const changes = h.breakerChanges.filter((c) => c.node === 'actuator:jira');
    const open = changes.flatMap((c, i) => (c.state === 'open' ? [{ from: c.at, to: changes[i + 1]?.at ?? Number.POSITIVE_INFINITY, next: changes[i + 1]?.state }] : []));
    console.log(`breaker: ${failed} answers 503; open ${open.length} times, for ${open.map((o) => Math.round(o.to - o.from)).join(', ')} ms (reset 2000 ms), then closed`);
    expect(failed).toBe(8);
    expect(open.length).toBeGreaterThan(0);
    for (const period of open) {
      expect(period.next).toBe('halfOpen');
      expect(period.to - period.from).toBeGreaterThanOrEqual(1_900);
      expect(h.jira.requests.filter((r) => r.at > period.from && r.at < period.to)).toEqual([]);
    }
    expect(changes.at(-1)?.state).toBe('closed');
    expect([...h.jira.issues.values()].map((i) => i.comments.length)).toEqual([3, 2]);
    expect(await h.allDeadLetters()).toEqual([]);
  });

  it('dead-letters permanent 4xx answers with their status and body; the rest are delivered', { timeout: 60_000 }, async () => {
    const h = await actuatorHarness();
    h.jira.addIssue('PROJ-1');
    await produceCommands(h, [comment('NOPE-404', 1), comment('PROJ-1', 2)], [notification('#nowhere', 3), notification('#ops', 4)]);
    const running = await h.run(await h.connect());
    const letters = await h.deadLetters(2, 30_000);
    await waitFor(() => h.jira.actions() === 1 && h.slack.messages.length === 1, 10_000, 'the valid ones');
    await running.stop({ timeoutMs: 10_000 });

    const byStage = Object.fromEntries(letters.map((l) => [l.stage, l]));
    expect(byStage['actuator:jira']).toMatchObject({ errorClass: 'UpstreamError', topic: h.topics.jiraCommands });
    expect(byStage['actuator:jira']!.errorMessage).toContain('jira POST /rest/api/3/issue/NOPE-404/comment answered 404: {"errorMessages":["Issue does not exist');
    expect(byStage['actuator:slack']!.errorMessage).toContain('slack chat.postMessage answered 200: ok:false, error channel_not_found');
    for (const letter of letters) expect(JSON.stringify(letter)).not.toContain('jira-api-token-standin');
  });
});
