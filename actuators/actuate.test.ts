import { afterEach, describe, expect, it } from 'vitest';
import { startJiraStandIn, type JiraStandIn } from '../test/support/jiraStandIn.ts';
import { act, actuator, jiraPerformer, slackPerformer } from './actuate.ts';
import { UpstreamError } from './errors.ts';
import { JiraClient } from './jira/client.ts';
import { memoryLedger } from './ledger.ts';
import { comment, notification, transition, worklog } from './testing/commands.ts';
import { slackPoster } from './slack/poster.ts';
import { startSlackStandIn } from '../test/support/slackStandIn.ts';

const auth = { kind: 'basic', email: 'bot@example.com', apiToken: 'jira-token-secret-123' } as const;
let jira: JiraStandIn;
afterEach(() => jira?.close());

const setup = async () => {
  jira = await startJiraStandIn(auth);
  const client = new JiraClient({ baseUrl: jira.url, auth, fetch: (u, i) => fetch(u, i), secrets: [] });
  const ledger = memoryLedger();
  const noSlack = { mode: 'dry-run' as const, perform: async () => ({ outcome: 'performed' as const, result: null }) };
  return { client, ledger, actuator: actuator(ledger, { mode: 'live', perform: jiraPerformer(client) }, noSlack) };
};

describe('act: at most once per command id', () => {
  it('performs a command once; a replay is a duplicate and sends nothing', async () => {
    const { actuator: a } = await setup();
    const issue = jira.addIssue('PROJ-1');
    expect(await a.jira(comment('PROJ-1'))).toBe('performed');
    expect(await a.jira(transition('PROJ-1', 'in-review'))).toBe('performed');
    const requests = jira.requests.length;
    expect(await a.jira(comment('PROJ-1'))).toBe('duplicate');
    expect(await a.jira(transition('PROJ-1', 'in-review'))).toBe('duplicate');
    expect(jira.requests.length).toBe(requests);
    expect(issue.comments).toHaveLength(1);
    expect(issue.transitions).toEqual(['In Review']);
  });

  it('after a crash between the call and the record, finds the comment, worklog and transition instead of repeating them', async () => {
    const { client, ledger } = await setup();
    const issue = jira.addIssue('PROJ-2');
    const c = comment('PROJ-2');
    const w = worklog('PROJ-2', 3600);
    const t = transition('PROJ-2', 'In_Review');
    // The first attempts reach Jira, then "crash" before recording done.
    for (const command of [c, w, t]) {
      await ledger.claim(command.commandId, 'jira');
      await jiraPerformer(client)(command, { uncertain: false, detail: null, note: (d) => ledger.note(command.commandId, d) });
    }
    const perform = jiraPerformer(client);
    for (const command of [c, w, t]) expect(await act(ledger, command.commandId, 'jira', (attempt) => perform(command, attempt))).toBe('found-done');
    expect(issue.comments).toHaveLength(1);
    expect(issue.worklogs).toHaveLength(1);
    expect(issue.transitions).toEqual(['In Review']);
  });

  it('an uncertain claim that never reached Jira is performed', async () => {
    const { client, ledger } = await setup();
    const issue = jira.addIssue('PROJ-3');
    const c = comment('PROJ-3');
    await ledger.claim(c.commandId, 'jira');
    expect(await act(ledger, c.commandId, 'jira', (attempt) => jiraPerformer(client)(c, attempt))).toBe('performed');
    expect(issue.comments).toHaveLength(1);
  });

  it('a rejection releases the claim; a 5xx keeps it so the retry checks first', async () => {
    const { client, ledger } = await setup();
    jira.addIssue('PROJ-4');
    const missing = transition('PROJ-4', 'Nonexistent');
    await expect(act(ledger, missing.commandId, 'jira', (a) => jiraPerformer(client)(missing, a))).rejects.toThrow(/no transition named "Nonexistent" from status "To Do"; offered: "In Progress"/);
    expect(ledger.rows.has(missing.commandId)).toBe(false);

    const c = comment('PROJ-4');
    jira.inject(1, { status: 502, body: 'Bad Gateway' });
    await expect(act(ledger, c.commandId, 'jira', (a) => jiraPerformer(client)(c, a))).rejects.toBeInstanceOf(UpstreamError);
    expect(ledger.rows.get(c.commandId)?.done).toBeNull();
    expect(await act(ledger, c.commandId, 'jira', (a) => jiraPerformer(client)(c, a))).toBe('performed');
    expect(jira.requests.some((r) => r.method === 'GET' && r.path.includes('/comment?'))).toBe(true);
  });

  it('a failed check of an uncertain claim keeps the claim, so the next attempt checks again instead of repeating', async () => {
    const { client, ledger } = await setup();
    const issue = jira.addIssue('PROJ-6');
    const c = comment('PROJ-6');
    const t = transition('PROJ-6', 'in-review');
    for (const command of [c, t]) {
      await ledger.claim(command.commandId, 'jira');
      await jiraPerformer(client)(command, { uncertain: false, detail: null, note: (d) => ledger.note(command.commandId, d) });
    }
    // The read-backs are refused: a 429 past the gate's waits, a 404 while Jira's index catches up.
    jira.inject(1, { status: 429, headers: { 'Retry-After': '1' }, body: '{"errorMessages":["Rate limit exceeded."]}' });
    await expect(act(ledger, c.commandId, 'jira', (a) => jiraPerformer(client)(c, a))).rejects.toMatchObject({ retriable: true, applied: 'maybe', message: expect.stringContaining('checking an earlier attempt') });
    jira.inject(1, { status: 404, body: '{"errorMessages":["Issue does not exist or you do not have permission to see it."]}' });
    await expect(act(ledger, t.commandId, 'jira', (a) => jiraPerformer(client)(t, a))).rejects.toMatchObject({ retriable: true, applied: 'maybe' });
    expect(ledger.rows.get(c.commandId)?.done).toBeNull();
    expect(ledger.rows.get(t.commandId)?.done).toBeNull();

    expect(await act(ledger, c.commandId, 'jira', (a) => jiraPerformer(client)(c, a))).toBe('found-done');
    expect(await act(ledger, t.commandId, 'jira', (a) => jiraPerformer(client)(t, a))).toBe('found-done');
    expect(issue.comments).toHaveLength(1);
    expect(issue.transitions).toEqual(['In Review']);
  });

  it('a transition to the status the issue is already in is done, not an error', async () => {
    const { actuator: a } = await setup();
    const issue = jira.addIssue('PROJ-5', 'In Review');
    expect(await a.jira(transition('PROJ-5', 'in-review'))).toBe('found-done');
    expect(issue.transitions).toEqual([]);
  });

  it('a Slack message whose outcome is unknown is found by its metadata rather than posted again', async () => {
    const slack = await startSlackStandIn({ botToken: 'xoxb-1-2-standIn', channels: { '#proj-eng': 'C0PROJENG1' }, channelIntervalMs: 0 });
    try {
      const poster = slackPoster({ via: 'bot', botToken: 'xoxb-1-2-standIn', webhookUrl: null, apiUrl: `${slack.url}/api/`, fetch: (u, i) => fetch(u, i), secrets: [] });
      const ledger = memoryLedger();
      const n = notification('C0PROJENG1', 7);
      await ledger.claim(n.notificationId, 'slack');
      await poster.post(n);
      // A history read that fails is no answer about the earlier post: the claim stays, nothing is posted.
      slack.inject(1, { status: 200, body: '{"ok":false,"error":"missing_scope"}' });
      await expect(act(ledger, n.notificationId, 'slack', (a) => slackPerformer(poster)(n, a))).rejects.toMatchObject({ retriable: true, applied: 'maybe' });
      expect(ledger.rows.get(n.notificationId)?.done).toBeNull();
      expect(await act(ledger, n.notificationId, 'slack', (a) => slackPerformer(poster)(n, a))).toBe('found-done');
      expect(slack.messages).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });
});
