/**
 * The "Shop" history (shopHistory.ts) as the events the normalizers emit, so it can go through the
 * real ClickHouse sink and be read back (dora.stack.test.ts). Each fact becomes the events a
 * webhook would have produced: a deployment its `deployment.created` and final status, a run its
 * `workflow_run.completed`, a job its `workflow_job.completed`, a push its `ref.pushed`, a pull
 * request its opening and merge, an incident its issue's or alert's events.
 *
 * Beside the facts, events that must not become incidents (DevLake's rules): a GitHub issue
 * labelled "bug", one labelled "Incident" (the default pattern is case-sensitive), a Jira Bug;
 * and web#60 is opened without a label and labelled "incident" afterwards.
 */
import type { EngEvent, Identity, JiraIssue, PullRequest } from '../../../../avro/generated/types.ts';
import { envelope } from '../../../testing/envelope.ts';
import type { DoraFacts, IncidentFact } from '../facts.ts';
import { API, at, shopFacts, WEB } from './shopHistory.ts';

const bot: Identity = { source: 'github', accountId: '99', login: 'deploy-bot', displayName: 'deploy-bot', email: null };
const dev: Identity = { source: 'github', accountId: '1', login: 'alice', displayName: 'alice', email: null };

function deploymentEvents(facts: DoraFacts): EngEvent[] {
  return facts.deployments.flatMap((d) => {
    const common = { repository: d.repository, deploymentId: d.deploymentId, environment: d.environment, sha: d.sha, ref: 'main', creator: bot, description: null, workflowRunId: d.workflowRunId };
    const done = d.succeededAtMs ?? d.createdAtMs + 600_000;
    const id = `${d.repository}#${d.deploymentId}`;
    return [
      envelope('deployment.created', `created:${id}`, d.createdAtMs, { ...common, productionEnvironment: null, task: 'deploy', createdAt: d.createdAtMs }, { repository: d.repository, actor: bot }),
      envelope('deployment.status_changed', `status:${id}`, done, { ...common, statusId: d.deploymentId * 10, state: d.succeededAtMs === null ? 'failure' : 'success', deploymentCreatedAt: d.createdAtMs, createdAt: done, logUrl: null }, { repository: d.repository, actor: bot }),
    ];
  });
}

function ciEvents(facts: DoraFacts): EngEvent[] {
  return facts.ciRuns.map((run) =>
    run.kind === 'run'
      ? envelope('workflow_run.completed', `run:${run.runId}:${run.attempt}`, run.finishedAtMs, {
          repository: run.repository, runId: run.runId, workflowId: 1, name: run.name, event: 'push', headBranch: run.headBranch, headSha: run.headSha, conclusion: run.conclusion,
          runNumber: run.runId, runAttempt: run.attempt, createdAt: run.startedAtMs, runStartedAt: run.startedAtMs, updatedAt: run.finishedAtMs, url: `https://github.com/${run.repository}/actions/runs/${run.runId}`, pullRequestNumbers: [],
        }, { repository: run.repository, actor: bot })
      : envelope('workflow_job.completed', `job:${run.id}:${run.attempt}`, run.finishedAtMs, {
          repository: run.repository, jobId: run.id, runId: run.runId, runAttempt: run.attempt, name: run.name, workflowName: run.workflowName, headBranch: run.headBranch, headSha: run.headSha,
          conclusion: run.conclusion, startedAt: run.startedAtMs, completedAt: run.finishedAtMs, url: `https://github.com/${run.repository}/actions/runs/${run.runId}/job/${run.id}`, labels: ['ubuntu-latest'],
        }, { repository: run.repository, actor: bot }),
  );
}

function pushEvents(facts: DoraFacts): EngEvent[] {
  return facts.pushes.map((p) =>
    envelope('ref.pushed', `push:${p.repository}:${p.branch}:${p.before}:${p.after}`, p.pushedAtMs, {
      repository: p.repository, ref: `refs/heads/${p.branch}`, branch: p.branch, defaultBranch: p.defaultBranch, before: p.before, after: p.after, created: p.created, forced: p.forced,
      pushedAt: p.pushedAtMs, pusher: null, commits: p.commits.map((c) => ({ sha: c.sha, authoredAt: c.authoredAtMs, distinct: true })), commitsTruncated: p.truncated,
    }, { repository: p.repository, actor: dev }),
  );
}

function pullRequestEvents(facts: DoraFacts): EngEvent[] {
  return facts.pullRequests.flatMap((fact) => {
    const pr: PullRequest = {
      repository: fact.repository, number: fact.number, title: `PR ${fact.number}`, author: dev, url: `https://github.com/${fact.repository}/pull/${fact.number}`, state: 'open', draft: false,
      baseRef: 'main', headRef: fact.headRef ?? 'unknown', headSha: `head${fact.number}`, createdAt: fact.openedAtMs, firstCommitAt: null, commits: null, additions: null, deletions: null, changedFiles: null, labels: [], jiraKeys: [],
      headRepository: fact.headRepository,
    };
    const id = `${fact.repository}#${fact.number}`;
    const opened = envelope('pull_request.opened', `opened:${id}`, fact.openedAtMs, { pullRequest: pr }, { repository: fact.repository, actor: dev });
    if (fact.mergedAtMs === null) return [opened];
    return [opened, envelope('pull_request.merged', `merged:${id}`, fact.mergedAtMs, { pullRequest: { ...pr, state: 'closed' }, mergedAt: fact.mergedAtMs, mergedBy: dev, mergeCommitSha: fact.mergeSha }, { repository: fact.repository, actor: dev })];
  });
}

