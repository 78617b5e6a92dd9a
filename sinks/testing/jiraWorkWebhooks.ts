/**
 * Jira's issue and worklog webhooks of the store tests, normalized from topology/jira/fixtures by
 * the Jira normalizer itself: PROJ-456 (issue 10456) created, Emma logging 3h on it, Mia
 * correcting it to 4h 30m, the worklog deleted; the fixture edited where a test needs another
 * worklog or issue.
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import { jira } from '../../topology/jira/index.ts';
import { fixtureNormalizer } from '../../topology/testing/normalizerProperties.ts';

const normalize = fixtureNormalizer(jira, new URL('../../topology/jira/fixtures/', import.meta.url), 'delivery-jira-work');

/** The one event a Jira fixture gives (edited by `edit`), or a thrown error naming why not. */
export function jiraEvent(file: string, eventName: string, edit?: (body: any) => void): EngEvent {
  const outcome = normalize(file, eventName, edit);
  if (outcome.kind !== 'normalized' || outcome.events.length !== 1) throw new Error(`${file}: expected one event, got ${JSON.stringify(outcome)}`);
  return outcome.events[0]!;
}

export const EMMA = '5b10ac8d82e05b22cc7d4ef5';
export const MIA = '5b10a2844c20165700ede21g';

export const issueCreated = (): EngEvent => jiraEvent('jira-issue_created.json', 'jira:issue_created');
export const issueUpdated = (): EngEvent => jiraEvent('jira-issue_updated.status.json', 'jira:issue_updated');
export const issueDeleted = (edit?: (body: any) => void): EngEvent => jiraEvent('issue_deleted.json', 'jira:issue_deleted', edit);
export const worklogCreated = (edit?: (body: any) => void): EngEvent => jiraEvent('worklog_created.json', 'worklog_created', edit);
export const worklogUpdated = (): EngEvent => jiraEvent('worklog_updated.json', 'worklog_updated');
export const worklogDeleted = (): EngEvent => jiraEvent('worklog_deleted.json', 'worklog_deleted');
