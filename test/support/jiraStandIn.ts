/**
 * A stand-in for Jira Cloud REST v3, for tests: Jira Cloud cannot run here, so this local server
 * follows its documented API for the calls the actuator makes —
 *
 * - `POST /rest/api/3/issue/{key}/comment`: the body must be Atlassian Document Format (a `doc`
 *   of version 1 with block `content`; paragraphs of non-empty text nodes, hard breaks, link
 *   marks with an href); anything else is 400 with Jira's `{errorMessages, errors}`. 201 with the
 *   comment; `properties` are stored and returned by `GET …/comment?expand=properties`
 *   (paginated with startAt/maxResults/total, `orderBy=-created`).
 * - `GET`/`POST /rest/api/3/issue/{key}/transitions`: the workflow offers a transition to every
 *   other status, named after its target status; a bad id is 400; success is 204.
 * - `POST`/`GET /rest/api/3/issue/{key}/worklog`, `GET /rest/api/3/issue/{key}?fields=status`.
 * - Basic (email:API token) or Bearer auth, else 401; an unknown issue is 404.
 *
 * Tests inject 5xx runs and 429 with Retry-After (standInServer.ts) and read what was done.
 */
import { startStandInServer, type SeenRequest, type StandInServer } from './standInServer.ts';

export const WORKFLOW = ['To Do', 'In Progress', 'In Review', 'Blocked', 'Done'] as const;

interface Stored {
  readonly id: string;
  readonly created: number;
  readonly body: unknown;
  readonly properties: readonly { key: string; value: unknown }[];
}

export interface JiraIssue {
  status: string;
  readonly comments: Stored[];
  readonly worklogs: (Stored & { timeSpentSeconds: number })[];
  /** Status moves performed, in order. */
  readonly transitions: string[];
}

export interface JiraStandIn extends StandInServer {
  readonly issues: Map<string, JiraIssue>;
  addIssue(key: string, status?: string): JiraIssue;
  /** Actions performed (comments, transitions, worklogs) on all issues. */
  actions(): number;
}

export interface JiraStandInOptions {
  readonly email?: string;
  readonly apiToken?: string;
  readonly oauthToken?: string;
}

const json = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });
const jiraError = (status: number, ...errorMessages: string[]) => json(status, { errorMessages, errors: {} });

