/**
 * GitHub's part of the samples `npm start` replays (replay/samples.ts), from the fixtures beside
 * this file, in the order they happen:
 *
 * | event                          | what it is                                                   |
 * | ------------------------------ | ------------------------------------------------------------ |
 * | push                           | a commit `PROJ-123 #comment fixed login bug #in-review` → a Jira comment and a transition (the guide's "GitHub commit → Jira update"), and the push's ref.pushed |
 * | pull_request opened            | Codertocat's pull request #2                                 |
 * | pull_request_review submitted  | a review of it                                               |
 * | pull_request closed            | merged (the fixture closes it unmerged; merged here)         |
 * | deployment, deployment_status  | a production deployment and its success                      |
 * | workflow_run completed         | a CI run                                                     |
 */
import { readJson, type JsonObject } from '../fixtures.ts';
import type { Sample } from '../normalizer.ts';

/** The Smart Commit of the guide's "GitHub commit → Jira update" example. */
export const SAMPLE_COMMIT_MESSAGE = 'PROJ-123 #comment fixed login bug #in-review';

const fixture = (name: string): JsonObject => readJson(new URL(`./fixtures/${name}`, import.meta.url));

function pushMentioningProj123(): JsonObject {
  const body = fixture('push/payload.json');
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
  const body = fixture('pull_request/closed.payload.json');
  const pr = body.pull_request as JsonObject;
  return { ...body, pull_request: { ...pr, merged: true, merged_at: pr.closed_at, merged_by: body.sender } };
}

export function githubSamples(): Sample[] {
  const github = (eventName: string, body: JsonObject): Sample => ({ source: 'github', eventName, body });
  return [
    github('push', pushMentioningProj123()),
    github('pull_request', fixture('pull_request/opened.payload.json')),
    github('pull_request_review', fixture('pull_request_review/submitted.payload.json')),
    github('pull_request', mergedPullRequest()),
    github('deployment', fixture('deployment/payload.json')),
    github('deployment_status', fixture('deployment_status/payload.json')),
    github('workflow_run', fixture('workflow_run/completed.payload.json')),
  ];
}
