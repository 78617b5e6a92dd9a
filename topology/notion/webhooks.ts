/**
 * How Notion webhook events arrive, for replay and the gateway it stands in for:
 *
 * - key: `workspace_id`: one workspace's events stay in order.
 * - headers: none kept (Notion's event id is in the body).
 * - a bare body is Notion's when it has `workspace_id`, `type` and `entity`; `type` is its event name.
 */
import type { Recognized } from '../normalizer.ts';
import { textAt } from '../jsonAt.ts';

export function notionKey(body: unknown): string | undefined {
  return textAt(body, 'workspace_id');
}

export function recognizeNotion(_file: string, body: object): Recognized | undefined {
  const o = body as { workspace_id?: unknown; type?: unknown; entity?: unknown };
  return typeof o.workspace_id === 'string' && typeof o.type === 'string' && typeof o.entity === 'object' ? { by: 'body', source: 'notion', eventName: o.type } : undefined;
}
