/**
 * PostgreSQL's entries of the question catalogue (access/question.ts): the guide's three questions
 * ("When other services query it": who is this GitHub user, what does a team own, what is a
 * developer's hourly rate) and the people-and-work questions the dashboards and compositions ask.
 * Each reads through the reader (sinks/postgres/reader.ts: a read-only role, READ ONLY transaction,
 * extended protocol) with the functions of queries.ts, user input as parameters only; lists ask for
 * the row cap + 1 rows so `truncated` is exact.
 *
 * A `project` is the organization file's (its key or name, case-insensitive: its Jira keys), or
 * else taken as a Jira project key: PostgreSQL keys work by Jira key, and a project the file does
 * not name may still be in Jira.
 */
import { z } from 'zod';
import { capRows, defineQuestion, listOf, type QuestionContext } from '../../access/question.ts';
import { githubLogin, period, project, rangeOf, teamName, user, writable } from '../../access/schemas.ts';
import { findProject } from '../organization.ts';
import { activityOf, developerWorkload, hourlyRateOf, IDENTITY_SOURCES, projectOwners, projectsOwnedBy, sprintsOf, timeSpent, userByGithubLogin, userByIdentity, velocityOf, type Queryable } from './queries.ts';

const STORES = ['postgres'] as const;

/** The Jira keys `project` names: the organization file's project (or a team's owned project), else the input as a Jira key. */
export function jiraKeysOf(context: Pick<QuestionContext, 'organization'>, name: string): string[] {
  const found = findProject(context.organization, name);
  if (found !== undefined) return [...(found.jiraKeys ?? [found.key])];
  const wanted = name.trim().toLowerCase();
  const owned = context.organization?.teams.flatMap((t) => t.projects).find((p) => p.key.toLowerCase() === wanted || p.name?.toLowerCase() === wanted);
  return [owned?.key ?? name.trim().toUpperCase()];
}

/**
 * `work`'s statements in one snapshot when the reader offers one (the access reader's `snapshot`:
 * one READ ONLY transaction), so a person looked up in two statements is not merged in between.
 */
