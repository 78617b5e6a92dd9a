/**
 * The Kafka key of a raw webhook: what the normalize sub-topology keeps as the key of every
 * event it derives, so one key's events stay in order from raw topic to store (DESIGN.md,
 * "Ordering"). Read from the body the way the gateway would:
 *
 * | source                  | key                                                         |
 * | ----------------------- | ----------------------------------------------------------- |
 * | github                  | `repository.full_name` (else `organization.login`)          |
 * | jira                    | the issue's project key (`issue.fields.project.key`, else   |
 * |                         | the prefix of `issue.key`); a sprint: `board-<originBoardId>` |
 * | notion                  | `workspace_id`                                              |
 * | prometheus query_result | the `job` label of the first series                         |
 * | alertmanager alerts     | `commonLabels.job`, else `groupLabels.job`, else the first  |
 * |                         | alert's `job`, else `groupKey`                              |
 *
 * A body that names none of these is keyed by its source alone: one partition keeps its order,
 * which a missing key (round-robin) would not.
 */
import type { RawWebhook } from '../avro/generated/types.ts';

type Json = Record<string, unknown>;

const object = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((node, part) => (typeof part === 'number' ? (Array.isArray(node) ? node[part] : undefined) : object(node)?.[part]), value);

function jiraKey(body: Json): string | undefined {
  const project = text(at(body, 'issue', 'fields', 'project', 'key'));
  if (project) return project;
  const issueKey = text(at(body, 'issue', 'key'));
  if (issueKey?.includes('-')) return issueKey.slice(0, issueKey.lastIndexOf('-'));
  const board = at(body, 'sprint', 'originBoardId');
  return typeof board === 'number' ? `board-${board}` : undefined;
}

function keyFromBody(source: string, body: Json): string | undefined {
  switch (source) {
    case 'github':
      return text(at(body, 'repository', 'full_name')) ?? text(at(body, 'organization', 'login'));
    case 'jira':
      return jiraKey(body);
    case 'notion':
      return text(body.workspace_id);
    case 'prometheus':
    case 'alertmanager':
      return (
        text(at(body, 'data', 'result', 0, 'metric', 'job')) ??
        text(at(body, 'commonLabels', 'job')) ??
        text(at(body, 'groupLabels', 'job')) ??
        text(at(body, 'alerts', 0, 'labels', 'job')) ??
        text(body.groupKey)
      );
    default:
      return undefined;
  }
}

/** The key to produce `webhook` with; `body` is its parsed body when the caller has it already. */
export function rawKey(webhook: Pick<RawWebhook, 'source' | 'body'>, body?: unknown): string {
  let parsed = body;
  if (parsed === undefined) {
    try {
      parsed = JSON.parse(webhook.body) as unknown;
    } catch {
      return webhook.source;
    }
  }
  const json = object(parsed);
  return (json && keyFromBody(webhook.source, json)) ?? webhook.source;
}
