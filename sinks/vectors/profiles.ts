/**
 * Developer profiles (namespace `developer_profiles`): what a developer has worked on, as one
 * vector per developer, so "find developers similar to this requirement" is a nearest-neighbour
 * query. The record id is the developer's identity key in the source that credited them
 * (identityKey, sinks/identity.ts) — `github:<login>`, `jira:<accountId>`, `email:<address>` for
 * a git author no source matched to a login — since linking identities across sources is
 * PostgreSQL's job, not this store's. The text embedded is their recent work: subjects of
 * substantial commits, titles of merged pull requests (credited to the author), summaries of
 * issues completed while assigned to them. Which events those are is the handlers' business
 * (handlers.ts); the credits here are what each of them gives.
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
import type { EventOf } from '../handlers.ts';
import { identityKey } from '../identity.ts';
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
  /** The source that knows them: the identity's, or `git` for an author known by email only. */
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

/** The developer an identity names, keyed by identityKey; none when it names nobody. */
function developerOf(identity: Identity | null): Developer | undefined {
  const key = identity ? identityKey(identity) : null;
  if (!identity || key === null) return undefined;
  return { key, source: key.startsWith('email:') ? 'git' : identity.source, login: identity.login, displayName: identity.displayName };
}

/** What one event credits one developer with; none when it names nobody or says nothing. */
function credit(event: EngEvent, identity: Identity | null, kind: ContributionKind, text: string, where: string | null): Credit[] {
  const developer = developerOf(identity);
  return developer && text.length > 0 ? [{ developer, contribution: { eventId: event.eventId, kind, at: event.occurredAt, text: oneLine(text), where } }] : [];
}

/** A commit, to its author: its message (the handlers keep only substantial ones). */
export const commitCredits = (event: EventOf<'commit.pushed'>): Credit[] => credit(event, event.payload.author, 'commit', event.payload.message, event.payload.repository);

/** A merged pull request, to its author: its title and labels. */
export function mergedPullRequestCredits(event: EventOf<'pull_request.merged'>): Credit[] {
  const pr = event.payload.pullRequest;
  return credit(event, pr.author, 'pull_request', [pr.title, ...pr.labels].join(' '), pr.repository);
}

/** An issue update, to its assignee: the issue's summary and labels (the handlers keep only completions). */
export function completedIssueCredits(event: EventOf<'issue.updated'>): Credit[] {
  const issue = event.payload.issue;
  return credit(event, issue.assignee, 'jira_issue', [issue.summary, ...issue.labels].join(' '), issue.projectKey);
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
