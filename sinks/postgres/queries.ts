/**
 * The questions other services ask PostgreSQL (the guide's "When other services query it"):
 *
 *     userByGithubLogin('johndoe')      Who is the user with GitHub username 'johndoe'?
 *     projectsOwnedBy('Team Alpha')     What projects does Team Alpha own?
 *     hourlyRateOf(42 | 'johndoe')      What's the hourly rate for this developer?
 *
 * and two the dashboards need: activityOf (daily counters) and velocityOf (closed sprints).
 * timeSpent (hours logged in Jira per person on a project, and their cost at the organization
 * file's hourly rates) answers the guide's hourly-rate question for a project.
 * Each takes anything that runs a parameterized query (the sink's pool, a client).
 */
import type pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.ClientBase, 'query'>;

export interface UserIdentity {
  readonly source: string;
  readonly externalId: string;
}

export interface User {
  readonly id: number;
  readonly displayName: string | null;
  readonly hourlyRate: number | null;
  /** Sorted by source, then id. */
  readonly identities: readonly UserIdentity[];
  /** Names of the teams the user is in, sorted. */
  readonly teams: readonly string[];
}

export interface DailyActivity {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly commits: number;
  readonly prsOpened: number;
  readonly prsMerged: number;
  readonly reviews: number;
  readonly issuesCompleted: number;
}

export interface SprintVelocity {
  readonly sprintId: number;
  readonly name: string | null;
  readonly boardId: number | null;
  readonly startAt: Date | null;
  readonly endAt: Date | null;
  readonly completedAt: Date | null;
  readonly committedPoints: number | null;
  readonly completedPoints: number | null;
  readonly committedIssues: number | null;
  readonly completedIssues: number | null;
}

const num = (value: string | number | null): number | null => (value === null ? null : Number(value));
const keysOf = (keys: string | readonly string[]): string[] => (typeof keys === 'string' ? [keys] : [...keys]);

/** The user a user id names now: itself, or the user it was merged into. */
const CURRENT_ID = 'coalesce((SELECT into_user_id FROM user_merges WHERE merged_user_id = $1::bigint), $1::bigint)';

