/**
 * Carries out one JiraCommand against Jira, checking first when an earlier attempt's outcome is
 * unknown (ledger.ts), so that no comment, transition or worklog is made twice:
 *
 * | command | already done when |
 * |---|---|
 * | jira.comment.add | a comment carries this command's marker property (client.ts) |
 * | jira.issue.transition | the issue is in the status the transition leads to |
 * | jira.worklog.add | a worklog carries this command's marker property |
 *
 * Transitions are looked up by name among those the issue offers now: case-insensitive, hyphens
 * and underscores as spaces (Smart Commit's `#in-review` is "In Review"), matching either the
 * transition's name or the status it leads to. None matching while the issue already sits in
 * that status is done; none matching otherwise is a permanent error naming what is offered.
 *
 * A check that fails keeps the claim and is retried (errors.ts `checking`), whatever the answer.
 */
import type { JiraCommand } from '../../avro/generated/types.ts';
import { checking, rejected } from '../errors.ts';
import type { Json, Outcome } from '../ledger.ts';
import { commentDocument, textDocument } from './adf.ts';
import type { JiraClient, JiraTransition } from './client.ts';

/** What the ledger knows of earlier attempts, and how to leave a note for later ones. */
export interface Attempt {
  readonly uncertain: boolean;
  readonly detail: Json;
  note(detail: Json): Promise<void>;
}

export interface Performed {
  readonly outcome: Outcome;
  readonly result: Json;
}

/** `In-Review`, `in_review`, ` in  review ` → `in review`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export function findTransition(transitions: readonly JiraTransition[], wanted: string): JiraTransition | undefined {
  const name = normalizeName(wanted);
  return transitions.find((t) => normalizeName(t.name) === name) ?? transitions.find((t) => normalizeName(t.to.name) === name);
}

/**
 * In dry-run the client logs instead of sending, and nothing can be looked up: a transition logs
 * the GET of the issue's transitions and the POST it would make, its id a placeholder naming the
 * transition a live run would pick.
 */
export async function performJiraCommand(client: JiraClient, command: JiraCommand, attempt: Attempt, dryRun = false): Promise<Performed> {
  const { issueKey, commandId } = command;
  switch (command.type) {
    case 'jira.comment.add': {
      if (attempt.uncertain) {
        const found = await checking(() => client.findMarkedComment(issueKey, commandId));
        if (found !== null) return { outcome: 'found-done', result: { commentId: found } };
      }
      const { id } = await client.addComment(issueKey, commentDocument(command.action.body, command.action.commit), commandId);
      return { outcome: 'performed', result: { commentId: id } };
    }
    case 'jira.issue.transition': {
      const wanted = command.action.transitionName;
      if (dryRun) {
        await client.transitions(issueKey);
        await client.transition(issueKey, `<id of the transition named "${wanted}">`);
        return { outcome: 'performed', result: null };
      }
      const noted = typeof attempt.detail === 'object' && attempt.detail !== null && 'toStatus' in attempt.detail ? String(attempt.detail.toStatus) : null;
      if (attempt.uncertain && noted !== null && normalizeName(await checking(() => client.status(issueKey))) === normalizeName(noted)) {
        return { outcome: 'found-done', result: { status: noted } };
      }
      const offered = await client.transitions(issueKey);
      const match = findTransition(offered, wanted);
      if (match === undefined) {
        const status = await client.status(issueKey);
        if (normalizeName(status) === normalizeName(wanted)) return { outcome: 'found-done', result: { status } };
        const names = offered.map((t) => `"${t.name}" (to ${t.to.name})`).join(', ') || 'none';
        throw rejected('jira', `POST /rest/api/3/issue/${issueKey}/transitions`, `no transition named "${wanted}" from status "${status}"; offered: ${names}`);
      }
      await attempt.note({ toStatus: match.to.name });
      await client.transition(issueKey, match.id);
      return { outcome: 'performed', result: { transitionId: match.id, status: match.to.name } };
    }
    case 'jira.worklog.add': {
      if (attempt.uncertain) {
        const found = await checking(() => client.findMarkedWorklog(issueKey, commandId));
        if (found !== null) return { outcome: 'found-done', result: { worklogId: found } };
      }
      const comment = command.action.comment === null ? null : textDocument(command.action.comment);
      const { id } = await client.addWorklog(issueKey, command.action.timeSpentSeconds, comment, commandId);
      return { outcome: 'performed', result: { worklogId: id } };
    }
  }
}
