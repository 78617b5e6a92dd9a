/**
 * Issue 6 end to end on the real stack: webhooks on fresh raw topics → normalize → jira-commands
 * and slack-notifications → the actuator → the Jira and Slack stand-ins (Jira Cloud and Slack
 * cannot run here; the stand-ins follow their documented APIs). The guide's two upstream
 * examples, each exactly once, and still once after both sub-topologies replay everything in
 * fresh consumer groups.
 */
import { describe, expect, it } from 'vitest';
import type { RunningTopology } from '../../operators/index.ts';
import { parseChannelMap } from '../../topology/derive/slackNotifications.ts';
import { NORMALIZE_OUTPUT_TOPICS, normalizeSubTopology } from '../../topology/normalize.ts';
import { actuatorHarness } from '../support/actuatorHarness.ts';
import { freshNormalizeTopics, kafka, type ReadingGroup, waitFor, waitForCaughtUp } from '../support/kafka.ts';
import { uniqueName } from '../support/names.ts';
import { fixture, webhook } from '../support/webhooks.ts';


/** The push fixture with one commit whose message is the guide's Smart Commit. */
function pushOf(message: string): Record<string, unknown> {
  const sha = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
  const person = { name: 'Codertocat', email: 'octo@example.com', username: 'Codertocat' };
  return {
    ...fixture('github/fixtures/push/payload.json'),
    ref: 'refs/heads/main',
    deleted: false,
    created: true,
    commits: [{ id: sha, tree_id: '31b122c26a97cf9af023e9ddab94a82c6e77b0ea', distinct: true, message, timestamp: '2026-11-25T09:59:00Z', url: `https://github.com/Codertocat/Hello-World/commit/${sha}`, author: person, committer: person, added: [], removed: [], modified: ['src/login.ts'] }],
  };
}

describe('push and Jira webhooks to Jira and Slack, end to end', () => {
  it('PROJ-123 #comment … #in-review gives one comment and one transition; a High issue moved to Blocked gives one Slack message; a replay adds nothing', { timeout: 180_000 }, async () => {
    const normalizeTopics = await freshNormalizeTopics();
    const h = await actuatorHarness({ jiraCommands: normalizeTopics.jiraCommands, slackNotifications: normalizeTopics.slackNotifications, deadLetters: normalizeTopics.deadLetters });
    await h.codec.prepare(NORMALIZE_OUTPUT_TOPICS);
    const proj123 = h.jira.addIssue('PROJ-123', 'In Progress');

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic: normalizeTopics.raw['github-events']!, acks: -1, messages: [{ key: 'Codertocat/Hello-World', value: await h.codec.encode('github-events', webhook('github', 'push', pushOf('PROJ-123 #comment fixed login bug #in-review'), 'd-push')) }] });
    await producer.send({ topic: normalizeTopics.raw['jira-events']!, acks: -1, messages: [{ key: 'PROJ', value: await h.codec.encode('jira-events', webhook('jira', 'jira:issue_updated', fixture('jira/fixtures/jira-issue_updated.status.json'), 'd-jira')) }] });
    await producer.disconnect();

    const both = async () =>
      h.run(await h.connect(), (builder) =>
        builder.subTopology('normalize', normalizeSubTopology({ codec: h.codec, channels: parseChannelMap('PROJ=#proj-eng', undefined), topics: normalizeTopics, groupId: uniqueName('normalize') })),
      );
    // Upstream first: once normalize has committed every webhook, the commands it derived are all on their topics.
    const groupsOf = (run: RunningTopology): ReadingGroup[] => [
      { groupId: run.subTopologies.get('normalize')!.groupId, topics: Object.values(normalizeTopics.raw) },
      { groupId: run.subTopologies.get('actuator')!.groupId, topics: [normalizeTopics.jiraCommands, normalizeTopics.slackNotifications] },
    ];

    const first = await both();
    await waitFor(() => proj123.comments.length === 1 && proj123.transitions.length === 1 && h.slack.messages.length === 1, 60_000, 'the comment, the transition and the Slack message');
    // Nothing more can come: normalize has committed every webhook, then the actuator every command it derived.
    await waitForCaughtUp(groupsOf(first));
    await first.stop({ timeoutMs: 10_000 });

    const assertOnce = () => {
      expect(proj123.comments).toHaveLength(1);
      expect(JSON.stringify(proj123.comments[0]!.body)).toContain('fixed login bug');
      expect(JSON.stringify(proj123.comments[0]!.body)).toContain('https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246');
      expect(proj123.transitions).toEqual(['In Review']);
      expect(proj123.status).toBe('In Review');
      expect(h.slack.messages).toHaveLength(1);
      expect(h.slack.messages[0]).toMatchObject({ channel: 'C0PROJENG1', via: 'bot' });
      expect(h.slack.messages[0]!.text).toContain('PROJ-456');
      expect(h.jira.actions()).toBe(2);
    };
    assertOnce();

    // Replay: both sub-topologies in fresh groups re-read everything from the start. The actuator
    // reads the first run's commands and the ones normalize derives again, and skips each as a
    // duplicate: the count proves the replay was read, not merely that nothing happened meanwhile.
    const counts = async () => ({
      jira: await h.actions('jira', 'duplicate'),
      slack: await h.actions('slack', 'duplicate'),
      acted: (await Promise.all((['performed', 'found-done'] as const).flatMap((o) => [h.actions('jira', o), h.actions('slack', o)]))).reduce((a, b) => a + b, 0),
    });
    const before = await counts();
    const delta = async () => {
      const now = await counts();
      return { jira: now.jira - before.jira, slack: now.slack - before.slack, acted: now.acted - before.acted };
    };
    const second = await both();
    await waitFor(async () => {
      const { jira, slack } = await delta();
      return jira === 4 && slack === 2;
    }, 60_000, 'the replay to skip 2 + 2 Jira commands and 1 + 1 Slack notifications');
    await waitForCaughtUp(groupsOf(second));
    await second.stop({ timeoutMs: 10_000 });
    expect(await delta()).toEqual({ jira: 4, slack: 2, acted: 0 });
    assertOnce();
    expect(await h.allDeadLetters()).toEqual([]);
  });
});