function inOneSnapshot<T>(db: Queryable, work: (db: Queryable) => Promise<T>): Promise<T> {
  const snapshot = (db as { snapshot?: (work: (db: Queryable) => Promise<T>) => Promise<T> }).snapshot;
  return typeof snapshot === 'function' ? snapshot.call(db, work) : work(db);
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const maybeUser = z.object({ user: user.nullable().describe('null when no such account reached PostgreSQL') });

const dailyActivity = z.object({
  day: z.string().describe('YYYY-MM-DD, UTC'),
  commits: z.number().int(),
  prsOpened: z.number().int(),
  prsMerged: z.number().int(),
  reviews: z.number().int(),
  issuesCompleted: z.number().int(),
});

const sprintVelocity = z.object({
  sprintId: z.number().int(),
  name: z.string().nullable(),
  boardId: z.number().int().nullable(),
  startAt: z.string().nullable().describe('ISO instant'),
  endAt: z.string().nullable().describe('ISO instant: the planned end'),
  completedAt: z.string().nullable().describe('ISO instant: when it was closed'),
  committedPoints: z.number().nullable(),
  completedPoints: z.number().nullable(),
  committedIssues: z.number().int().nullable(),
  completedIssues: z.number().int().nullable(),
});

const sprint = z.object({
  sprintId: z.number().int(),
  name: z.string().nullable(),
  state: z.enum(['future', 'active', 'closed']).nullable().describe('null for a sprint seen only through its issues'),
  startAt: z.string().nullable().describe('ISO instant'),
  endAt: z.string().nullable().describe('ISO instant: the planned end'),
  completedAt: z.string().nullable().describe('ISO instant: when it was closed'),
});

const timeSpentRow = z.object({
  userId: z.number().int().nullable().describe('null for time whose Jira author no event has named'),
  displayName: z.string().nullable(),
  hours: z.number(),
  hourlyRate: z.number().nullable().describe('from the organization file; null when it sets none'),
  cost: z.number().nullable().describe('hours × hourlyRate, rounded to cents; null without a rate'),
});

export const postgresQuestions = [
  defineQuestion({
    name: 'user_by_github_login',
    title: 'User by GitHub login',
    description:
      "Who is the user with GitHub username 'johndoe'? (the guide, Aurora PostgreSQL). Reads users, identities and team_members: the person with every account linked to them (GitHub, Jira, email, Slack…) and their teams; null when the login is unknown. Logins are case-insensitive.",
    input: z.object({ login: githubLogin }),
    output: maybeUser,
    stores: STORES,
    run: async (db: Queryable, { login }) => ({ user: writable(await inOneSnapshot(db, (one) => userByGithubLogin(one, login))) }),
  }),
  defineQuestion({
    name: 'identity_lookup',
    title: 'User by any account',
    description:
      'Who is the person behind this Jira account, email address or Slack member id? Reads identities: one account of a source → the person with every account linked to them and their teams; null when unknown. Sources: github (login), github_id (numeric id), jira (account id), email, notion (user id) from events; slack only from the organization file (no Slack events are collected). GitHub logins and emails are case-insensitive.',
    input: z.object({ source: z.enum(IDENTITY_SOURCES).describe('where the id comes from'), id: z.string().trim().min(1).max(320).describe('the account id in that source: a login, an account id, an email, a Slack member id') }),
    output: maybeUser,
    stores: STORES,
    run: async (db: Queryable, { source, id }) => ({ user: writable(await inOneSnapshot(db, (one) => userByIdentity(one, source, id))) }),
  }),
  defineQuestion({
    name: 'projects_owned_by_team',
    title: 'Projects a team owns',
    description: 'What projects does Team Alpha own? (the guide, Aurora PostgreSQL). Reads teams, project_owners and projects (ownership comes from the organization file); sorted by key, empty for an unknown team.',
    input: z.object({ team: teamName }),
    output: listOf(z.object({ key: z.string().describe('the Jira project key'), name: z.string().nullable() })),
    stores: STORES,
    run: async (db: Queryable, { team }, context) => capRows(await projectsOwnedBy(db, team, context.limits.rowCap + 1), context.limits.rowCap),
  }),
  defineQuestion({
    name: 'project_owners',
    title: 'Teams that own a project',
    description: 'Who owns project X? Reads project_owners, teams and team_members: the teams owning any of the project\'s Jira keys (from the organization file), each with its members (user id, name, GitHub login); sorted by team.',
    input: z.object({ project }),
    output: listOf(z.object({ team: z.string(), members: z.array(z.object({ id: z.number().int(), displayName: z.string().nullable(), github: z.string().nullable() })) })),
    stores: STORES,
    run: async (db: Queryable, input, context) => capRows(writable(await projectOwners(db, jiraKeysOf(context, input.project), context.limits.rowCap + 1)), context.limits.rowCap),
  }),
  defineQuestion({
    name: 'hourly_rate',
    title: "A developer's hourly rate",
    description: "What's the hourly rate for this developer? (the guide, Aurora PostgreSQL). By GitHub login or user id (a merged user's old id still resolves); the rate comes from the organization file; null when the developer is unknown or has none.",
    input: z.object({ developer: z.union([z.number().int().positive().describe('a user id (users.id)'), githubLogin]).describe('a GitHub login or a user id') }),
    output: z.object({ developer: z.union([z.number(), z.string()]), hourlyRate: z.number().nullable() }),
    stores: STORES,
    run: async (db: Queryable, { developer }) => ({ developer, hourlyRate: await inOneSnapshot(db, (one) => hourlyRateOf(one, developer)) }),
  }),
  defineQuestion({
    name: 'developer_activity',
    title: "A developer's daily activity",
    description: 'What did this developer do each day this month? Reads developer_daily_activity: commits, pull requests opened and merged, reviews and Jira issues completed per UTC day of the period (this month unless given), days with activity only, oldest first.',
    input: z.object({ login: githubLogin, period: period.optional() }),
    output: listOf(dailyActivity),
    stores: STORES,
    run: async (db: Queryable, input, context) => {
      const range = rangeOf(input.period, context.now);
      return capRows(await activityOf(db, input.login, { from: day(range.from), to: day(range.to - 1) }, context.limits.rowCap + 1), context.limits.rowCap);
    },
  }),
  defineQuestion({
    name: 'developer_workload',
    title: "A developer's recent workload",
    description:
      "How busy is this developer lately (is she available to review)? Reads developer_daily_activity: commits, pull requests opened and merged, reviews and issues completed over the last `days` UTC days, today included; zeros for an unknown login. openIssues (Jira issues assigned and open) is null: PostgreSQL keeps no issue assignee or status yet.",
    input: z.object({ login: githubLogin, days: z.number().int().min(1).max(90).default(14).describe('how many days back, today included (1–90)') }),
    output: z.object({
      login: z.string(),
      days: z.number().int(),
      commits: z.number().int(),
      prsOpened: z.number().int(),
      prsMerged: z.number().int(),
      reviews: z.number().int(),
      issuesCompleted: z.number().int(),
      openIssues: z.number().int().nullable().describe('not collected yet: always null'),
    }),
    stores: STORES,
    run: async (db: Queryable, { login, days }, context) => ({ login, days, ...(await developerWorkload(db, login, days, day(context.now))), openIssues: null }),
  }),
  defineQuestion({
    name: 'sprint_velocity',
    title: "A project's sprint velocity",
    description: "What is project X's sprint velocity? Reads sprint_velocity: the project's closed sprints (not deleted), oldest first, with points and issues committed and completed, from Jira's sprint events.",
    input: z.object({ project }),
    output: listOf(sprintVelocity),
    stores: STORES,
    run: async (db: Queryable, input, context) => {
      const rows = await velocityOf(db, jiraKeysOf(context, input.project), context.limits.rowCap + 1);
      return capRows(rows.map((s) => ({ ...s, startAt: iso(s.startAt), endAt: iso(s.endAt), completedAt: iso(s.completedAt) })), context.limits.rowCap);
    },
  }),
  defineQuestion({
    name: 'project_sprints',
    title: "A project's sprints",
    description: "Which sprint is project X in, and which came before? Reads sprint_velocity: the project's sprints that are not deleted, newest first (an unstarted one first), with state (future, active, closed) and dates. sprint_top_committers takes its dates from here.",
    input: z.object({ project }),
    output: listOf(sprint),
    stores: STORES,
    run: async (db: Queryable, input, context) => {
      const rows = await sprintsOf(db, jiraKeysOf(context, input.project), context.limits.rowCap + 1);
      return capRows(rows.map((s) => ({ ...s, startAt: iso(s.startAt), endAt: iso(s.endAt), completedAt: iso(s.completedAt) })), context.limits.rowCap);
    },
  }),
  defineQuestion({
    name: 'time_spent',
    title: 'Time spent on a project, and its cost',
    description:
      "How many hours did each person log on project X this month, and what did they cost? Reads jira_worklogs, jira_issues, identities and users: hours of the worklogs started in the period (this month unless given) on the project's issues, per person, most first, with cost at the organization file's hourly rate.",
    input: z.object({ project, period: period.optional() }),
    output: listOf(timeSpentRow),
    stores: STORES,
    run: async (db: Queryable, input, context) => {
      const range = rangeOf(input.period, context.now);
      const rows = await timeSpent(db, jiraKeysOf(context, input.project), { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() }, context.limits.rowCap + 1);
      return capRows(rows, context.limits.rowCap);
    },
  }),
] as const;
