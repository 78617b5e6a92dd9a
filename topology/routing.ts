/**
 * The routing table: which stores each kind of event goes to. It mirrors the table in the user's
 * guide ("The routing logic is based on event type") — the guide's five rows come first, in its
 * words — and adds a row for every other kind Switchyard normalizes.
 *
 * The rows say only which kinds they group, as a person says it; every cell is drawn from the
 * store's handlers (sinks/<store>/handlers.ts): ✓ and the handler's `why`, "Maybe" and its
 * rule in words, or ✗ where the store keeps nothing of the kind. So the table cannot disagree
 * with what the stores write, and a store added to sinks/registry.ts is a new column. A test
 * checks that every kind has exactly one row and that the kinds of a row agree in every column.
 */
import type { EngEvent } from '../avro/generated/types.ts';
import { accepts, cellOf, type Kind } from '../sinks/handlers.ts';
import { STORES, type Store, storeNamed } from '../sinks/registry.ts';

export interface RoutingRow {
  /** As a person says it (the guide's wording where the guide has the row). */
  readonly event: string;
  readonly kinds: readonly Kind[];
}

export const ROUTING_TABLE: readonly RoutingRow[] = [
  // The guide's table.
  { event: 'GitHub Commit', kinds: ['commit.pushed'] },
  { event: 'GitHub PR Merged', kinds: ['pull_request.merged'] },
  { event: 'Jira Issue Updated', kinds: ['issue.updated'] },
  { event: 'Jira Sprint Closed', kinds: ['sprint.closed'] },
  { event: 'Prometheus Metric', kinds: ['metric.sampled'] },

  // Every other kind Switchyard normalizes.
  { event: 'PR opened, updated or closed', kinds: ['pull_request.opened', 'pull_request.updated', 'pull_request.closed'] },
  { event: 'PR review submitted', kinds: ['review.submitted'] },
  { event: 'PR review dismissed', kinds: ['review.dismissed'] },
  { event: 'Deployment and its status', kinds: ['deployment.created', 'deployment.status_changed'] },
  { event: 'Branch or tag pushed', kinds: ['ref.pushed'] },
  { event: 'CI workflow run or job completed', kinds: ['workflow_run.completed', 'workflow_job.completed'] },
  { event: 'Repository issue opened, edited, closed, reopened or relabeled', kinds: ['issue.opened', 'issue.edited', 'issue.closed', 'issue.reopened', 'issue.labeled', 'issue.unlabeled'] },
  { event: 'GitHub team created, renamed or deleted', kinds: ['team.created', 'team.updated', 'team.deleted'] },
  { event: 'GitHub team given or denied a repository', kinds: ['team.repository_added', 'team.repository_removed'] },
  { event: 'GitHub team member added or removed', kinds: ['team.member_added', 'team.member_removed'] },
  { event: 'GitHub organization member added or removed', kinds: ['organization.member_added', 'organization.member_removed'] },
  { event: 'Repository collaborator added, changed or removed', kinds: ['repository.collaborator_added', 'repository.collaborator_updated', 'repository.collaborator_removed'] },
  { event: 'GitHub repository created, renamed, transferred, (un)archived or deleted', kinds: ['repository.created', 'repository.renamed', 'repository.transferred', 'repository.archived', 'repository.unarchived', 'repository.deleted'] },
  { event: 'Branch or tag created or deleted', kinds: ['ref.created', 'ref.deleted'] },
  { event: 'Release created, published, edited, unpublished or deleted', kinds: ['release.published', 'release.released', 'release.created', 'release.edited', 'release.deleted', 'release.prereleased', 'release.unpublished'] },
  { event: 'CI check run or suite completed (CIs other than GitHub Actions)', kinds: ['check_run.completed', 'check_suite.completed'] },
  { event: 'Repository label created, edited or deleted', kinds: ['label.created', 'label.edited', 'label.deleted'] },
  { event: 'Repository milestone created, opened, closed, edited or deleted', kinds: ['milestone.created', 'milestone.opened', 'milestone.closed', 'milestone.edited', 'milestone.deleted'] },
  { event: 'Comment on a repository issue or PR conversation created, edited or deleted', kinds: ['issue_comment.created', 'issue_comment.edited', 'issue_comment.deleted'] },
  { event: 'PR line comment created, edited or deleted', kinds: ['review_comment.created', 'review_comment.edited', 'review_comment.deleted'] },
  { event: 'PR review thread resolved or unresolved', kinds: ['review_thread.resolved', 'review_thread.unresolved'] },
  { event: 'Commit comment created', kinds: ['commit_comment.created'] },
  { event: 'PR review requested or request removed', kinds: ['pull_request.review_requested', 'pull_request.review_request_removed'] },
  { event: 'PR assigned or unassigned', kinds: ['pull_request.assigned', 'pull_request.unassigned'] },
  { event: 'PR labeled or unlabeled', kinds: ['pull_request.labeled', 'pull_request.unlabeled'] },
  { event: 'Jira Issue Created', kinds: ['issue.created'] },
  { event: 'Jira issue deleted', kinds: ['issue.deleted'] },
  { event: 'Jira issue comment created, edited or deleted', kinds: ['comment.created', 'comment.updated', 'comment.deleted'] },
  { event: 'Jira time logged, edited or deleted (worklogs)', kinds: ['worklog.created', 'worklog.updated', 'worklog.deleted'] },
  { event: 'Jira version released', kinds: ['version.released'] },
  { event: 'Jira issue link created or deleted (blocks, relates…)', kinds: ['issue_link.created', 'issue_link.deleted'] },
  { event: 'Jira sprint created, started, updated or deleted', kinds: ['sprint.created', 'sprint.started', 'sprint.updated', 'sprint.deleted'] },
  { event: 'Jira project created, updated or deleted', kinds: ['project.created', 'project.updated', 'project.deleted'] },
  { event: 'Jira user account created, updated or deleted', kinds: ['account.created', 'account.updated', 'account.deleted'] },
  { event: 'Document page created, updated, deleted, undeleted or moved', kinds: ['page.created', 'page.updated', 'page.deleted', 'page.undeleted', 'page.moved'] },
  { event: 'Document page comment created', kinds: ['page_comment.created'] },
  { event: 'Document data source created, updated or deleted', kinds: ['data_source.created', 'data_source.updated', 'data_source.deleted'] },
  { event: 'Alert firing or resolved', kinds: ['alert.firing', 'alert.resolved'] },
];

