/**
 * Jira Smart Commit commands in a commit message, as Atlassian documents them ("Use Smart
 * Commits", Bitbucket/Jira docs):
 *
 *     <ignored> ISSUE_KEY [ISSUE_KEY…] <ignored> #<command> <arguments> [#<command> …]
 *
 * - `#comment <text>`: a comment on each key of the line.
 * - `#time 1w 2d 4h 30m <comment>`: work logged on each key (a week is 5 days and a day 8
 *   hours, Jira's time-tracking defaults).
 * - `#<transition> <comment>`: any other word is a workflow transition (`#in-review`,
 *   `#close`); only letters, digits, `-` and `_` belong to its name.
 *
 * A command applies to the issue keys before it on the same line; commands do not span lines.
 * A command with no key before it on its line is ignored, as Jira ignores it.
 */
import { JIRA_KEY } from '../jiraKeys.ts';

export type SmartCommand =
  | { readonly kind: 'comment'; readonly issueKey: string; readonly text: string }
  | { readonly kind: 'time'; readonly issueKey: string; readonly seconds: number; readonly comment: string | null }
  | { readonly kind: 'transition'; readonly issueKey: string; readonly transition: string; readonly comment: string | null };

const COMMAND = /(?:^|\s)#([A-Za-z][\w-]*)/g;
const DURATION = /^\s*((?:\d+(?:\.\d+)?[wdhm]\s*)+)(.*)$/s;
const UNIT_SECONDS: Record<string, number> = { w: 5 * 8 * 3600, d: 8 * 3600, h: 3600, m: 60 };

export function parseSmartCommands(message: string): SmartCommand[] {
  const commands: SmartCommand[] = [];
  for (const line of message.split(/\r?\n/)) {
    const marks = [...line.matchAll(COMMAND)];
    if (marks.length === 0) continue;
    const keys = [...new Set([...line.slice(0, marks[0]!.index).matchAll(JIRA_KEY)].map((m) => m[0]))];
    if (keys.length === 0) continue;
    marks.forEach((mark, i) => {
      const name = mark[1]!.toLowerCase();
      const start = mark.index! + mark[0].length;
      const argument = line.slice(start, marks[i + 1]?.index ?? line.length).trim();
      for (const issueKey of keys) {
        const command = toCommand(name, mark[1]!, argument, issueKey);
        if (command) commands.push(command);
      }
    });
  }
  return commands;
}

function toCommand(name: string, written: string, argument: string, issueKey: string): SmartCommand | undefined {
  if (name === 'comment') return argument === '' ? undefined : { kind: 'comment', issueKey, text: argument };
  if (name === 'time') {
    const match = DURATION.exec(argument);
    if (!match) return undefined;
    let seconds = 0;
    for (const [, amount, unit] of match[1]!.matchAll(/(\d+(?:\.\d+)?)([wdhm])/g)) seconds += Number(amount) * UNIT_SECONDS[unit!]!;
    const comment = match[2]!.trim();
    return seconds > 0 ? { kind: 'time', issueKey, seconds: Math.round(seconds), comment: comment === '' ? null : comment } : undefined;
  }
  return { kind: 'transition', issueKey, transition: written, comment: argument === '' ? null : argument };
}