function githubIssue(repository: string, number: number, labels: string[], created: number, closed: number | null, kind: 'issue.opened' | 'issue.closed' | 'issue.labeled', updated: number): EngEvent {
  const payload = {
    repository, number, title: `Issue ${number}`, state: kind === 'issue.closed' ? 'closed' : 'open', stateReason: kind === 'issue.closed' ? 'completed' : null, author: dev, assignees: [], labels,
    createdAt: created, updatedAt: updated, closedAt: kind === 'issue.closed' ? closed : null, url: `https://github.com/${repository}/issues/${number}`,
  };
  return envelope(kind, `${kind}:${repository}#${number}:${updated}`, updated, payload, { repository, actor: dev });
}

function jiraIssue(key: string, type: string, created: number, resolved: number | null): JiraIssue {
  return {
    issueId: key, issueKey: key, projectKey: key.split('-')[0]!, summary: `${type} ${key}`, issueType: type, status: resolved === null ? 'Open' : 'Done', statusCategory: resolved === null ? 'new' : 'done',
    priority: null, assignee: null, reporter: null, parentKey: null, sprint: null, storyPoints: null, labels: [], createdAt: created, updatedAt: resolved ?? created, url: null, resolvedAt: resolved, resolution: resolved === null ? null : 'Done',
  };
}

function jiraEvents(key: string, type: string, created: number, resolved: number | null): EngEvent[] {
  const opened = jiraIssue(key, type, created, null);
  const projectKey = opened.projectKey;
  const events: EngEvent[] = [envelope('issue.created', `jira:${key}:created`, created, { issue: opened }, { projectKey })];
  if (resolved !== null) events.push(envelope('issue.updated', `jira:${key}:${resolved}`, resolved, { issue: jiraIssue(key, type, created, resolved), changedFields: ['resolution'], statusChange: null, assigneeChange: null }, { projectKey }));
  return events;
}

function alertEvents(incident: IncidentFact): EngEvent[] {
  const labels: Record<string, string> = { alertname: 'CheckoutErrors', severity: 'critical', project: incident.projectKey! };
  const payload = (status: string, endsAt: number | null) => ({ fingerprint: 'fp1', alertName: 'CheckoutErrors', status, severity: 'critical', labels, annotations: {}, startsAt: incident.startedAtMs, endsAt, generatorUrl: null });
  const firing = envelope('alert.firing', `fp1:${incident.startedAtMs}`, incident.startedAtMs, payload('firing', null));
  return incident.resolvedAtMs === null ? [firing] : [firing, envelope('alert.resolved', `fp1:${incident.startedAtMs}`, incident.resolvedAtMs, payload('resolved', incident.resolvedAtMs))];
}

function incidentEvents(facts: DoraFacts): EngEvent[] {
  return facts.incidents.flatMap((incident) => {
    if (incident.source === 'alert') return alertEvents(incident);
    if (incident.source === 'jira') return jiraEvents(incident.key, 'Incident', incident.startedAtMs, incident.resolvedAtMs);
    const [repository, number] = incident.key.split('#') as [string, string];
    const n = Number(number);
    if (repository === WEB) {
      // Opened unlabelled; the label that makes it an incident comes an hour later.
      return [githubIssue(repository, n, [], incident.startedAtMs, null, 'issue.opened', incident.startedAtMs), githubIssue(repository, n, ['incident'], incident.startedAtMs, null, 'issue.labeled', incident.startedAtMs + 3_600_000)];
    }
    const opened = githubIssue(repository, n, ['incident'], incident.startedAtMs, null, 'issue.opened', incident.startedAtMs);
    return incident.resolvedAtMs === null ? [opened] : [opened, githubIssue(repository, n, ['incident'], incident.startedAtMs, incident.resolvedAtMs, 'issue.closed', incident.resolvedAtMs)];
  });
}

/** Issues the rules must not take for incidents. */
function bystanders(): EngEvent[] {
  return [
    githubIssue(API, 51, ['bug'], at('2025-03-03T10:00'), null, 'issue.opened', at('2025-03-03T10:00')),
    githubIssue(WEB, 61, ['Incident'], at('2025-03-13T10:00'), null, 'issue.opened', at('2025-03-13T10:00')),
    ...jiraEvents('SHOP-9', 'Bug', at('2025-03-05T10:00'), at('2025-03-05T11:00')),
  ];
}

export function shopEvents(): EngEvent[] {
  return [...deploymentEvents(shopFacts), ...ciEvents(shopFacts), ...pushEvents(shopFacts), ...pullRequestEvents(shopFacts), ...incidentEvents(shopFacts), ...bystanders()];
}
