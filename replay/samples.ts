/**
 * The sample webhooks `npm start` replays once, so a fresh stack has something in every store
 * and both upstream examples of the guide happen: a small realistic set across the four sources,
 * made from the real fixtures in `topology/<source>/fixtures/` (read, not copied: a fixture
 * fixed there is fixed here).
 *
 * | source        | event                          | what it is                                                   |
 * | ------------- | ------------------------------ | ------------------------------------------------------------ |
 * | github        | push                           | a commit `PROJ-123 #comment fixed login bug #in-review` → a Jira comment and a transition |
 * | github        | pull_request opened            | Codertocat's pull request #2                                 |
 * | github        | pull_request_review submitted  | a review of it                                               |
 * | github        | pull_request closed            | merged (the fixture closes it unmerged; merged here)         |
 * | github        | deployment, deployment_status  | a production deployment and its success                      |
 * | github        | workflow_run completed         | a CI run                                                     |
 * | jira          | jira:issue_created             | PROJ-456                                                     |
 * | jira          | jira:issue_updated             | PROJ-456 assigned                                            |
 * | jira          | jira:issue_updated             | PROJ-456 (High) In Progress → Blocked → a Slack notification |
 * | jira          | comment_created                | a comment on PROJ-456                                        |
 * | jira          | sprint_closed                  | PROJ Sprint 12                                               |
 * | notion        | page.created, page.content_updated | a page created, then edited                              |
 * | prometheus    | query_result                   | `up` as a vector and as a matrix (eight samples)             |
 * | alertmanager  | alerts                         | HighErrorRate firing on checkout, then resolved              |
 *
 * Delivery ids are `sample-<n>` (n its place in the list), received a second apart from 2026-01-05T09:00Z.
 */
import type { RawWebhook } from '../avro/generated/types.ts';
import { fixture, type JsonObject } from './fixtures.ts';
import { gatewayHeaders } from './webhook.ts';

/** The Smart Commit of the guide's "GitHub commit → Jira update" example. */
export const SAMPLE_COMMIT_MESSAGE = 'PROJ-123 #comment fixed login bug #in-review';

const RECEIVED_AT = Date.parse('2026-01-05T09:00:00Z');

function pushMentioningProj123(): JsonObject {
  const body = fixture('github', 'push/payload.json');
  const sha = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
  const person = { name: 'Codertocat', email: '21031067+Codertocat@users.noreply.github.com', username: 'Codertocat' };
  const commit = {
    id: sha,
    tree_id: '31b122c26a97cf9af023e9ddab94a82c6e77b0ea',
    distinct: true,
    message: SAMPLE_COMMIT_MESSAGE,
    timestamp: '2019-05-15T15:20:30Z',
    url: `https://github.com/Codertocat/Hello-World/commit/${sha}`,
    author: person,
    committer: person,
    added: [],
    removed: [],
    modified: ['src/login.ts'],
  };
  return { ...body, ref: 'refs/heads/main', before: '0000000000000000000000000000000000000000', after: sha, created: true, deleted: false, commits: [commit], head_commit: commit };
}

function mergedPullRequest(): JsonObject {
  const body = fixture('github', 'pull_request/closed.payload.json');
  const pr = body.pull_request as JsonObject;
  return { ...body, pull_request: { ...pr, merged: true, merged_at: pr.closed_at, merged_by: body.sender } };
}

function resolved(): JsonObject {
  return fixture('prometheus', 'alertmanager.resolved.json');
}

/** The samples, in the order they are replayed (each source's events in the order they happened). */
export function sampleWebhooks(): RawWebhook[] {
  const samples: [source: string, eventName: string, body: JsonObject][] = [
    ['github', 'push', pushMentioningProj123()],
    ['github', 'pull_request', fixture('github', 'pull_request/opened.payload.json')],
    ['github', 'pull_request_review', fixture('github', 'pull_request_review/submitted.payload.json')],
    ['github', 'pull_request', mergedPullRequest()],
    ['github', 'deployment', fixture('github', 'deployment/payload.json')],
    ['github', 'deployment_status', fixture('github', 'deployment_status/payload.json')],
    ['github', 'workflow_run', fixture('github', 'workflow_run/completed.payload.json')],
    ['jira', 'jira:issue_created', fixture('jira', 'jira-issue_created.json')],
    ['jira', 'jira:issue_updated', fixture('jira', 'jira-issue_updated.assignee.json')],
    ['jira', 'jira:issue_updated', fixture('jira', 'jira-issue_updated.status.json')],
    ['jira', 'comment_created', fixture('jira', 'comment_created.json')],
    ['jira', 'sprint_closed', fixture('jira', 'sprint_closed.json')],
    ['notion', 'page.created', fixture('notion', 'page.created.json')],
    ['notion', 'page.content_updated', fixture('notion', 'page.content_updated.json')],
    ['prometheus', 'query_result', fixture('prometheus', 'query_result.vector.json')],
    ['prometheus', 'query_result', fixture('prometheus', 'query_result.matrix.json')],
    ['alertmanager', 'alerts', fixture('prometheus', 'alertmanager.firing.json')],
    ['alertmanager', 'alerts', resolved()],
  ];
  return samples.map(([source, eventName, body], i) => {
    const deliveryId = `sample-${i + 1}`;
    return { source, eventName, deliveryId, receivedAt: RECEIVED_AT + i * 1000, headers: gatewayHeaders(source, eventName, deliveryId), body: JSON.stringify(body) };
  });
}
