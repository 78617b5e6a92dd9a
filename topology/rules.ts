/**
 * Rules about what an event means that more than one store applies: written once here, named in
 * the stores' handlers (a "maybe" of the routing table, a counter of PostgreSQL), and tested.
 */
import type { EventOf } from '../sinks/handlers.ts';

/** Issue statuses that mean the work is finished, whatever the workflow calls them. */
const DONE_STATUSES = new Set(['done', 'closed', 'resolved']);

/** A commit that says something about its author's skills: new work, not a merge, with words. */
export const substantialCommit = (event: EventOf<'commit.pushed'>): boolean => {
  const { distinct, message } = event.payload;
  const subject = message.split('\n', 1)[0]!.trim();
  return distinct && !/^Merge (branch|pull request|remote-tracking branch)\b/.test(subject) && subject.split(/\s+/).length >= 3;
};

/** An issue finished by someone: the work now belongs in their profile. */
export const completedAssignedIssue = (event: EventOf<'issue.updated'>): boolean => {
  const { statusChange, issue } = event.payload;
  return statusChange !== null && DONE_STATUSES.has(statusChange.to.toLowerCase()) && issue.assignee !== null;
};
