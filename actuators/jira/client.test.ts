import { afterEach, describe, expect, it } from 'vitest';
import { startJiraStandIn, type JiraStandIn } from '../../test/support/jiraStandIn.ts';
import { UpstreamError } from '../errors.ts';
import { commentDocument } from './adf.ts';
import { JiraClient } from './client.ts';

const auth = { kind: 'basic', email: 'bot@example.com', apiToken: 'jira-token-secret-123' } as const;
let jira: JiraStandIn;
afterEach(() => jira?.close());

const client = (overrides: Partial<ConstructorParameters<typeof JiraClient>[0]> = {}) =>
  new JiraClient({ baseUrl: jira.url, auth, fetch: (u, i) => fetch(u, i), timeoutMs: 5_000, secrets: [auth.apiToken], ...overrides });

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

  it('classifies answers: 404 and 400 permanent with status and body, 401 permanent, 5xx and no answer retriable', async () => {
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
    expect(unauthorized).toMatchObject({ status: 401, retriable: false });
    expect(unauthorized.message).not.toContain('wrong-token-456');

    jira.inject(1, { status: 503, body: '{"errorMessages":["Service Unavailable"]}' });
    expect(await error(client().status('PROJ-4'))).toMatchObject({ status: 503, retriable: true, applied: 'maybe' });

    const down = await error(client({ baseUrl: 'http://127.0.0.1:9' }).status('PROJ-4'));
    expect(down).toMatchObject({ status: null, retriable: true, applied: 'maybe' });
  });
});
