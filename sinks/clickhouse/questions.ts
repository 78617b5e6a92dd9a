/**
 * ClickHouse's entries of the question catalogue (access/question.ts): the guide's three questions
 * (deployment frequency this month, the PR review time trend, who commits most) and the DORA
 * figures and trends, with DevLake's definitions (README.md). Each reads through the reader
 * (sinks/clickhouse/reader.ts: the readonly=1 user) with the queries of queries.ts; 18.16 has no
 * query parameters, so every literal goes through quote.ts there.
 *
 * A project is the organization file's (SWITCHYARD_TEAMS_FILE), exactly as `switchyard dora` reads
 * it (dora/projectScope.ts): its repositories and Jira keys, and its DORA rules. A project the
 * file does not name is a 404; a server without the file refuses project questions, naming the
 * setting. The dashboard reads only this catalogue: project_activity (where the store's history
 * ends), the lead-time breakdown and the delivery timeline are here for it, computed from the
 * same facts as the figures.
 */
import { z } from 'zod';
import { AccessError } from '../../access/errors.ts';
import { MAX_TREND_WEEKS, mondayOf, WEEK_MS } from '../../access/isoWeeks.ts';
import { organizationOf } from '../../access/organizationQuestions.ts';
import { capRows, defineQuestion, listOf, type QuestionContext } from '../../access/question.ts';
import { committer, doraMetrics, durationStats, isoRange, period, periodOut, project, projectScopeOut, rangeOf, repository, reviewTimeWeek, writable } from '../../access/schemas.ts';
import { ErrorCodes } from '../../operators/errors.ts';
import { projectScope, type ProjectScope } from './dora/projectScope.ts';
import type { ClickHouseReader } from './reader.ts';

const STORES = ['clickhouse'] as const;

/** The project's scope and rules, as `switchyard dora --project` finds them; throws UnknownProjectError (404) for a project the file does not name. */
export function scopeOf(context: Pick<QuestionContext, 'organization'>, name: string): ProjectScope {
  return projectScope(organizationOf(context), name);
}

/** The `weeks` ISO weeks (Monday to Monday, UTC) ending with the one holding `now`, oldest first. */
export function lastWeeks(now: number, weeks: number): { from: number; to: number }[] {
  const thisMonday = mondayOf(now);
  return Array.from({ length: weeks }, (_, i) => {
    const from = thisMonday - (weeks - 1 - i) * WEEK_MS;
    return { from, to: from + WEEK_MS };
  });
}

/**
 * The ISO weeks (Monday to Monday, UTC) covering `range`, oldest first: the first holds its start,
 * the last its final instant. More than MAX_TREND_WEEKS is a 400 naming input.period.
 */
