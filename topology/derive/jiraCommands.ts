/**
 * Commits that mention Jira issues → `jira-commands` (the guide's "GitHub commit → Jira update").
 *
 * For every issue key a commit message mentions: one comment linking the commit (its text is
 * the `#comment` the developer wrote for that key, else a line naming the commit), plus a
 * transition for each `#<transition>` and a worklog for each `#time` (see smartCommit.ts).
 *
 * Command ids come from the repository, the commit and the key — not from the event — so the
 * same commit pushed to a second branch asks for the same comment, and the actuator, which
 * never runs a command id twice, comments once.
 */
import type { CommitPushed, EngEventOf, JiraCommand } from '../../avro/generated/types.ts';
import { parseSmartCommands } from './smartCommit.ts';

export function jiraCommandsFor(event: EngEventOf<'commit.pushed', CommitPushed>): JiraCommand[] {
  const commit = event.payload;
  if (commit.jiraKeys.length === 0) return [];
  const smart = parseSmartCommands(commit.message);
  const id = (kind: string, issueKey: string, n = 0) => `${kind}:${issueKey}:${commit.repository}:${commit.sha}${n > 0 ? `:${n}` : ''}`;
  const firstLine = commit.message.split('\n', 1)[0]!.trim();
  const link = { repository: commit.repository, sha: commit.sha, url: commit.url };

  return commit.jiraKeys.flatMap((issueKey): JiraCommand[] => {
    const mine = smart.filter((c) => c.issueKey === issueKey);
    const written = mine.flatMap((c) => (c.kind === 'comment' ? [c.text] : []));
    const body = written.length > 0 ? written.join('\n') : `Commit ${commit.sha.slice(0, 7)} in ${commit.repository}${commit.branch ? ` (${commit.branch})` : ''}: ${firstLine}`;
    const commands: JiraCommand[] = [{ commandId: id('jira.comment.add', issueKey), type: 'jira.comment.add', causedBy: event.eventId, issueKey, action: { body, commit: link } }];
    let worklogs = 0;
    for (const c of mine) {
      if (c.kind === 'transition') {
        commands.push({ commandId: id(`jira.issue.transition:${c.transition.toLowerCase()}`, issueKey), type: 'jira.issue.transition', causedBy: event.eventId, issueKey, action: { transitionName: c.transition } });
      } else if (c.kind === 'time') {
        commands.push({ commandId: id('jira.worklog.add', issueKey, worklogs++), type: 'jira.worklog.add', causedBy: event.eventId, issueKey, action: { timeSpentSeconds: c.seconds, comment: c.comment } });
      }
    }
    return commands;
  });
}
