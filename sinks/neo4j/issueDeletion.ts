/**
 * A deleted Jira issue in the graph: its Issue node goes with every relationship it had
 * (ASSIGNED_TO, IN_PROJECT, IN_SPRINT, DEPENDS_ON, LINKED), so no walk — "what depends on
 * Project X", "who works on what" — meets it again.
 *
 * DELETION WINS. Jira never reuses an issue id, so a deletion is final; but events of the issue
 * may be replayed after it (a late redelivery of an issue.updated, an issue link keyed by its link,
 * on another partition). A `(:DeletedIssue {id})` tombstone remembers the deletion: the issue and
 * issue-link statements (cypher.ts) skip any row naming a tombstoned issue, so nothing brings the
 * node back. The tombstone has no relationships, so no query walking the graph sees it, like the
 * `githubRemovals` a deleted team's node keeps (teamCypher.ts). The statement runs after those
 * two in a batch, so a batch holding both an update and the deletion ends deleted.
 *
 * REPLAY. MERGE on the tombstone's id and DETACH DELETE of a node that may already be gone:
 * deleting again changes nothing.
 */
import type { EventOf } from '../handlers.ts';
import type { GraphFact } from './rows.ts';
import type { Labels } from './schema.ts';

export interface IssueDeletionRow {
  readonly issueId: string;
  readonly issueKey: string;
  /** When Jira deleted it (the webhook's time). */
  readonly deletedAt: number;
}

export function issueDeletionFacts(event: EventOf<'issue.deleted'>): GraphFact[] {
  return [{ statement: 'issueDeletions', row: { issueId: event.payload.issueId, issueKey: event.payload.issueKey, deletedAt: event.occurredAt } }];
}

/** Rows naming `ids` (a Cypher list expression) pass only when none of them is a tombstoned issue. */
export const notDeleted = (L: Labels, ids: string): string => `NOT EXISTS { MATCH (gone:${L.DeletedIssue}) WHERE gone.id IN ${ids} }`;

export function issueDeletionStatement(L: Labels): { readonly kind: 'issueDeletions'; readonly cypher: string } {
  return {
    kind: 'issueDeletions',
    cypher: `UNWIND $rows AS row
MERGE (gone:${L.DeletedIssue} {id: row.issueId})
ON CREATE SET gone.key = row.issueKey, gone.deletedAt = toInteger(row.deletedAt)
WITH row
OPTIONAL MATCH (i:${L.Issue} {id: row.issueId})
DETACH DELETE i`,
  };
}
