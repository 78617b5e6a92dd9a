/**
 * Developer profiles (namespace `developer_profiles`): what a developer has worked on, as one
 * vector per developer, so "find developers similar to this requirement" is a nearest-neighbour
 * query. The record id is the developer's identity key in the source that credited them —
 * `github:<login>` (lower-cased, as GitHub logins are case-insensitive), `email:<address>` for a
 * git author GitHub matched to no login, `jira:<accountId>` — since linking identities across
 * sources is PostgreSQL's job, not this store's. The text embedded is their recent work: subjects
 * of substantial commits, titles of merged pull requests (credited to the author), summaries of
 * Jira issues completed while assigned to them.
 *
 * IDEMPOTENCY. A profile is an aggregate, so a replayed event must be recognised, not re-added.
 * The profile carries its own ledger in its metadata (`contributions`: the latest
 * `LEDGER_SIZE` contributions as JSON, newest first, each with its event id) plus a `watermark`:
 * the newest contribution ever dropped from the ledger. An event is taken only when its id is not
 * in the ledger and it is newer than the watermark; a replayed event is in the ledger or was
 * dropped, so at or below the watermark, and changes nothing — not the counts, not the text, not
 * the vector. A side table would remember every id, but Pinecone has none, and one code path for
 * both stores is worth the bound: the ledger is what the vector is made of, so a profile
 * describes recent work, and its size stays under Pinecone's 40 KB metadata limit. The price:
 * an event older than the watermark arriving for the first time (a very late redelivery of a
 * developer with more than LEDGER_SIZE newer contributions) is not counted.
 *
 * The ledger's order is by (time, event id), never by arrival, so the same events in any batches
 * give the same profile as long as none is dropped.
 */
import type { EngEvent, Identity } from '../../avro/generated/types.ts';
import { routesTo } from '../../topology/routing.ts';
import type { Metadata, VectorRecord } from './store.ts';

/** Contributions a profile keeps (and embeds). */
export const LEDGER_SIZE = 60;
/** Characters of one contribution's text. */
const TEXT_LENGTH = 240;
/** Metadata bytes a profile may use, below Pinecone's 40,000 with room for the other fields. */
const LEDGER_BYTES = 30_000;

export type ContributionKind = 'commit' | 'pull_request' | 'jira_issue';

export interface Contribution {
  readonly eventId: string;
  readonly kind: ContributionKind;
  /** When it happened in its source. Epoch milliseconds. */
  readonly at: number;
  readonly text: string;
  /** Repository (owner/name) or Jira project key. */
  readonly where: string | null;
}

export interface Developer {
  readonly key: string;
  readonly source: string;
  readonly login: string | null;
  readonly displayName: string | null;
}

export interface Credit {
  readonly developer: Developer;
  readonly contribution: Contribution;
}

/** The profile as its metadata holds it. */
export interface Profile {
  readonly developer: string;
  readonly login: string | null;
  readonly displayName: string | null;
  readonly sources: readonly string[];
  readonly counts: Readonly<Record<ContributionKind, number>>;
  readonly lastActivityAt: number;
  /** Newest first. */
  readonly ledger: readonly Contribution[];
  /** The newest contribution dropped from the ledger, as [at, eventId]; null while none was. */
  readonly watermark: readonly [number, string] | null;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, TEXT_LENGTH);

function developerOf(identity: Identity | null, source: 'github' | 'jira'): Developer | undefined {
  if (!identity) return undefined;
  const base = { login: identity.login, displayName: identity.displayName };
  if (source === 'jira') return identity.accountId ? { key: `jira:${identity.accountId}`, source: 'jira', ...base } : undefined;
  if (identity.login) return { key: `github:${identity.login.toLowerCase()}`, source: 'github', ...base };
  if (identity.email) return { key: `email:${identity.email.toLowerCase()}`, source: 'git', ...base };
  return undefined;
}

/**
 * Who an event credits with what, for the events the routing table sends to Pinecone; other
 * events (and ones routing would not send: a merge commit, an issue not done) credit nobody,
 * since a profile's meaning depends on it.
 */
export function creditOf(event: EngEvent): Credit | undefined {
  if (!routesTo('pinecone', event)) return undefined;
  const credit = (developer: Developer | undefined, kind: ContributionKind, text: string, where: string | null): Credit | undefined =>
    developer && text.length > 0 ? { developer, contribution: { eventId: event.eventId, kind, at: event.occurredAt, text: oneLine(text), where } } : undefined;
  switch (event.type) {
    case 'commit.pushed':
      return credit(developerOf(event.payload.author, 'github'), 'commit', event.payload.message, event.payload.repository);
    case 'pull_request.merged': {
      const pr = event.payload.pullRequest;
      return credit(developerOf(pr.author, 'github'), 'pull_request', [pr.title, ...pr.labels].join(' '), pr.repository);
    }
    case 'issue.updated': {
      const issue = event.payload.issue;
      return credit(developerOf(issue.assignee, 'jira'), 'jira_issue', [issue.summary, ...issue.labels].join(' '), issue.projectKey);
    }
    default:
      return undefined;
  }
}

