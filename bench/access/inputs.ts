/**
 * One realistic input per question of the catalogue, from what the bench corner holds: the
 * samples' GitHub author and the organization file's team, projects and Slack id
 * (access/testing/populatedCorner.ts `SHOP_ORGANIZATION`), the Shop DORA history's month
 * (March 2025, as cli/commands/dora.stack.test.ts asks it), and from the synthetic traffic
 * (replay/synthetic.ts, which starts on 5 January 2026) its busiest developer and the most
 * reviewed pull request, looked up in the stores. A question without an input here fails the
 * bench, so a question added to the catalogue is never silently left out.
 */
import type { AnyQuestion } from '../../access/question.ts';
import type { RawReaders } from './raw.ts';

/** The samples' GitHub author, a member of the organization file's Shop Team. */
const SAMPLE_LOGIN = 'Codertocat';
const TEAM = 'Shop Team';
/** The Shop DORA history's month (sinks/clickhouse/dora/testing/shopHistory.ts). */
const SHOP_MONTH = { month: '2025-03' };
/** The synthetic traffic's first month. */
const SYNTHETIC_MONTH = { month: '2026-01' };

export async function chooseInputs(catalogue: readonly AnyQuestion[], probe: RawReaders['probe']): Promise<Record<string, Record<string, unknown>>> {
  const [busiest] = await probe.postgres<{ login: string }>(
    "SELECT i.external_id AS login FROM identities i JOIN developer_daily_activity d ON d.user_id = i.user_id WHERE i.source = 'github' GROUP BY i.external_id ORDER BY count(*) DESC, i.external_id LIMIT 1",
  );
  const [pr] = await probe.clickhouse<{ repository: string; number: string }>(
    "SELECT repository, pr_number AS number FROM pull_requests WHERE repository != '' GROUP BY repository, pr_number ORDER BY uniqExactIfMerge(reviews) DESC, repository, pr_number LIMIT 1",
  );
  if (busiest === undefined || pr === undefined) throw new Error('the corner holds no developer activity or no pull request: was it filled?');
  const developer = busiest.login;
  const pullRequest = { repository: pr.repository, number: Number(pr.number) };

  const inputs: Record<string, Record<string, unknown>> = {
    user_by_github_login: { login: SAMPLE_LOGIN },
    identity_lookup: { source: 'slack', id: 'U0CODERTOCAT' },
    projects_owned_by_team: { team: TEAM },
    project_owners: { project: 'Shop' },
    hourly_rate: { developer: SAMPLE_LOGIN },
    developer_activity: { login: developer, period: SYNTHETIC_MONTH },
    developer_workload: { login: developer, days: 90 },
    sprint_velocity: { project: 'Payments' },
    project_sprints: { project: 'Payments' },
    time_spent: { project: 'Payments', period: SYNTHETIC_MONTH },
    dora_metrics: { project: 'Shop', period: SHOP_MONTH },
    deployment_frequency: { project: 'Shop', period: SHOP_MONTH },
    dora_trend: { project: 'Shop', weeks: 12 },
    pr_review_time_trend: { project: 'Shop', period: SHOP_MONTH },
    pr_pickup_time_trend: { project: 'Shop', period: SHOP_MONTH },
    top_committers: { project: 'Shop', period: SHOP_MONTH },
    pull_request: pullRequest,
    similar_developers: { text: 'Fix the refund ledger rounding in the payments API and add a regression test' },
    relevant_docs: { question: 'How do we deploy and roll back a service?' },
    developers_like: { developer: `github:${developer}` },
    projects_affected_by_delay: { project: 'Shop' },
    developers_near_team: { team: TEAM, hops: 2 },
    dependency_chain: { project: 'Payments' },
    repository_contributors: { repository: pullRequest.repository },
    reviewers_for_pr: pullRequest,
    project_slip_impact: { project: 'Shop' },
    sprint_top_committers: { project: 'Payments' },
  };
  const missing = catalogue.filter((q) => inputs[q.name] === undefined).map((q) => q.name);
  if (missing.length > 0) throw new Error(`bench/access/inputs.ts has no input for ${missing.join(', ')}: add one the corner can answer`);
  return inputs;
}
