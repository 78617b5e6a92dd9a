/**
 * What the vector store keeps of each kind of event (sinks/handlers.ts): credits to developer
 * profiles (profiles.ts) and changes of project docs (projectDocs.ts). Every kind is decided here;
 * the routing table's Pinecone column is drawn from these. A commit and a Jira update are a
 * "maybe": only substantial commits and completed, assigned issues say something about a
 * developer's work (topology/rules.ts), and a profile's meaning depends on it.
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import { completedAssignedIssue, substantialCommit } from '../../topology/rules.ts';
import { type Handlers, rowsOf } from '../handlers.ts';
import { commitCredits, completedIssueCredits, mergedPullRequestCredits, type Credit } from './profiles.ts';
import { pageChange, pageDeletion, pageMove, pageRestore, type DocChange } from './projectDocs.ts';

/** One thing an event leaves in the store: a credit to a profile, or a change of a doc. */
export type VectorRow = { readonly kind: 'credit'; readonly credit: Credit } | DocChange;

const credits = (list: readonly Credit[]): VectorRow[] => list.map((credit) => ({ kind: 'credit', credit }));
const projectDocs = 'Project docs (project_docs)';

export const vectorHandlers = {
  'commit.pushed': {
    why: 'Update the skill embedding',
    only: { when: 'a substantial commit (new, not a merge, three words or more) updates the skill embedding', test: substantialCommit },
    rows: (event) => credits(commitCredits(event)),
  },
  'ref.pushed': null,
  'pull_request.opened': null,
  'pull_request.updated': null,
  'pull_request.merged': { why: 'Update profile', rows: (event) => credits(mergedPullRequestCredits(event)) },
  'pull_request.closed': null,
  'review.submitted': null,
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
  'team.created': null,
  'team.updated': null,
  'team.deleted': null,
  'team.repository_added': null,
  'team.repository_removed': null,
  'team.member_added': null,
  'team.member_removed': null,
  'organization.member_added': null,
  'organization.member_removed': null,
  'repository.collaborator_added': null,
  'repository.collaborator_updated': null,
  'repository.collaborator_removed': null,
  'repository.created': null,
  'repository.renamed': null,
  'repository.transferred': null,
  'repository.archived': null,
  'repository.unarchived': null,
  'repository.deleted': null,
  'ref.created': null,
  'ref.deleted': null,
  'release.published': null,
  'release.released': null,
  'release.created': null,
  'release.edited': null,
  'release.deleted': null,
  'release.prereleased': null,
  'release.unpublished': null,
  'check_run.completed': null,
  'check_suite.completed': null,
  'label.created': null,
  'label.edited': null,
  'label.deleted': null,
  'milestone.created': null,
  'milestone.opened': null,
  'milestone.closed': null,
  'milestone.edited': null,
  'milestone.deleted': null,
  'issue_comment.created': null,
  'issue_comment.edited': null,
  'issue_comment.deleted': null,
  'review_comment.created': null,
  'review_comment.edited': null,
  'review_comment.deleted': null,
  'review_thread.resolved': null,
  'review_thread.unresolved': null,
  'commit_comment.created': null,
  'pull_request.review_requested': null,
  'pull_request.review_request_removed': null,
  'pull_request.assigned': null,
  'pull_request.unassigned': null,
  'pull_request.labeled': null,
  'pull_request.unlabeled': null,
  'issue.created': null,
  'issue.updated': {
    why: 'Completed work in the profile',
    only: { when: 'the issue moved to Done, Closed or Resolved with an assignee', test: completedAssignedIssue },
    rows: (event) => credits(completedIssueCredits(event)),
  },
  'sprint.closed': null,
  'comment.created': null,
  // Jira issues have no vectors of their own here: a completed one is a credit in its assignee's
  // profile, which keeps the work done even when the issue is deleted later.
  'issue.deleted': null,
  'comment.updated': null,
  'comment.deleted': null,
  'worklog.created': null,
  'worklog.updated': null,
  'worklog.deleted': null,
  'version.released': null,
  'issue_link.created': null,
  'issue_link.deleted': null,
  'sprint.created': null,
  'sprint.started': null,
  'sprint.updated': null,
  'sprint.deleted': null,
  'project.created': null,
  'project.updated': null,
  'project.deleted': null,
  'account.created': null,
  'account.updated': null,
  'account.deleted': null,
  'page.created': { why: projectDocs, rows: (event) => [pageChange(event)] },
  'page.updated': { why: projectDocs, rows: (event) => [pageChange(event)] },
  'page.deleted': { why: projectDocs, rows: (event) => [pageDeletion(event)] },
  'page.undeleted': { why: projectDocs, rows: (event) => [pageRestore(event)] },
  'page.moved': { why: projectDocs, rows: (event) => [pageMove(event)] },
  'page_comment.created': null,
  'data_source.created': null,
  'data_source.updated': null,
  'data_source.deleted': null,
  'alert.firing': null,
  'alert.resolved': null,
  'metric.sampled': null,
} satisfies Handlers<VectorRow>;

/** The credit an event gives a profile, if the store keeps the event and it names somebody. */
export function creditOf(event: EngEvent): Credit | undefined {
  for (const row of rowsOf(vectorHandlers, event)) if (row.kind === 'credit') return row.credit;
  return undefined;
}
