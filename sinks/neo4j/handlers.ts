/**
 * What the collaboration graph keeps of each kind of event (sinks/handlers.ts): who contributed
 * where, who reviewed whom, issues and their assignments, documents. Every kind is decided here;
 * the routing table's Neo4j column is drawn from these `why`s. The facts are rows.ts's.
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import { type Handlers, rowsOf } from '../handlers.ts';
import { contributionFacts, documentFacts, graphRowsOf, issueFacts, issueLinkFacts, mergeFacts, submittedReviewFacts, type GraphFact, type GraphRows } from './rows.ts';
import { accountFacts, teamFacts, teamMemberFacts, teamRepositoryFacts } from './teamRows.ts';

const document = { why: 'Document', rows: documentFacts };

export const neo4jHandlers = {
  'commit.pushed': { why: 'Contribution link (CONTRIBUTED_TO)', rows: contributionFacts },
  'ref.pushed': null,
  'pull_request.opened': null,
  'pull_request.updated': null,
  'pull_request.merged': { why: 'Review relationship', rows: mergeFacts },
  'pull_request.closed': null,
  'review.submitted': { why: 'Review relationship (REVIEWED)', rows: submittedReviewFacts },
  'review.dismissed': null,
  'deployment.created': null,
  'deployment.status_changed': null,
  'workflow_run.completed': null,
  'workflow_job.completed': null,
  'issue.opened': null,
  'issue.edited': null,
  'issue.closed': null,
  'issue.reopened': null,
  'issue.labeled': null,
  'issue.unlabeled': null,
  'team.created': { why: 'Team (PARENT_OF)', rows: teamFacts },
  'team.updated': { why: 'Team (PARENT_OF)', rows: teamFacts },
  'team.deleted': { why: 'Team (PARENT_OF)', rows: teamFacts },
  'team.repository_added': { why: 'Team access (HAS_ACCESS)', rows: teamRepositoryFacts },
  'team.repository_removed': { why: 'Team access (HAS_ACCESS)', rows: teamRepositoryFacts },
  'team.member_added': { why: 'Team membership (MEMBER_OF)', rows: teamMemberFacts },
  'team.member_removed': { why: 'Team membership (MEMBER_OF)', rows: teamMemberFacts },
  'organization.member_added': { why: 'Developer', rows: accountFacts },
  'organization.member_removed': { why: 'Developer', rows: accountFacts },
  'repository.collaborator_added': { why: 'Developer', rows: accountFacts },
  'repository.collaborator_updated': { why: 'Developer', rows: accountFacts },
  'repository.collaborator_removed': { why: 'Developer', rows: accountFacts },
  'issue.created': { why: 'Issue and assignment link', rows: issueFacts },
  'issue.updated': { why: 'Assignment link (ASSIGNED_TO)', rows: issueFacts },
  'sprint.closed': null,
  'comment.created': null,
  'issue_link.created': { why: 'Issue dependency (DEPENDS_ON) or link (LINKED)', rows: issueLinkFacts },
  'issue_link.deleted': { why: 'Issue dependency (DEPENDS_ON) or link (LINKED)', rows: issueLinkFacts },
  'page.created': document,
  'page.updated': document,
  'page.deleted': document,
  'page.undeleted': document,
  'page.moved': document,
  'page_comment.created': null,
  'data_source.created': null,
  'data_source.updated': null,
  'data_source.deleted': null,
  'alert.firing': null,
  'alert.resolved': null,
  'metric.sampled': null,
} satisfies Handlers<GraphFact>;

/** A batch's rows: the facts of the events the graph keeps, grouped by statement (rows.ts). */
export function toGraphRows(events: readonly EngEvent[]): GraphRows {
  return graphRowsOf(events.flatMap((event) => rowsOf(neo4jHandlers, event)));
}
