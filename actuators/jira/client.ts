/**
 * The few Jira Cloud REST v3 calls the actuator makes, over the host gate's fetch.
 *
 * Node's fetch rather than jira.js: five endpoints, and the actuator needs each answer's status,
 * body and Retry-After to classify it (errors.ts) and to let the gate wait — jira.js wraps them
 * in axios errors and brings a client for hundreds of endpoints we do not call.
 *
 * Idempotency markers: a comment or worklog the actuator adds carries an entity property
 * `switchyard` = `{ commandId }` (Jira stores properties with the comment, and returns them with
 * `expand=properties`), so a command whose outcome is unknown (a crash between the call and the
 * ledger) can be looked for before it is sent again.
 */
import type { JiraAuth } from '../config.ts';
import { httpError, networkError } from '../errors.ts';
import type { FetchLike } from '../http/hostGate.ts';
import type { AdfDocument } from './adf.ts';

export const MARKER_PROPERTY = 'switchyard';

export interface JiraTransition {
  readonly id: string;
  readonly name: string;
  readonly to: { readonly name: string };
}

export interface JiraClientOptions {
  readonly baseUrl: string;
  /** Null in dry-run without credentials: no Authorization header. */
  readonly auth: JiraAuth | null;
  /** The host gate's, which times out each send (hostGate.ts): a signal made here would tick while the request queued. */
  readonly fetch: FetchLike;
  readonly secrets: readonly string[];
}

interface Marked {
  readonly id: string;
  readonly properties?: readonly { readonly key: string; readonly value?: { readonly commandId?: unknown } }[];
}

/** Pages read when looking for a marker: 20 × 100 of the newest comments or worklogs. */
const MAX_MARKER_PAGES = 20;

export class JiraClient {
  readonly #options: JiraClientOptions;

  constructor(options: JiraClientOptions) {
    this.#options = options;
  }

  async addComment(issueKey: string, body: AdfDocument, commandId: string): Promise<{ id: string }> {
    return (await this.#call('POST', `${issuePath(issueKey)}/comment`, { body, properties: [{ key: MARKER_PROPERTY, value: { commandId } }] })) as { id: string };
  }

  /** The id of the comment carrying this command's marker, or null. Newest first. */
  async findMarkedComment(issueKey: string, commandId: string): Promise<string | null> {
    return this.#findMarked(`${issuePath(issueKey)}/comment`, 'comments', commandId, '&orderBy=-created');
  }

  async transitions(issueKey: string): Promise<readonly JiraTransition[]> {
    return ((await this.#call('GET', `${issuePath(issueKey)}/transitions`)) as { transitions: JiraTransition[] }).transitions;
  }

  async transition(issueKey: string, transitionId: string): Promise<void> {
    await this.#call('POST', `${issuePath(issueKey)}/transitions`, { transition: { id: transitionId } });
  }

  async status(issueKey: string): Promise<string> {
    return ((await this.#call('GET', `${issuePath(issueKey)}?fields=status`)) as { fields: { status: { name: string } } }).fields.status.name;
  }

  async addWorklog(issueKey: string, timeSpentSeconds: number, comment: AdfDocument | null, commandId: string): Promise<{ id: string }> {
    const body = { timeSpentSeconds, ...(comment === null ? {} : { comment }), properties: [{ key: MARKER_PROPERTY, value: { commandId } }] };
    return (await this.#call('POST', `${issuePath(issueKey)}/worklog?notifyUsers=false`, body)) as { id: string };
  }

  async findMarkedWorklog(issueKey: string, commandId: string): Promise<string | null> {
    return this.#findMarked(`${issuePath(issueKey)}/worklog`, 'worklogs', commandId, '');
  }

  async #findMarked(path: string, field: 'comments' | 'worklogs', commandId: string, order: string): Promise<string | null> {
    for (let page = 0, startAt = 0; page < MAX_MARKER_PAGES; page++) {
      const answer = (await this.#call('GET', `${path}?startAt=${startAt}&maxResults=100&expand=properties${order}`)) as Record<string, unknown> & { total?: number };
      const items = (answer[field] ?? []) as readonly Marked[];
      const found = items.find((item) => item.properties?.some((p) => p.key === MARKER_PROPERTY && p.value?.commandId === commandId));
      if (found !== undefined) return found.id;
      startAt += items.length;
      if (items.length === 0 || startAt >= (answer.total ?? 0)) return null;
    }
    return null;
  }

  /** One call; a non-2xx answer or no answer becomes an UpstreamError. Returns the parsed JSON body (null when empty). */
  async #call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const { baseUrl, auth, secrets } = this.#options;
    const call = `${method} ${path.split('?', 1)[0]}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth !== null) headers.Authorization = auth.kind === 'basic' ? `Basic ${Buffer.from(`${auth.email}:${auth.apiToken}`).toString('base64')}` : `Bearer ${auth.token}`;
    let response: Response;
    let text: string;
    try {
      response = await this.#options.fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      text = await response.text();
    } catch (error) {
      throw networkError('jira', call, error, secrets);
    }
    if (!response.ok) throw httpError('jira', call, response.status, text, secrets);
    return text === '' ? null : (JSON.parse(text) as unknown);
  }
}

const issuePath = (issueKey: string) => `/rest/api/3/issue/${encodeURIComponent(issueKey)}`;
