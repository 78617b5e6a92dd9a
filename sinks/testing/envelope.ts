/**
 * The EngEvent envelope the sinks' hand-built test events share, as a normalizer would fill it:
 * the source is the one that sends that kind today (`extra.source` sets another), the delivery id
 * follows the event id, and `extra` sets what the event has of actor, repository and project (or
 * another delivery id).
 *
 *     envelope('commit.pushed', 'github:commit:acme/x:a1', at, payload, { actor, repository: 'acme/x' })
 */
import type { EngEvent, EngEventOf } from '../../avro/generated/types.ts';

/** Who sends each kind today; a test of another source says so in `extra`. */
const SENDER: Readonly<Record<EngEvent['type'], string>> = {
  'commit.pushed': 'github',
  'ref.pushed': 'github',
  'pull_request.opened': 'github',
  'pull_request.updated': 'github',
  'pull_request.merged': 'github',
  'pull_request.closed': 'github',
  'review.submitted': 'github',
  'review.dismissed': 'github',
  'deployment.created': 'github',
  'deployment.status_changed': 'github',
  'workflow_run.completed': 'github',
  'workflow_job.completed': 'github',
  'issue.opened': 'github',
  'issue.edited': 'github',
  'issue.closed': 'github',
  'issue.reopened': 'github',
  'issue.labeled': 'github',
  'issue.unlabeled': 'github',
  'team.created': 'github',
  'team.updated': 'github',
  'team.deleted': 'github',
  'team.repository_added': 'github',
  'team.repository_removed': 'github',
  'team.member_added': 'github',
  'team.member_removed': 'github',
  'organization.member_added': 'github',
  'organization.member_removed': 'github',
  'repository.collaborator_added': 'github',
  'repository.collaborator_updated': 'github',
  'repository.collaborator_removed': 'github',
  'issue.created': 'jira',
  'issue.updated': 'jira',
  'sprint.closed': 'jira',
  'comment.created': 'jira',
  'issue_link.created': 'jira',
  'issue_link.deleted': 'jira',
  'page.created': 'notion',
  'page.updated': 'notion',
  'page.deleted': 'notion',
  'page.undeleted': 'notion',
  'page.moved': 'notion',
  'page_comment.created': 'notion',
  'data_source.created': 'notion',
  'data_source.updated': 'notion',
  'data_source.deleted': 'notion',
  'alert.firing': 'alertmanager',
  'alert.resolved': 'alertmanager',
  'metric.sampled': 'prometheus',
};

export const envelope = <T extends EngEvent['type'], P>(type: T, eventId: string, occurredAt: number, payload: P, extra: Partial<EngEventOf<T, P>> = {}): EngEventOf<T, P> => ({
  eventId,
  type,
  occurredAt,
  source: SENDER[type],
  actor: null,
  repository: null,
  projectKey: null,
  deliveryId: `delivery-${eventId}`,
  payload,
  ...extra,
});
