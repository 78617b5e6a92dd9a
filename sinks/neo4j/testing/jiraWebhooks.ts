/**
 * Test support: Jira webhooks for the issue link tests, built from the Jira fixtures
 * (topology/jira/fixtures) and normalized by the Jira normalizer, so what the graph is given is
 * exactly what Switchyard makes of the webhooks.
 */
import { readFileSync } from 'node:fs';
import type { EngEvent } from '../../../avro/generated/types.ts';
import { jira } from '../../../topology/jira/index.ts';
import { rawWebhook } from '../../../topology/testing/normalizerProperties.ts';

const fixtures = new URL('../../../topology/jira/fixtures/', import.meta.url);
const fixture = (name: string): any => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));

function normalized(eventName: string, body: unknown): EngEvent {
  const outcome = jira.normalize(rawWebhook('jira', eventName, JSON.stringify(body), `delivery-${eventName}-${JSON.stringify(body).length}`));
  if (outcome.kind !== 'normalized' || outcome.events.length !== 1) throw new Error(`expected one event from ${eventName}, got ${JSON.stringify(outcome)}`);
  return outcome.events[0]!;
}

/** `jira:issue_created` for issue `id` with `key` (its project the key's prefix), as jira-issue_created.json with those changed. */
export function issueCreated(id: number, key: string): EngEvent {
  const body = fixture('jira-issue_created.json');
  body.issue.id = String(id);
  body.issue.key = key;
  body.issue.self = `https://your-domain.atlassian.net/rest/api/2/issue/${id}`;
  body.issue.fields.project = { ...body.issue.fields.project, id: String(id), key: key.split('-')[0], name: key.split('-')[0] };
  return normalized('jira:issue_created', body);
}

export const BLOCKS = { id: 10000, name: 'Blocks', outwardName: 'blocks', inwardName: 'is blocked by', isSubTaskLinkType: false, isSystemLinkType: false };
export const RELATES = { id: 10003, name: 'Relates', outwardName: 'relates to', inwardName: 'relates to', isSubTaskLinkType: false, isSystemLinkType: false };
/** A type a site defined, read from the source: "MOB-3 depends on CORE-2". */
export const DEPENDS = { id: 10100, name: 'Dependency', outwardName: 'depends on', inwardName: 'is depended on by', isSubTaskLinkType: false, isSystemLinkType: false };

/** `issuelink_created` / `issuelink_deleted` of link `id` from issue `source` to issue `destination`, as issuelink_created.json with those changed. */
export function issueLink(verb: 'created' | 'deleted', id: number, source: number, destination: number, type: object = BLOCKS): EngEvent {
  const body = fixture(`issuelink_${verb}.json`);
  body.issueLink = { id, sourceIssueId: source, destinationIssueId: destination, issueLinkType: type };
  return normalized(`issuelink_${verb}`, body);
}
