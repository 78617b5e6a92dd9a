/**
 * The source and event name of a bare webhook body (a fixture file), told from its path and
 * content, the way each source names its events:
 *
 * | source       | told by                                                     | eventName                       |
 * | ------------ | ----------------------------------------------------------- | ------------------------------- |
 * | github       | a `github` folder in the path                               | the file's folder (X-GitHub-Event: `push/payload.json`), else the file name's first part (`push.json`, `pull_request.opened.json`) |
 * | jira         | a `webhookEvent` field                                      | `webhookEvent`                  |
 * | notion       | `workspace_id`, `type` and `entity` fields                  | `type`                          |
 * | alertmanager | `version` and an `alerts` array                             | `alerts`                        |
 * | prometheus   | `status` and `data.resultType` (or `errorType`)             | `query_result`                  |
 *
 * GitHub is the one source that does not name its event in the body (it sends X-GitHub-Event as
 * a header), hence the folder. Anything else is unreadable, with the reason.
 */
import path from 'node:path';

export type Inferred = { readonly source: string; readonly eventName: string } | { readonly reason: string };

const EVENT_NAME = /^[a-z][a-z_]*$/;
/** Folders of the fixture layout that are not an event name. */
const NOT_EVENTS = new Set(['github', 'fixtures', 'samples', 'payloads']);

function githubEvent(file: string): string | undefined {
  const folder = path.basename(path.dirname(file));
  if (EVENT_NAME.test(folder) && !NOT_EVENTS.has(folder)) return folder;
  const first = path.basename(file).split('.')[0] ?? '';
  return EVENT_NAME.test(first) && first !== 'payload' ? first : undefined;
}

export function inferWebhook(file: string, body: unknown): Inferred {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { reason: 'not a JSON object: a webhook body is one' };
  const o = body as Record<string, unknown>;
  if (typeof o.webhookEvent === 'string') return { source: 'jira', eventName: o.webhookEvent };
  if (typeof o.workspace_id === 'string' && typeof o.type === 'string' && typeof o.entity === 'object') return { source: 'notion', eventName: o.type };
  if (typeof o.version === 'string' && Array.isArray(o.alerts)) return { source: 'alertmanager', eventName: 'alerts' };
  const data = o.data as Record<string, unknown> | null | undefined;
  if (typeof o.status === 'string' && (typeof data?.resultType === 'string' || typeof o.errorType === 'string')) return { source: 'prometheus', eventName: 'query_result' };
  if (path.resolve(file).split(path.sep).includes('github')) {
    const eventName = githubEvent(file);
    return eventName ? { source: 'github', eventName } : { reason: 'a GitHub body, but no event name in its folder or file name (e.g. push/payload.json)' };
  }
  return { reason: 'cannot tell the source: not under a github folder, and no webhookEvent (Jira), workspace_id+type (Notion), alerts (Alertmanager) or status+data (Prometheus)' };
}