const rowByKind = new Map<Kind, RoutingRow>(ROUTING_TABLE.flatMap((r) => r.kinds.map((kind) => [kind, r] as const)));

/** The row of a kind; every kind has exactly one (a test checks it). */
export function rowOf(kind: Kind): RoutingRow {
  const found = rowByKind.get(kind);
  if (!found) throw new Error(`no routing row for kind ${kind}: add one to topology/routing.ts`);
  return found;
}

/** Whether an event goes to a store: its handler for the kind, and the handler's rule if it has one. */
export function routesTo(store: Store, event: EngEvent): boolean {
  return accepts(storeNamed(store).handlers, event);
}

/** The stores an event goes to, in the table's column order. */
export function storesFor(event: EngEvent): Store[] {
  return STORES.filter((store) => accepts(store.handlers, event)).map((store) => store.name);
}

/** A row's cell for a store, as the table shows it (✓ why, Maybe: when, ✗). */
export function cellFor(row: RoutingRow, store: Store): string {
  return cellOf(storeNamed(store).handlers, row.kinds[0]!);
}

/** The table as Markdown, in the guide's shape (✓ why, Maybe: when, ✗), for `describe` and the README. */
export function routingTableMarkdown(): string {
  const lines = [`| Event Type | ${STORES.map((s) => s.title).join(' | ')} |`, `|---|${STORES.map(() => '---').join('|')}|`];
  for (const r of ROUTING_TABLE) lines.push(`| ${r.event} | ${STORES.map((s) => cellOf(s.handlers, r.kinds[0]!)).join(' | ')} |`);
  return lines.join('\n');
}
