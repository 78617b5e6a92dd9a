/**
 * What the collaboration graph keeps of each kind of event (sinks/handlers.ts): who contributed
 * where, who reviewed whom, issues and their assignments, documents. Every kind is decided here;
 * the routing table's Neo4j column is drawn from these `why`s. The facts are rows.ts's.
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import { type Handlers, rowsOf } from '../handlers.ts';
import { contributionFacts, documentFacts, graphRowsOf, issueFacts, mergeFacts, submittedReviewFacts, type GraphFact, type GraphRows } from './rows.ts';

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
  'issue.created': { why: 'Issue and assignment link', rows: issueFacts },
  'issue.updated': { why: 'Assignment link (ASSIGNED_TO)', rows: issueFacts },
  'sprint.closed': null,
  'comment.created': null,
  'page.created': document,
  'page.updated': document,
  'page.deleted': document,
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
