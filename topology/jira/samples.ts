/**
 * Jira's part of the samples `npm start` replays (replay/samples.ts), the fixtures beside this
 * file, in the order they happen: PROJ-456 created, assigned, then (High priority) moved from
 * In Progress to Blocked, which notifies Slack (the guide's "Jira issue → Slack" example); a
 * comment on it; PROJ Sprint 12 closed.
 */
import { readJson } from '../fixtures.ts';
import type { Sample } from '../normalizer.ts';

export function jiraSamples(): Sample[] {
  return ['jira-issue_created.json', 'jira-issue_updated.assignee.json', 'jira-issue_updated.status.json', 'comment_created.json', 'sprint_closed.json'].map((name) => {
    const body = readJson(new URL(`./fixtures/${name}`, import.meta.url));
    return { source: 'jira', eventName: String(body.webhookEvent), body };
  });
}
