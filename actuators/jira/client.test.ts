import { afterEach, describe, expect, it } from 'vitest';
import { startJiraStandIn, type JiraStandIn } from '../../test/support/jiraStandIn.ts';
import { UpstreamError } from '../errors.ts';
import { hostGate } from '../http/hostGate.ts';
import { commentDocument } from './adf.ts';
import { JiraClient } from './client.ts';

const auth = { kind: 'basic', email: 'bot@example.com', apiToken: 'jira-token-secret-123' } as const;
let jira: JiraStandIn;
afterEach(() => jira?.close());

const client = (overrides: Partial<ConstructorParameters<typeof JiraClient>[0]> = {}) =>
  new JiraClient({ baseUrl: jira.url, auth, fetch: (u, i) => fetch(u, i), secrets: [auth.apiToken], ...overrides });

describe('JiraClient against the Jira stand-in', () => {
  it('adds an ADF comment with a link to the commit, and finds it again by its marker', async () => {
    jira = await startJiraStandIn(auth);
    const issue = jira.addIssue('PROJ-1');
    const doc = commentDocument('fixed login bug\nand the logout one', { repository: 'acme/app', sha: '6113728f27ae82c7', url: 'https://github.com/acme/app/commit/6113728' });
    const { id } = await client().addComment('PROJ-1', doc, 'cmd-1');
    expect(issue.comments).toHaveLength(1);
    expect(JSON.stringify(issue.comments[0]!.body)).toContain('"href":"https://github.com/acme/app/commit/6113728"');
    expect(await client().findMarkedComment('PROJ-1', 'cmd-1')).toBe(id);
    expect(await client().findMarkedComment('PROJ-1', 'cmd-2')).toBeNull();
  });

  it('looks up transitions and performs one; reads the status', async () => {
    jira = await startJiraStandIn(auth);
    jira.addIssue('PROJ-2');
    const offered = await client().transitions('PROJ-2');
    const review = offered.find((t) => t.name === 'In Review')!;
    await client().transition('PROJ-2', review.id);
    expect(await client().status('PROJ-2')).toBe('In Review');
  });

  it('logs work with a marker', async () => {
    jira = await startJiraStandIn(auth);
    const issue = jira.addIssue('PROJ-3');
    const { id } = await client().addWorklog('PROJ-3', 5400, null, 'cmd-w');
    expect(issue.worklogs.map((w) => w.timeSpentSeconds)).toEqual([5400]);
    expect(await client().findMarkedWorklog('PROJ-3', 'cmd-w')).toBe(id);
  });

  it('classifies answers: 404, 403 and 400 permanent with status and body; 401 (the host credentials), 5xx and no answer retriable', async () => {
    jira = await startJiraStandIn(auth);
    jira.addIssue('PROJ-4');
    const error = async (work: Promise<unknown>) => work.then(() => expect.unreachable(), (e: unknown) => e as UpstreamError);

    const missing = await error(client().addComment('NOPE-1', commentDocument('x', null), 'c'));
    expect(missing).toMatchObject({ status: 404, retriable: false, applied: 'no' });
    expect(missing.message).toContain('answered 404: {"errorMessages":["Issue does not exist');

    const invalid = await error(client().addComment('PROJ-4', { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] }, 'c'));
    expect(invalid).toMatchObject({ status: 400, retriable: false });
    expect(invalid.message).toContain('Comment body is not valid');

    const unauthorized = await error(client({ auth: { kind: 'basic', email: 'bot@example.com', apiToken: 'wrong-token-456' }, secrets: ['wrong-token-456'] }).status('PROJ-4'));
    expect(unauthorized).toMatchObject({ status: 401, retriable: true, applied: 'no' });
    expect(unauthorized.message).not.toContain('wrong-token-456');

    jira.inject(1, { status: 403, body: '{"errorMessages":["You do not have permission to comment on this issue."]}' });
    expect(await error(client().status('PROJ-4'))).toMatchObject({ status: 403, retriable: false, applied: 'no' });

    jira.inject(1, { status: 503, body: '{"errorMessages":["Service Unavailable"]}' });
    expect(await error(client().status('PROJ-4'))).toMatchObject({ status: 503, retriable: true, applied: 'maybe' });

    const down = await error(client({ baseUrl: 'http://127.0.0.1:9' }).status('PROJ-4'));
    expect(down).toMatchObject({ status: null, retriable: true, applied: 'maybe' });
  });

  it('through the host gate, a 429 whose Retry-After outlasts the timeout is waited out, then the call succeeds', { timeout: 10_000 }, async () => {
    jira = await startJiraStandIn(auth);
    jira.addIssue('PROJ-5', 'In Review');
    const gate = hostGate({ name: 'jira', ratePerSecond: 10, maxConcurrent: 1, timeoutMs: 300 });
    try {
      jira.inject(1, { status: 429, headers: { 'Retry-After': '1' }, body: '{"errorMessages":["Rate limit exceeded."]}' });
      expect(await client({ fetch: gate.fetch }).status('PROJ-5')).toBe('In Review');
      expect(jira.requests.map((r) => r.status)).toEqual([429, 200]);
    } finally {
      await gate.stop();
    }
  });
});
