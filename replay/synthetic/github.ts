/**
 * Synthetic GitHub webhooks, each the matching octokit fixture (`topology/github/fixtures/`)
 * moved to one of the cast's repositories, with the cast's people, fresh ids and times:
 * pushes of 1–3 commits (some mentioning their project's Jira issues, some with Smart Commit
 * commands), pull requests opened and merged, reviews, deployment statuses, workflow runs.
 *
 * Ids come from disjoint ranges (`numeric(base)`) or hashes of the run, seed and index, so no two
 * webhooks of a run share an event id.
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { DEVELOPERS, REPOSITORIES, type Developer, type Repository } from '../cast.ts';
import { fixture, slim, type JsonObject } from '../fixtures.ts';
import { githubTime, synthetic, type Draw } from './draw.ts';

/** The fixture with every mention of its repository pointed at `repo`; one per (fixture, repo). */
function retarget(value: unknown, repo: Repository): unknown {
  if (typeof value === 'string') return value.replaceAll('Codertocat/Hello-World', repo.fullName).replaceAll('Hello-World', repo.name);
  if (Array.isArray(value)) return value.map((item) => retarget(item, repo));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, retarget(item, repo)]));
}

const templates = new Map<string, JsonObject>();
function template(file: string, repo: Repository): JsonObject {
  const key = `${file}@${repo.fullName}`;
  let found = templates.get(key);
  if (!found) {
    const body = retarget(slim(fixture('github', file)), repo) as JsonObject;
    const repository = { ...(body.repository as JsonObject), id: repo.id, node_id: `R_${repo.id}`, name: repo.name, full_name: repo.fullName, owner: organization() };
    templates.set(key, (found = { ...body, repository }));
  }
  return found;
}

const organization = () => ({ login: 'acme', id: 9_100_000, node_id: 'O_acme', html_url: 'https://github.com/acme', type: 'Organization', site_admin: false });

export function githubUser(dev: Developer): JsonObject {
  return { login: dev.login, id: dev.githubId, node_id: `U_${dev.githubId}`, html_url: `https://github.com/${dev.login}`, type: 'User', site_admin: false };
}

const WORK = [
  'fix rounding in refund totals',
  'retry webhook delivery with backoff',
  'add pagination to the search endpoint',
  'bump the database driver',
  'remove the legacy session cookie',
  'log the acquirer response code',
  'cache feature flags for a minute',
  'handle empty carts at checkout',
  'speed up the nightly export',
  'tighten the CSP header',
];

/** A commit message: plain, or naming a Jira issue of the repository's project, maybe with Smart Commit commands. */
function commitMessage(d: Draw, repo: Repository): string {
  const work = d.rng.pick(WORK);
  if (!d.rng.chance(0.45)) return `${work[0]!.toUpperCase()}${work.slice(1)}`;
  const key = `${repo.project.key}-${d.rng.between(1, 400)}`;
  switch (d.rng.int(5)) {
    case 0:
      return `${key} #comment ${work} #in-review`;
    case 1:
      return `${key} ${work} #time 1h 30m`;
    default:
      return `${key} ${work}`;
  }
}

function push(d: Draw): RawWebhook {
  const repo = d.rng.pick(REPOSITORIES);
  const dev = d.rng.pick(DEVELOPERS);
  const branch = d.rng.chance(0.4) ? 'main' : `feature/${repo.project.key.toLowerCase()}-${d.rng.between(1, 400)}`;
  const commits = Array.from({ length: d.rng.between(1, 3) }, (_, k) => {
    const sha = d.hex(`commit-${k}`);
    const person = { name: dev.name, email: dev.email, username: dev.login };
    const files = ['src/index.ts', 'src/service.ts', 'test/service.test.ts', 'README.md'];
    return {
      id: sha,
      tree_id: d.hex(`tree-${k}`),
      distinct: true,
      message: commitMessage(d, repo),
      timestamp: githubTime(d.at - (2 - k) * 60_000),
      url: `https://github.com/${repo.fullName}/commit/${sha}`,
      author: person,
      committer: person,
      added: d.rng.chance(0.3) ? [d.rng.pick(files)] : [],
      removed: [],
      modified: [d.rng.pick(files)],
    };
  });
  const head = commits.at(-1)!;
  const body = {
    ...template('push/payload.json', repo),
    ref: `refs/heads/${branch}`,
    before: d.hex('before'),
    after: head.id,
    created: false,
    deleted: false,
    forced: false,
    compare: `https://github.com/${repo.fullName}/compare/${d.hex('before').slice(0, 12)}...${head.id.slice(0, 12)}`,
    commits,
    head_commit: head,
    pusher: { name: dev.login, email: dev.email },
    sender: githubUser(dev),
  };
  return synthetic(d, 'github', 'push', body);
}

/** A pull request of the fixture's shape, by `author`, in `repo`. */
function pullRequest(d: Draw, file: string, repo: Repository, author: Developer, extra: JsonObject): JsonObject {
  const base = template(file, repo);
  const pr = base.pull_request as JsonObject;
  const number = d.rng.between(1, 5000);
  const issue = `${repo.project.key}-${d.rng.between(1, 400)}`;
  const created = d.at - d.rng.between(1, 72) * 3_600_000;
  return {
    ...base,
    number,
    pull_request: {
      ...pr,
      id: d.numeric(700_000_000),
      node_id: `PR_${d.index}`,
      number,
      html_url: `https://github.com/${repo.fullName}/pull/${number}`,
      title: `${issue} ${d.rng.pick(WORK)}`,
      user: githubUser(author),
      head: { ...(pr.head as JsonObject), ref: `feature/${issue.toLowerCase()}`, sha: d.hex('head') },
      created_at: githubTime(created),
      updated_at: githubTime(d.at),
      commits: d.rng.between(1, 12),
      additions: d.rng.between(1, 800),
      deletions: d.rng.between(0, 300),
      changed_files: d.rng.between(1, 25),
      ...extra,
    },
    sender: githubUser(author),
  };
}

