/**
 * How GitHub webhooks arrive, for replay and the gateway it stands in for:
 *
 * - key: `repository.full_name`, else `organization.login` (an organization-level event): one
 *   repository's events stay in order.
 * - headers: `x-github-event` (the event name) and `x-github-delivery`.
 * - a bare body: GitHub is the one source that does not name its event in the body (it sends
 *   X-GitHub-Event as a header), so a body is GitHub's by its place, a `github` folder in its
 *   path, and its event is the file's folder (`push/payload.json`), else the file name's first
 *   part (`push.json`, `pull_request.opened.json`). Every other source tells by the body, and a
 *   body wins over a place: a Jira body under a `github` folder is still Jira's.
 */
import path from 'node:path';
import type { Recognized } from '../normalizer.ts';
import { textAt } from '../jsonAt.ts';

export function githubKey(body: unknown): string | undefined {
  return textAt(body, 'repository', 'full_name') ?? textAt(body, 'organization', 'login');
}

export function githubHeaders(eventName: string, deliveryId: string): Record<string, string> {
  return { 'x-github-event': eventName, 'x-github-delivery': deliveryId };
}

const EVENT_NAME = /^[a-z][a-z_]*$/;
/** Folders of the fixture layout that are not an event name. */
const NOT_EVENTS = new Set(['github', 'fixtures', 'samples', 'payloads']);

function eventOf(file: string): string | undefined {
  const folder = path.basename(path.dirname(file));
  if (EVENT_NAME.test(folder) && !NOT_EVENTS.has(folder)) return folder;
  const first = path.basename(file).split('.')[0] ?? '';
  return EVENT_NAME.test(first) && first !== 'payload' ? first : undefined;
}

export function recognizeGitHub(file: string): Recognized | undefined {
  if (!path.resolve(file).split(path.sep).includes('github')) return undefined;
  const eventName = eventOf(file);
  return eventName ? { by: 'path', source: 'github', eventName } : { by: 'path', reason: 'a GitHub body, but no event name in its folder or file name (e.g. push/payload.json)' };
}
