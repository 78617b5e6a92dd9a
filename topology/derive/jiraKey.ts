/**
 * A Jira issue key in free text: a project key (an uppercase letter, then uppercase letters,
 * digits or underscores), a hyphen and a number — PROJ-123 — not glued to a longer word.
 */
export const JIRA_KEY = /(?<![A-Za-z0-9_-])[A-Z][A-Z0-9_]+-\d+(?![A-Za-z0-9_])/g;

/** The keys a text mentions, in order of first mention, without repeats. */
export function jiraKeysIn(text: string): string[] {
  return [...new Set([...text.matchAll(JIRA_KEY)].map((m) => m[0]))];
}