export async function startJiraStandIn(options: JiraStandInOptions = {}): Promise<JiraStandIn> {
  const issues = new Map<string, JiraIssue>();
  let nextId = 10000;
  const authorized = (r: SeenRequest) => {
    const header = r.headers.authorization ?? '';
    if (options.oauthToken !== undefined && header === `Bearer ${options.oauthToken}`) return true;
    return options.apiToken !== undefined && header === `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  };

  const server = await startStandInServer((request, url) => {
    if (!authorized(request)) return { status: 401, body: 'Client must be authenticated to access this resource.' };
    const match = /^\/rest\/api\/3\/issue\/([^/]+)(\/(comment|transitions|worklog))?$/.exec(url.pathname);
    if (match === null) return jiraError(404, `No resource ${url.pathname}`);
    const key = decodeURIComponent(match[1]!);
    const issue = issues.get(key);
    if (issue === undefined) return jiraError(404, 'Issue does not exist or you do not have permission to see it.');
    const resource = match[3];
    const body = request.body === '' ? undefined : (JSON.parse(request.body) as Record<string, unknown>);
    const expandProperties = (url.searchParams.get('expand') ?? '').split(',').includes('properties');
    const page = <T extends Stored>(items: readonly T[], field: string) => {
      const ordered = url.searchParams.get('orderBy') === '-created' ? [...items].reverse() : items;
      const startAt = Number(url.searchParams.get('startAt') ?? 0);
      const maxResults = Number(url.searchParams.get('maxResults') ?? 50);
      const shown = ordered.slice(startAt, startAt + maxResults).map(({ properties, ...rest }) => (expandProperties ? { ...rest, properties } : rest));
      return json(200, { startAt, maxResults, total: items.length, [field]: shown });
    };

    if (resource === undefined && request.method === 'GET') return json(200, { key, fields: { status: { name: issue.status } } });
    if (resource === 'comment' && request.method === 'GET') return page(issue.comments, 'comments');
    if (resource === 'comment' && request.method === 'POST') {
      const problem = adfProblem(body?.body);
      if (problem !== null) return json(400, { errorMessages: [], errors: { comment: `Comment body is not valid! ${problem}` } });
      const comment = { id: String(nextId++), created: Date.now(), body: body!.body, properties: (body!.properties as Stored['properties']) ?? [] };
      issue.comments.push(comment);
      return json(201, { id: comment.id, body: comment.body, created: new Date(comment.created).toISOString() });
    }
    if (resource === 'transitions' && request.method === 'GET') {
      return json(200, { transitions: WORKFLOW.filter((s) => s !== issue.status).map((s) => ({ id: String(WORKFLOW.indexOf(s) + 11), name: s, to: { name: s, statusCategory: {} } })) });
    }
    if (resource === 'transitions' && request.method === 'POST') {
      const id = String((body?.transition as { id?: unknown } | undefined)?.id ?? '');
      const to = WORKFLOW.find((s) => String(WORKFLOW.indexOf(s) + 11) === id);
      if (to === undefined || to === issue.status) return jiraError(400, `Transition id '${id}' is not valid for this issue.`);
      issue.status = to;
      issue.transitions.push(to);
      return { status: 204, body: '' };
    }
    if (resource === 'worklog' && request.method === 'GET') return page(issue.worklogs, 'worklogs');
    if (resource === 'worklog' && request.method === 'POST') {
      const seconds = body?.timeSpentSeconds;
      if (typeof seconds !== 'number' || seconds <= 0) return json(400, { errorMessages: [], errors: { timeLogged: 'You must indicate the time spent working.' } });
      if (body?.comment !== undefined && adfProblem(body.comment) !== null) return json(400, { errorMessages: [], errors: { comment: 'Comment body is not valid!' } });
      const worklog = { id: String(nextId++), created: Date.now(), body: body?.comment ?? null, properties: (body?.properties as Stored['properties']) ?? [], timeSpentSeconds: seconds };
      issue.worklogs.push(worklog);
      return json(201, { id: worklog.id, timeSpentSeconds: seconds });
    }
    return jiraError(405, `${request.method} is not supported on ${url.pathname}`);
  });

  return {
    ...server,
    issues,
    addIssue: (key, status = 'To Do') => {
      const issue: JiraIssue = { status, comments: [], worklogs: [], transitions: [] };
      issues.set(key, issue);
      return issue;
    },
    actions: () => [...issues.values()].reduce((n, i) => n + i.comments.length + i.transitions.length + i.worklogs.length, 0),
  };
}

/** Why a value is not an ADF document (what Jira checks for a comment), or null. */
export function adfProblem(doc: unknown): string | null {
  if (typeof doc !== 'object' || doc === null) return 'the body must be an ADF document';
  const d = doc as { type?: unknown; version?: unknown; content?: unknown };
  if (d.type !== 'doc') return 'type must be doc';
  if (d.version !== 1) return 'version must be 1';
  if (!Array.isArray(d.content)) return 'content must be an array';
  for (const block of d.content as { type?: unknown; content?: unknown }[]) {
    if (block?.type !== 'paragraph') return `unsupported block node ${String(block?.type)}`;
    if (!Array.isArray(block.content)) return 'paragraph content must be an array';
    for (const inline of block.content as { type?: unknown; text?: unknown; marks?: unknown }[]) {
      if (inline?.type === 'hardBreak') continue;
      if (inline?.type !== 'text') return `unsupported inline node ${String(inline?.type)}`;
      if (typeof inline.text !== 'string' || inline.text === '') return 'text nodes must have non-empty text';
      for (const mark of (inline.marks ?? []) as { type?: unknown; attrs?: { href?: unknown } }[]) {
        if (mark?.type !== 'link' || typeof mark.attrs?.href !== 'string') return 'link marks need attrs.href';
      }
    }
  }
  return null;
}