async function userById(db: Queryable, id: string): Promise<User | null> {
  const { rows } = await db.query<{ id: string; display_name: string | null; hourly_rate: string | null; identities: UserIdentity[]; teams: string[] }>(
    `SELECT u.id::text, u.display_name, u.hourly_rate::text,
            coalesce((SELECT json_agg(json_build_object('source', i.source, 'externalId', i.external_id) ORDER BY i.source, i.external_id)
                        FROM identities i WHERE i.user_id = u.id), '[]') AS identities,
            coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = u.id), '{}') AS teams
       FROM users u WHERE u.id = $1::bigint`,
    [id],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return { id: Number(row.id), displayName: row.display_name, hourlyRate: num(row.hourly_rate), identities: row.identities, teams: row.teams };
}

async function userIdOfLogin(db: Queryable, login: string): Promise<string | null> {
  const { rows } = await db.query<{ user_id: string }>("SELECT user_id::text FROM identities WHERE source = 'github' AND external_id = $1", [login.trim().toLowerCase()]);
  return rows[0]?.user_id ?? null;
}

/** Who is the user with GitHub username `login`? With every identity we linked to them; null if unknown. */
export async function userByGithubLogin(db: Queryable, login: string): Promise<User | null> {
  const id = await userIdOfLogin(db, login);
  return id === null ? null : userById(db, id);
}

/**
 * The key of the project Jira knows by `jiraId` (its current key if it was changed), for events
 * that name a project by id only (a released version); undefined when no webhook told of it.
 */
export async function projectKeyOfJiraId(db: Queryable, jiraId: string): Promise<string | undefined> {
  const found = await db.query<{ key: string }>('SELECT key FROM projects WHERE jira_id = $1 ORDER BY jira_at DESC LIMIT 1', [jiraId]);
  return found.rows[0]?.key;
}

/**
 * What projects does the team own? Sorted by key; empty for an unknown team. `limit`: at most that
 * many (the access layer asks its row cap + 1); none means all.
 */
export async function projectsOwnedBy(db: Queryable, teamName: string, limit?: number): Promise<{ key: string; name: string | null }[]> {
  const { rows } = await db.query<{ key: string; name: string | null }>(
    'SELECT p.key, p.name FROM teams t JOIN project_owners o ON o.team_id = t.id JOIN projects p ON p.key = o.project_key WHERE t.name = $1 ORDER BY p.key LIMIT $2::bigint',
    [teamName, limit ?? null],
  );
  return rows;
}

/** The hourly rate of a user (by id, merged ids included) or a GitHub login; null when unknown or unset. */
export async function hourlyRateOf(db: Queryable, who: number | string): Promise<number | null> {
  const id = typeof who === 'number' ? String(who) : await userIdOfLogin(db, who);
  if (id === null) return null;
  const { rows } = await db.query<{ hourly_rate: string | null }>(`SELECT hourly_rate::text FROM users WHERE id = ${CURRENT_ID}`, [id]);
  return num(rows[0]?.hourly_rate ?? null);
}

/** Daily counters of a GitHub login's user, days from `from` to `to` inclusive (YYYY-MM-DD, UTC), days with activity only; at most `limit` days. */
export async function activityOf(db: Queryable, login: string, range: { from: string; to: string }, limit?: number): Promise<DailyActivity[]> {
  const { rows } = await db.query<{ day: string; commits: number; prs_opened: number; prs_merged: number; reviews: number; issues_completed: number }>(
    `SELECT to_char(a.day, 'YYYY-MM-DD') AS day, a.commits, a.prs_opened, a.prs_merged, a.reviews, a.issues_completed
       FROM identities i JOIN developer_daily_activity a ON a.user_id = i.user_id
      WHERE i.source = 'github' AND i.external_id = $1 AND a.day BETWEEN $2::date AND $3::date
      ORDER BY a.day
      LIMIT $4::bigint`,
    [login.trim().toLowerCase(), range.from, range.to, limit ?? null],
  );
  return rows.map((r) => ({ day: r.day, commits: r.commits, prsOpened: r.prs_opened, prsMerged: r.prs_merged, reviews: r.reviews, issuesCompleted: r.issues_completed }));
}

/**
 * The project's closed sprints, oldest first (sprints seen only through issues, not yet closed, are
 * left out). Several keys: a project whose work spans Jira projects. At most `limit` sprints.
 */
export async function velocityOf(db: Queryable, projectKey: string | readonly string[], limit?: number): Promise<SprintVelocity[]> {
  const { rows } = await db.query<{
    sprint_id: string; name: string | null; board_id: string | null; start_at: Date | null; end_at: Date | null; completed_at: Date | null;
    committed_points: string | null; completed_points: string | null; committed_issues: number | null; completed_issues: number | null;
  }>('SELECT * FROM sprint_velocity WHERE project_key = ANY($1::text[]) AND completed_at IS NOT NULL AND deleted_at IS NULL ORDER BY completed_at, sprint_id LIMIT $2::bigint', [keysOf(projectKey), limit ?? null]);
  return rows.map((r) => ({
    sprintId: Number(r.sprint_id),
    name: r.name,
    boardId: num(r.board_id),
    startAt: r.start_at,
    endAt: r.end_at,
    completedAt: r.completed_at,
    committedPoints: num(r.committed_points),
    completedPoints: num(r.completed_points),
    committedIssues: r.committed_issues,
    completedIssues: r.completed_issues,
  }));
}

export interface TimeSpent {
  /** The person (users.id), null for time whose Jira author no event has named. */
  readonly userId: number | null;
  readonly displayName: string | null;
  readonly hours: number;
  /** From the organization file only; null when it sets none. */
  readonly hourlyRate: number | null;
  /** hours × hourlyRate; null where there is no rate. */
  readonly cost: number | null;
}

/**
 * Hours logged on a Jira project's issues per person, work started from `from` (inclusive) to `to`
 * (exclusive, ISO times), with the cost at each person's hourly rate; most hours first. Counts each
 * worklog's current version (jiraWork.ts), not deleted ones, nor those of deleted issues (Jira
 * deletes an issue's worklogs with it), and only worklogs whose issue an issue event has tied to
 * the project. A worklog without a start time counts by its version time.
 */
export async function timeSpent(db: Queryable, projectKey: string | readonly string[], range: { from: string; to: string }, limit?: number): Promise<TimeSpent[]> {
  const { rows } = await db.query<{ user_id: string | null; display_name: string | null; seconds: string; hourly_rate: string | null }>(
    `SELECT u.id::text AS user_id, u.display_name, sum(w.time_spent_seconds)::text AS seconds, u.hourly_rate::text
       FROM jira_worklogs w
       JOIN jira_issues j ON j.issue_id = w.issue_id
       LEFT JOIN identities i ON i.source = 'jira' AND i.external_id = w.author_account_id
       LEFT JOIN users u ON u.id = i.user_id
      WHERE j.project_key = ANY($1::text[]) AND j.deleted_at IS NULL AND w.deleted_at IS NULL
        AND coalesce(w.started_at, w.version_at) >= $2::timestamptz AND coalesce(w.started_at, w.version_at) < $3::timestamptz
      GROUP BY u.id, u.display_name, u.hourly_rate
      ORDER BY sum(w.time_spent_seconds) DESC, u.id
      LIMIT $4::bigint`,
    [keysOf(projectKey), range.from, range.to, limit ?? null],
  );
  return rows.map((r) => {
    const hours = Number(r.seconds) / 3600;
    const hourlyRate = num(r.hourly_rate);
    return { userId: num(r.user_id), displayName: r.display_name, hours, hourlyRate, cost: hourlyRate === null ? null : Math.round(hours * hourlyRate * 100) / 100 };
  });
}

/**
 * The sources whose accounts reach `identities` (identities.ts): events key people by `github`
 * (login), `github_id`, `jira` (account id), `notion` (user id) and `email`; `slack` member ids
 * come from the organization file only (no Slack events are collected).
 */
export const IDENTITY_SOURCES = ['github', 'github_id', 'jira', 'email', 'slack', 'notion'] as const;
export type IdentitySource = (typeof IDENTITY_SOURCES)[number];

/** Logins and addresses are stored lower-cased (identities.ts); account ids as the source gives them. */
const CASE_INSENSITIVE: ReadonlySet<string> = new Set(['github', 'email']);

/** Who has the account `externalId` in `source` (a Jira account id, an email, a Slack member id…)? With every identity linked to them; null if unknown. */
export async function userByIdentity(db: Queryable, source: IdentitySource, externalId: string): Promise<User | null> {
  const id = externalId.trim();
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id::text FROM identities WHERE source = $1 AND external_id = $2', [source, CASE_INSENSITIVE.has(source) ? id.toLowerCase() : id]);
  const userId = rows[0]?.user_id;
  return userId === undefined ? null : userById(db, userId);
}

export interface ProjectOwner {
  readonly team: string;
  /** The team's members, by user id: their name and GitHub login (the smallest, when several). */
  readonly members: readonly { readonly id: number; readonly displayName: string | null; readonly github: string | null }[];
}

/** Which teams own the project (any of its Jira keys), with their members; by team name, at most `limit` teams. */
export async function projectOwners(db: Queryable, projectKey: string | readonly string[], limit?: number): Promise<ProjectOwner[]> {
  const { rows } = await db.query<{ team: string; members: ProjectOwner['members'] }>(
    `SELECT t.name AS team,
            coalesce((SELECT json_agg(json_build_object('id', u.id, 'displayName', u.display_name,
                                      'github', (SELECT min(i.external_id) FROM identities i WHERE i.user_id = u.id AND i.source = 'github')) ORDER BY u.id)
                        FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id), '[]') AS members
       FROM teams t
      WHERE t.id IN (SELECT team_id FROM project_owners WHERE project_key = ANY($1::text[]))
      ORDER BY t.name
      LIMIT $2::bigint`,
    [keysOf(projectKey), limit ?? null],
  );
  return rows.map((r) => ({ team: r.team, members: r.members.map((m) => ({ id: Number(m.id), displayName: m.displayName, github: m.github })) }));
}

export interface Workload {
  readonly commits: number;
  readonly prsOpened: number;
  readonly prsMerged: number;
  readonly reviews: number;
  readonly issuesCompleted: number;
}

/**
 * How busy a GitHub login's user has been: their daily counters summed over the `days` days
 * ending with `today` (YYYY-MM-DD, UTC, inclusive). Zeros for an unknown login or a quiet spell.
 */
export async function developerWorkload(db: Queryable, login: string, days: number, today: string): Promise<Workload> {
  const { rows } = await db.query<{ commits: number; prs_opened: number; prs_merged: number; reviews: number; issues_completed: number }>(
    `SELECT coalesce(sum(a.commits), 0)::int AS commits, coalesce(sum(a.prs_opened), 0)::int AS prs_opened, coalesce(sum(a.prs_merged), 0)::int AS prs_merged,
            coalesce(sum(a.reviews), 0)::int AS reviews, coalesce(sum(a.issues_completed), 0)::int AS issues_completed
       FROM identities i JOIN developer_daily_activity a ON a.user_id = i.user_id
      WHERE i.source = 'github' AND i.external_id = $1 AND a.day > $2::date - $3::int AND a.day <= $2::date`,
    [login.trim().toLowerCase(), today, days],
  );
  const r = rows[0]!;
  return { commits: r.commits, prsOpened: r.prs_opened, prsMerged: r.prs_merged, reviews: r.reviews, issuesCompleted: r.issues_completed };
}

export interface Sprint {
  readonly sprintId: number;
  readonly name: string | null;
  readonly state: 'future' | 'active' | 'closed' | null;
  readonly startAt: Date | null;
  readonly endAt: Date | null;
  readonly completedAt: Date | null;
}

/** The project's sprints that are not deleted, newest first (by start, then id; unstarted ones first); at most `limit`. */
export async function sprintsOf(db: Queryable, projectKey: string | readonly string[], limit?: number): Promise<Sprint[]> {
  const { rows } = await db.query<{ sprint_id: string; name: string | null; state: Sprint['state']; start_at: Date | null; end_at: Date | null; completed_at: Date | null }>(
    `SELECT sprint_id::text, name, state, start_at, end_at, completed_at FROM sprint_velocity
      WHERE project_key = ANY($1::text[]) AND deleted_at IS NULL
      ORDER BY start_at DESC NULLS FIRST, sprint_id DESC
      LIMIT $2::bigint`,
    [keysOf(projectKey), limit ?? null],
  );
  return rows.map((r) => ({ sprintId: Number(r.sprint_id), name: r.name, state: r.state, startAt: r.start_at, endAt: r.end_at, completedAt: r.completed_at }));
}
