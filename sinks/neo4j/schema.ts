/**
 * The graph's node labels, their keys and the uniqueness constraints on them.
 *
 * | label | key | from |
 * |---|---|---|
 * | Developer | key: identityKey (sinks/identity.ts): `<source>:<login>`, else `<source>:<accountId>`, else `email:<email>` | events, organization file |
 * | Repository | fullName (owner/name) | commits, reviews, organization file |
 * | Project | key (Jira project key) | Jira issues, organization file |
 * | Team | name (a GitHub team also carries its `githubId`, found first: teamCypher.ts) | organization file, GitHub team webhooks |
 * | Issue | id (Jira issueId: stable when the key changes on a move) | Jira issues; issue links, which name issues by id only (the node waits for its issue's fields) |
 * | Sprint | id (Jira sprintId) | Jira issues |
 * | Document | id (Notion entity id) | Notion pages |
 * | DeletedIssue | id (Jira issueId) | Jira issue deletions: a tombstone with no relationships, which no walk meets, that keeps a replayed older event from bringing the Issue back (issueDeletion.ts) |
 *
 * Every MERGE matches on exactly these keys, so the constraints make MERGE race-free between
 * workers and give it an index to match with.
 *
 * Labels may carry a prefix (`T123_Developer`): Community edition has one database, so tests
 * isolate themselves by label, with constraints of their own. Production uses no prefix. Labels
 * cannot be query parameters, hence the strict check before they are put into query text.
 */
export const NODE_KEYS = {
  Developer: 'key',
  Repository: 'fullName',
  Project: 'key',
  Team: 'name',
  Issue: 'id',
  Sprint: 'id',
  Document: 'id',
  DeletedIssue: 'id',
} as const;

export type NodeLabel = keyof typeof NODE_KEYS;

/** The labels as written into Cypher: `labels.Developer` is `Developer` or `<prefix>Developer`. */
export type Labels = { readonly [L in NodeLabel]: string } & { readonly prefix: string };

export function graphLabels(prefix = ''): Labels {
  if (prefix !== '' && !/^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(prefix)) {
    throw new Error(`label prefix must be letters, digits and _, starting with a letter, got ${JSON.stringify(prefix)}`);
  }
  const entries = Object.keys(NODE_KEYS).map((label) => [label, `${prefix}${label}`]);
  return { prefix, ...Object.fromEntries(entries) } as Labels;
}

export interface ConstraintStatement {
  readonly name: string;
  readonly cypher: string;
}

/** One `IF NOT EXISTS` uniqueness constraint per label, named after the label so a prefix keeps tests' apart. */
export function constraintStatements(labels: Labels): ConstraintStatement[] {
  return (Object.entries(NODE_KEYS) as [NodeLabel, string][]).map(([label, key]) => {
    const name = `${labels[label].toLowerCase()}_${key.toLowerCase()}_unique`;
    return { name, cypher: `CREATE CONSTRAINT ${name} IF NOT EXISTS FOR (n:${labels[label]}) REQUIRE n.${key} IS UNIQUE` };
  });
}