export function weeksCovering(range: { from: number; to: number }): { from: number; to: number }[] {
  const first = mondayOf(range.from);
  const count = Math.round((mondayOf(range.to - 1) - first) / WEEK_MS) + 1;
  if (count > MAX_TREND_WEEKS) {
    const message = `covers ${count} weeks; a trend answers at most ${MAX_TREND_WEEKS}: ask for a shorter period`;
    throw new AccessError(`dora_trend: input.period ${message}`, ErrorCodes.accessBadInput, { problems: [{ path: 'input.period', message }] });
  }
  return Array.from({ length: count }, (_, i) => ({ from: first + i * WEEK_MS, to: first + (i + 1) * WEEK_MS }));
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The period asked for, or the last 13 weeks (a quarter) up to the end of this one. */
const quarterOr = (input: z.output<typeof period> | undefined, now: number) => {
  if (input !== undefined) return rangeOf(input, now);
  const weeks = lastWeeks(now, 13);
  return { from: weeks[0]!.from, to: weeks.at(-1)!.to };
};

const trendInput = z.object({ project, period: period.optional().describe('a calendar month (UTC), or from and to; neither means the last 13 weeks, this one included') });

export const clickhouseQuestions = [
  defineQuestion({
    name: 'dora_metrics',
    title: "A project's DORA metrics",
    description:
      "What are project X's DORA metrics this month? Deployment frequency, lead time for changes, change failure rate, time to restore and failed deployment recovery time, with DevLake's definitions and bands (sinks/clickhouse/README.md), from the project's repositories and Jira keys in ClickHouse (events and incidents). The period is this calendar month (UTC) unless given; soFar says it is not over.",
    input: z.object({ project, period: period.optional() }),
    output: z.object({ project: z.string().describe("the organization file's project key"), scope: projectScopeOut, period: periodOut, soFar: z.boolean().describe('the period is not over yet: figures up to now'), metrics: doraMetrics }),
    stores: STORES,
    run: async (ch: ClickHouseReader, input, context) => {
      const found = scopeOf(context, input.project);
      const range = rangeOf(input.period, context.now);
      const metrics = writable(await ch.queries.dora(found.scope, range, found.rules));
      return { project: found.project.key, scope: { repositories: [...found.scope.repositories], jiraKeys: [...found.scope.jiraKeys] }, period: isoRange(range), soFar: context.now < range.to, metrics };
    },
  }),
  defineQuestion({
    name: 'deployment_frequency',
    title: "A project's deployment frequency",
    description:
      "What's the deployment frequency for Project X this month? (the guide, ClickHouse). Production deployments (GitHub Deployments and CI runs named as deployments, DevLake's rules), deployment days, median days per week and month, and the DORA band; this calendar month (UTC) unless a period is given.",
    input: z.object({ project, period: period.optional() }),
    output: z.object({ project: z.string(), period: periodOut, deploymentFrequency: doraMetrics.shape.deploymentFrequency }),
    stores: STORES,
    run: async (ch: ClickHouseReader, input, context) => {
      const found = scopeOf(context, input.project);
      const range = rangeOf(input.period, context.now);
      return { project: found.project.key, period: isoRange(range), deploymentFrequency: writable(await ch.queries.deploymentFrequency(found.scope, range, found.rules)) };
    },
  }),
  defineQuestion({
    name: 'dora_trend',
    title: "A project's weekly DORA trend",
    description:
      "How have project X's DORA metrics moved week by week? The four keys per ISO week (Monday to Monday, UTC): the weeks covering `period` when given (at most 52), else the last `weeks` weeks with this one (so far) last; computed from one read of the project's facts in ClickHouse.",
    input: z.object({
      project,
      weeks: z.number().int().min(1).max(MAX_TREND_WEEKS).default(12).describe('how many weeks, this one included (1–52); ignored when period is given'),
      period: period.optional().describe('the weeks covering this calendar month (UTC) or from–to, at most 52; neither means the last `weeks` weeks'),
    }),
    output: z.object({ project: z.string(), weeks: z.array(z.object({ week: z.string().describe('Monday of the week, YYYY-MM-DD (UTC)'), metrics: doraMetrics })) }),
    stores: STORES,
    run: async (ch: ClickHouseReader, input, context) => {
      const found = scopeOf(context, input.project);
      const weeks = input.period === undefined ? lastWeeks(context.now, input.weeks) : weeksCovering(rangeOf(input.period, context.now));
      const metrics = writable(await ch.queries.doraEach(found.scope, weeks, found.rules));
      return { project: found.project.key, weeks: weeks.map((week, i) => ({ week: new Date(week.from).toISOString().slice(0, 10), metrics: metrics[i]! })) };
    },
  }),
  defineQuestion({
    name: 'project_activity',
    title: "When a project's events begin and end",
    description:
      "Since when, and until when, does ClickHouse hold project X's events? The earliest and latest event time and how many events (a replayed event once) over the project's repositories (under every name they had) and Jira keys, alerts labelled with them included. A store holding only history answers a lastAt in the past: ask the other questions about the period up to it.",
    input: z.object({ project }),
    output: z.object({
      project: z.string(),
      firstAt: z.string().nullable().describe('ISO instant of the earliest event; null when there is none'),
      lastAt: z.string().nullable().describe('ISO instant of the latest event; null when there is none'),
      events: z.number().int(),
    }),
    stores: STORES,
    run: async (ch: ClickHouseReader, input, context) => {
      const found = scopeOf(context, input.project);
      const activity = await ch.queries.activity(found.scope);
      return { project: found.project.key, firstAt: iso(activity.firstAtMs), lastAt: iso(activity.lastAtMs), events: activity.events };
    },
  }),
  defineQuestion({
    name: 'lead_time_breakdown',
    title: "A project's lead time, stage by stage",
    description:
      "Where does project X's lead time go? DevLake's PR stages (project_pr_metrics) over the pull requests the period's lead time for changes counts (those shipped by a deployment that finished in the period): coding (first commit → opened), pickup (opened → first review or comment by someone else), review (that → merged), deploy (merged → the deployment's finish); each in whole minutes rounded up, negative spans left out. This calendar month (UTC) unless a period is given.",
    input: z.object({ project, period: period.optional() }),
    output: z.object({
      project: z.string(),
      period: periodOut,
      soFar: z.boolean().describe('the period is not over yet: figures up to now'),
      pullRequests: z.number().int().describe("the pull requests the stages are over: dora_metrics' leadTimeForChanges.count"),
      coding: durationStats.describe('first commit → opened; none when the first commit was not seen'),
      pickup: durationStats.describe('opened → the first review or comment by someone other than the author'),
      review: durationStats.describe('that first review or comment → merged'),
      deploy: durationStats.describe('merged → the finish of the deployment that shipped it'),
    }),
    stores: STORES,
    run: async (ch: ClickHouseReader, input, context) => {
      const found = scopeOf(context, input.project);
      const range = rangeOf(input.period, context.now);
      const stages = await ch.queries.leadTimeBreakdown(found.scope, range, found.rules);
      return { project: found.project.key, period: isoRange(range), soFar: context.now < range.to, ...writable(stages) };
    },
  }),
  defineQuestion({
    name: 'delivery_timeline',
    title: "A project's deployments and incidents",
    description:
      "What shipped and what broke in project X this month? The production deployments that finished in the period (those deployment_frequency counts; failed: change_failure_rate counts it, an incident is blamed on it) and the incidents that started in it (alerts, GitHub and Jira issues by DevLake's rules), oldest first, from one read of the project's facts. This calendar month (UTC) unless a period is given; each list is cut at the row cap.",
    input: z.object({ project, period: period.optional() }),
    output: z.object({
      project: z.string(),
      period: periodOut,
      deployments: z.array(z.object({
        key: z.string().describe('<repository>#<deployment id>, or <repository>#run<run id> for CI'),
        repository: z.string(),
        name: z.string().describe("the GitHub Deployment's environment, or the CI run's (else its deploying job's) name"),
        source: z.enum(['github_deployment', 'ci']),
        finishedAt: z.string().describe('ISO instant'),
        failed: z.boolean().describe('an incident is blamed on it: change failure rate counts it as failed'),
      })),
      incidents: z.array(z.object({
        key: z.string().describe('fingerprint@start for an alert, owner/repo#number for a GitHub issue, the issue key for Jira'),
        source: z.enum(['alert', 'github', 'jira']),
        repository: z.string().nullable(),
        startedAt: z.string().describe('ISO instant'),
        resolvedAt: z.string().nullable().describe('ISO instant; null while unresolved'),
      })),
      truncated: z.boolean().describe('true when a list held more than the row cap (SWITCHYARD_ACCESS_ROW_CAP); ask for a shorter period'),
    }),
    stores: STORES,
    run: async (ch: ClickHouseReader, input, context) => {
      const found = scopeOf(context, input.project);
      const range = rangeOf(input.period, context.now);
      const timeline = await ch.queries.deliveryTimeline(found.scope, range, found.rules);
      const deployments = capRows(timeline.deployments.map(({ finishedAtMs, ...d }) => ({ ...d, finishedAt: new Date(finishedAtMs).toISOString() })), context.limits.rowCap);
      const incidents = capRows(timeline.incidents.map(({ startedAtMs, resolvedAtMs, ...i }) => ({ ...i, startedAt: new Date(startedAtMs).toISOString(), resolvedAt: iso(resolvedAtMs) })), context.limits.rowCap);
      return { project: found.project.key, period: isoRange(range), deployments: deployments.rows, incidents: incidents.rows, truncated: deployments.truncated || incidents.truncated };
    },
  }),
  defineQuestion({
    name: 'pr_review_time_trend',
    title: 'PR review time, week by week',
    description:
      "What's the trend of PR review time over the last quarter? (the guide, ClickHouse). Per week the pull requests were opened: how many got a first review by someone other than the author, and the median and mean time from opening to that review (ms). The last 13 weeks unless a period is given.",
    input: trendInput,
    output: listOf(reviewTimeWeek),
    stores: STORES,
    run: async (ch: ClickHouseReader, input, context) => capRows(await ch.queries.prReviewTimeTrend(scopeOf(context, input.project).scope, quarterOr(input.period, context.now)), context.limits.rowCap),
  }),
  defineQuestion({
    name: 'pr_pickup_time_trend',
    title: 'PR pickup time, week by week',
    description:
      "How long do pull requests wait before someone picks them up? DevLake's PR pickup time: per week the pull requests were opened, from opening to the first review, conversation comment or line comment by someone other than the author (median and mean, ms). The last 13 weeks unless a period is given.",
    input: trendInput,
    output: listOf(reviewTimeWeek),
    stores: STORES,
    run: async (ch: ClickHouseReader, input, context) => capRows(await ch.queries.prPickupTimeTrend(scopeOf(context, input.project).scope, quarterOr(input.period, context.now)), context.limits.rowCap),
  }),
  defineQuestion({
    name: 'top_committers',
    title: 'Who commits most',
    description:
      "Which developer has the most commits this sprint? (the guide, ClickHouse; sprint_top_committers takes the sprint's dates from Jira). Distinct commits pushed to the project's repositories in the period (this month unless given), per person (their GitHub login, else their email), most first.",
    input: z.object({ project, period: period.optional(), limit: z.number().int().min(1).max(1000).default(10).describe('how many developers (the row cap may cut further)') }),
    output: listOf(committer),
    stores: STORES,
    run: async (ch: ClickHouseReader, input, context) => {
      const found = scopeOf(context, input.project);
      const most = Math.min(input.limit, context.limits.rowCap);
      return capRows(await ch.queries.topCommitters(found.scope, rangeOf(input.period, context.now), most + 1), most);
    },
  }),
  defineQuestion({
    name: 'pull_request',
    title: 'A pull request',
    description:
      'What is pull request acme/shop#42? Its title, author, state (open, closed, merged) and times, from its latest event in ClickHouse (events); null when no event names it. body is null: the pipeline does not keep pull request descriptions yet.',
    input: z.object({ repository, number: z.number().int().positive().describe('the pull request number') }),
    output: z.object({
      pullRequest: z
        .object({
          repository: z.string(),
          number: z.number().int(),
          title: z.string(),
          body: z.string().nullable().describe('not collected yet: null'),
          author: z.string().nullable().describe("the author's GitHub login"),
          state: z.enum(['open', 'closed', 'merged']),
          createdAt: z.string().describe('ISO instant'),
          mergedAt: z.string().nullable().describe('ISO instant'),
        })
        .nullable(),
    }),
    stores: STORES,
    run: async (ch: ClickHouseReader, input) => {
      const found = await ch.queries.pullRequest(input.repository, input.number);
      if (found === null) return { pullRequest: null };
      const { createdAtMs, mergedAtMs, ...rest } = found;
      return { pullRequest: { ...rest, createdAt: new Date(createdAtMs).toISOString(), mergedAt: mergedAtMs === null ? null : new Date(mergedAtMs).toISOString() } };
    },
  }),
] as const;