const newerFirst = (a: { at: number; eventId: string }, b: { at: number; eventId: string }) => b.at - a.at || (a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0);

/**
 * The profile after these credits, or undefined when they change nothing (all seen before):
 * the sink then writes nothing for this developer.
 */
export function foldProfile(previous: Profile | undefined, credits: readonly Credit[]): Profile | undefined {
  let profile: Profile = previous ?? emptyProfile(credits[0]!.developer);
  let changed = false;
  for (const { developer, contribution } of credits) {
    const seen = profile.ledger.some((c) => c.eventId === contribution.eventId);
    const belowWatermark = profile.watermark !== null && newerFirst(contribution, { at: profile.watermark[0], eventId: profile.watermark[1] }) >= 0;
    if (seen || belowWatermark) continue;
    changed = true;
    const newest = contribution.at >= profile.lastActivityAt;
    profile = {
      ...profile,
      login: (newest ? developer.login : null) ?? profile.login ?? developer.login,
      displayName: (newest ? developer.displayName : null) ?? profile.displayName ?? developer.displayName,
      sources: [...new Set([...profile.sources, developer.source])].sort(),
      counts: { ...profile.counts, [contribution.kind]: profile.counts[contribution.kind] + 1 },
      lastActivityAt: Math.max(profile.lastActivityAt, contribution.at),
      ledger: [...profile.ledger, contribution].sort(newerFirst),
    };
    profile = trim(profile);
  }
  return changed ? profile : undefined;
}

function trim(profile: Profile): Profile {
  const ledger = [...profile.ledger];
  let watermark = profile.watermark;
  while (ledger.length > LEDGER_SIZE || (ledger.length > 1 && Buffer.byteLength(JSON.stringify(ledger)) > LEDGER_BYTES)) {
    const dropped = ledger.pop()!;
    if (watermark === null || newerFirst(dropped, { at: watermark[0], eventId: watermark[1] }) < 0) watermark = [dropped.at, dropped.eventId];
  }
  return { ...profile, ledger, watermark };
}

function emptyProfile(developer: Developer): Profile {
  return { developer: developer.key, login: null, displayName: null, sources: [], counts: { commit: 0, pull_request: 0, jira_issue: 0 }, lastActivityAt: 0, ledger: [], watermark: null };
}

/** What is embedded: the ledger's texts, newest first. Names are left out: they say nothing about the work. */
export function profileText(profile: Profile): string {
  return profile.ledger.map((c) => c.text).join('\n');
}

/** Metadata in Pinecone's types (no null, no nested objects: the ledger is JSON text). */
export function profileMetadata(profile: Profile): Metadata {
  const places = [...new Set(profile.ledger.map((c) => c.where).filter((w): w is string => w !== null))].sort();
  return {
    developer: profile.developer,
    ...(profile.login === null ? {} : { login: profile.login }),
    ...(profile.displayName === null ? {} : { displayName: profile.displayName }),
    sources: profile.sources,
    commits: profile.counts.commit,
    pullRequests: profile.counts.pull_request,
    jiraIssues: profile.counts.jira_issue,
    lastActivityAt: profile.lastActivityAt,
    workedIn: places,
    contributions: JSON.stringify(profile.ledger),
    watermark: profile.watermark === null ? '' : JSON.stringify(profile.watermark),
  };
}

/** The profile a stored record holds; throws when its metadata is not one this module wrote. */
export function profileFromRecord(record: Pick<VectorRecord, 'id' | 'metadata'>): Profile {
  const m = record.metadata;
  const text = (key: string) => (typeof m[key] === 'string' ? (m[key] as string) : null);
  const count = (key: string) => (typeof m[key] === 'number' ? (m[key] as number) : 0);
  const contributions = text('contributions');
  if (contributions === null) throw new Error(`developer profile ${record.id} has no contributions ledger in its metadata`);
  const watermark = text('watermark');
  return {
    developer: record.id,
    login: text('login'),
    displayName: text('displayName'),
    sources: Array.isArray(m.sources) ? [...(m.sources as readonly string[])] : [],
    counts: { commit: count('commits'), pull_request: count('pullRequests'), jira_issue: count('jiraIssues') },
    lastActivityAt: count('lastActivityAt'),
    ledger: JSON.parse(contributions) as Contribution[],
    watermark: watermark ? (JSON.parse(watermark) as [number, string]) : null,
  };
}