function pullRequestOpened(d: Draw): RawWebhook {
  const repo = d.rng.pick(REPOSITORIES);
  const author = d.rng.pick(DEVELOPERS);
  return synthetic(d, 'github', 'pull_request', pullRequest(d, 'pull_request/opened.payload.json', repo, author, { created_at: githubTime(d.at), state: 'open' }));
}

function pullRequestMerged(d: Draw): RawWebhook {
  const repo = d.rng.pick(REPOSITORIES);
  const author = d.rng.pick(DEVELOPERS);
  const merger = d.rng.pick(DEVELOPERS);
  const body = pullRequest(d, 'pull_request/closed.payload.json', repo, author, {
    state: 'closed',
    merged: true,
    merged_at: githubTime(d.at),
    closed_at: githubTime(d.at),
    merged_by: githubUser(merger),
    merge_commit_sha: d.hex('merge'),
  });
  return synthetic(d, 'github', 'pull_request', { ...body, sender: githubUser(merger) });
}

function review(d: Draw): RawWebhook {
  const repo = d.rng.pick(REPOSITORIES);
  const author = d.rng.pick(DEVELOPERS);
  const reviewer = DEVELOPERS[(DEVELOPERS.indexOf(author) + 1 + d.rng.int(DEVELOPERS.length - 1)) % DEVELOPERS.length]!;
  const base = pullRequest(d, 'pull_request_review/submitted.payload.json', repo, author, {});
  const number = base.number as number;
  const id = d.numeric(600_000_000);
  const state = d.rng.pick(['approved', 'approved', 'changes_requested', 'commented']);
  const template = base.review as JsonObject;
  return synthetic(d, 'github', 'pull_request_review', {
    ...base,
    review: {
      ...template,
      id,
      node_id: `PRR_${id}`,
      user: githubUser(reviewer),
      body: state === 'approved' ? 'Looks good.' : 'A few comments inline.',
      state,
      commit_id: (base.pull_request as { head: { sha: string } }).head.sha,
      submitted_at: githubTime(d.at),
      html_url: `https://github.com/${repo.fullName}/pull/${number}#pullrequestreview-${id}`,
    },
    sender: githubUser(reviewer),
  });
}

function deploymentStatus(d: Draw): RawWebhook {
  const repo = d.rng.pick(REPOSITORIES);
  const dev = d.rng.pick(DEVELOPERS);
  const base = template('deployment_status/payload.json', repo);
  const environment = d.rng.chance(0.6) ? 'production' : 'staging';
  const state = d.rng.pick(['success', 'success', 'success', 'failure', 'error', 'in_progress']);
  const deploymentId = d.numeric(450_000_000);
  const statusId = d.numeric(400_000_000);
  const created = githubTime(d.at - d.rng.between(1, 15) * 60_000);
  return synthetic(d, 'github', 'deployment_status', {
    ...base,
    deployment_status: {
      ...(base.deployment_status as JsonObject),
      id: statusId,
      node_id: `DES_${statusId}`,
      state,
      creator: githubUser(dev),
      description: state === 'success' ? 'Deployed' : `Deployment ${state}`,
      environment,
      target_url: `https://ci.acme.example/deploys/${deploymentId}`,
      created_at: githubTime(d.at),
      updated_at: githubTime(d.at),
    },
    deployment: {
      ...(base.deployment as JsonObject),
      id: deploymentId,
      node_id: `DE_${deploymentId}`,
      sha: d.hex('deployed'),
      ref: 'main',
      environment,
      creator: githubUser(dev),
      created_at: created,
      updated_at: created,
    },
    sender: githubUser(dev),
  });
}

function workflowRun(d: Draw): RawWebhook {
  const repo = d.rng.pick(REPOSITORIES);
  const dev = d.rng.pick(DEVELOPERS);
  const base = template('workflow_run/completed.payload.json', repo);
  const run = base.workflow_run as JsonObject;
  const id = d.numeric(500_000_000);
  const started = d.at - d.rng.between(2, 25) * 60_000;
  const name = d.rng.pick(['CI', 'Build', 'Deploy', 'Lint']);
  return synthetic(d, 'github', 'workflow_run', {
    ...base,
    organization: undefined,
    workflow: { ...(base.workflow as JsonObject), name },
    workflow_run: {
      ...run,
      id,
      node_id: `WFR_${id}`,
      name,
      event: d.rng.pick(['push', 'pull_request']),
      head_branch: 'main',
      head_sha: d.hex('run'),
      conclusion: d.rng.pick(['success', 'success', 'success', 'failure', 'cancelled']),
      run_number: d.rng.between(1, 9000),
      run_attempt: 1,
      created_at: githubTime(started),
      run_started_at: githubTime(started),
      updated_at: githubTime(d.at),
      html_url: `https://github.com/${repo.fullName}/actions/runs/${id}`,
      pull_requests: [],
      actor: githubUser(dev),
      triggering_actor: githubUser(dev),
    },
    sender: githubUser(dev),
  });
}

/** The GitHub kinds and their share of all synthetic webhooks (%). */
export const GITHUB_KINDS = {
  'github.push': { weight: 18, build: push },
  'github.pull_request.opened': { weight: 6, build: pullRequestOpened },
  'github.pull_request.merged': { weight: 5, build: pullRequestMerged },
  'github.review': { weight: 6, build: review },
  'github.deployment_status': { weight: 5, build: deploymentStatus },
  'github.workflow_run': { weight: 5, build: workflowRun },
} as const;
