/**
 * The Jira issue keys a text mentions (`PROJ-123`), in order of first mention, without repeats:
 * commit messages, pull request titles and branch names link work to Jira this way, and each key
 * becomes a jira-commands comment.
 *
 * Jira's key format: a project key (an uppercase letter, then one or more uppercase letters,
 * digits or underscores: Jira requires two characters at least), a hyphen, and the issue number.
 * A key inside a longer word is not a mention: `XABC-1` is the key XABC-1, never `ABC-1`, and
 * `xPROJ-1` and `PROJ-12a` mention nothing. Punctuation, slashes and hyphens around a key are
 * fine (`feature/PROJ-7-login`).
 * Lowercase is not matched: Jira's own development integrations do not match it either, and
 * `utf-8` or `sha-256` would become keys.
 *
 * @example jiraKeys('PROJ-2 fix, see PROJ-1 and PROJ-2') // ['PROJ-2', 'PROJ-1']
 * @example jiraKeys('Add login', 'feature/AUTH-7-login') // ['AUTH-7']
 */
export const JIRA_KEY = /(?<![\p{L}\p{N}_])[A-Z][A-Z0-9_]+-\d+(?![\p{L}\p{N}_])/gu;

export function jiraKeys(...texts: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const text of texts) for (const [key] of text.matchAll(JIRA_KEY)) keys.add(key);
  return [...keys];
}
