/**
 * The one key of a person as a source knows them, shared by every store that keys people
 * (PostgreSQL identities, Neo4j Developer nodes, vector profiles, ClickHouse's actor columns),
 * so the same person is the same key everywhere:
 *
 * | the identity has | key | example |
 * |---|---|---|
 * | a login | `<source>:<login>`, lower-cased | `github:octocat`, `gitlab:octocat` |
 * | an account id | `<source>:<accountId>` | `jira:5b10ac8d82e05b22cc7d4ef5` |
 * | only an email (a git author) | `email:<email>`, lower-cased | `email:octo@example.com` |
 *
 * Namespaced by source: a GitHub login and a GitLab login that read alike are two people until
 * PostgreSQL's identity mapping links them. Logins are case-insensitive in the sources that have
 * them; account ids are kept as given.
 */
import type { Identity } from '../avro/generated/types.ts';

export function identityKey(identity: Identity): string | null {
  if (identity.login) return `${identity.source}:${identity.login.toLowerCase()}`;
  if (identity.accountId) return `${identity.source}:${identity.accountId}`;
  if (identity.email) return `email:${identity.email.toLowerCase()}`;
  return null;
}
