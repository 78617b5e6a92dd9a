/**
 * What the graph keeps of one event, as facts: one per node or relationship it touches, each
 * tagged with the statement that writes it (cypher.ts). The handlers (handlers.ts) pick the
 * builder of each kind; `graphRowsOf` groups a batch's facts by statement, merging the facts
 * that touch the same relationship or node, so a batch is one `UNWIND` per statement instead of
 * a statement per event, and no statement has two rows racing for the same relationship.
 *
 * Facts are a pure function of the event (no write time), so a replay produces the same rows;
 * what makes the *graph* unchanged by a replay is how cypher.ts merges them (sets, min/max,
 * newer-wins).
 *
 * | event | facts |
 * |---|---|
 * | commit.pushed | a contribution: author → repository, the commit's sha |
 * | review.submitted | a review: reviewer → pull request author |
 * | pull_request.merged | a review: merger → author (merging is the last review) |
 * | issue.created / updated | the issue, with assignee and sprint (a batch keeps its newest update) |
 * | page.* | the document (a batch keeps its newest edit); a deleted page becomes a tombstone, an undeleted one is live again |
 * | issue_link.* | the link between two issues by id, DEPENDS_ON or LINKED; a deletion removes it (a batch keeps each link's last event) |
 * | issue.deleted | the issue's removal and its tombstone (issueDeletion.ts) |
 *
 * An event whose people link nobody — a self-review, a self-merge, a commit by an author no
 * source could name — still says who or where: its facts are then the Developer nodes of the
 * people it names, or else its Repository, so every event the graph keeps leaves a trace.
 */
import type { Identity } from '../../avro/generated/types.ts';
import type { EventOf } from '../handlers.ts';
import { identityKey } from '../identity.ts';
import type { IssueDeletionRow } from './issueDeletion.ts';
import type { RepositoryRenameRow } from './repositoryRenames.ts';
import { keepNewest, keepNewestRemembering, teamKey, teamMemberKey, teamRepositoryKey, type TeamMemberRow, type TeamRepositoryRow, type TeamRow } from './teamRows.ts';

export interface DeveloperRow {
  /** identityKey (sinks/identity.ts): `github:<login>`, `jira:<accountId>`, `email:<address>`. */
  readonly key: string;
  readonly login: string | null;
  readonly displayName: string | null;
}

export interface RepositoryRow {
  readonly fullName: string;
}

export interface ContributionRow {
  readonly developer: DeveloperRow;
  readonly repository: string;
  /** Distinct commit ids of this batch; the relationship keeps the union of all batches. */
  readonly shas: string[];
  readonly firstAt: number;
  readonly lastAt: number;
}

export interface ReviewRow {
  readonly reviewer: DeveloperRow;
  readonly author: DeveloperRow;
  /** Distinct pull requests as `owner/name#number`; the relationship keeps the union. */
  readonly pullRequests: string[];
  readonly firstAt: number;
  readonly lastAt: number;
}

export interface IssueRow {
  readonly issueId: string;
  readonly key: string;
  readonly projectKey: string;
  readonly summary: string;
  readonly issueType: string;
  readonly status: string;
  readonly statusCategory: string | null;
  readonly priority: string | null;
  readonly storyPoints: number | null;
  readonly url: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly assignee: DeveloperRow | null;
  readonly sprint: { readonly id: number; readonly name: string; readonly state: string | null } | null;
}

/**
 * A Jira issue link, keyed by Jira's link id. A dependency runs from the issue that waits to the
 * one it waits for (DEPENDS_ON), any other link from its source to its destination (LINKED).
 * `deleted` rows remove the relationship; both kinds MERGE the two Issue nodes by id, so a link
 * may come before its issues, and the nodes a link names exist whichever way its events were
 * batched.
 */
export interface IssueLinkRow {
  readonly linkId: string;
  readonly fromIssueId: string;
  readonly toIssueId: string;
  readonly relation: 'DEPENDS_ON' | 'LINKED';
  /** The link type's name: Blocks, Relates, Duplicate… */
  readonly type: string;
  readonly deleted: boolean;
}

export interface DocumentRow {
  readonly id: string;
  readonly workspaceId: string;
  readonly title: string | null;
  readonly url: string | null;
  readonly lastEditedAt: number;
  readonly deleted: boolean;
}

/** A batch's rows, by the statement that writes them (cypher.ts `WriteStatement.kind`). */
export interface GraphRows {
  readonly contributions: ContributionRow[];
  readonly reviews: ReviewRow[];
  readonly issues: IssueRow[];
  readonly documents: DocumentRow[];
  readonly issueLinks: IssueLinkRow[];
  /** Jira issues deleted: removed with their relationships, remembered as tombstones (issueDeletion.ts). */
  readonly issueDeletions: IssueDeletionRow[];
  readonly developers: DeveloperRow[];
  readonly repositories: RepositoryRow[];
  /** GitHub's teams, memberships and team repositories (teamRows.ts, teamCypher.ts). */
  readonly teams: TeamRow[];
  readonly teamMembers: TeamMemberRow[];
  readonly teamRepositories: TeamRepositoryRow[];
  /** A repository's former names (repositoryRenames.ts): written after everything else, then folded. */
  readonly repositoryRenames: RepositoryRenameRow[];
}

/** One fact of one event: a row of one statement. */
export type GraphFact = { [S in keyof GraphRows]: { readonly statement: S; readonly row: GraphRows[S][number] } }[keyof GraphRows];

/** The Developer of an identity, or null when it names nobody (identityKey). */
export function developerRow(identity: Identity | null): DeveloperRow | null {
  const key = identity ? identityKey(identity) : null;
  if (!identity || key === null) return null;
  return { key, login: identity.login, displayName: identity.displayName };
}

const fact = <S extends keyof GraphRows>(statement: S, row: GraphRows[S][number]) => ({ statement, row }) as GraphFact;

/** Who the event names, as Developer nodes; its repository when it names nobody. */
function traceOf(people: readonly (Identity | null)[], repository: string): GraphFact[] {
  const developers = new Map(people.map(developerRow).flatMap((d) => (d ? [[d.key, d] as const] : [])));
  return developers.size > 0 ? [...developers.values()].map((d) => fact('developers', d)) : [fact('repositories', { fullName: repository })];
}

function reviewFacts(reviewerIdentity: Identity | null, authorIdentity: Identity, repository: string, pullRequest: string, at: number): GraphFact[] {
  const reviewer = developerRow(reviewerIdentity);
  const author = developerRow(authorIdentity);
  if (!reviewer || !author || reviewer.key === author.key) return traceOf([reviewerIdentity, authorIdentity], repository);
  return [fact('reviews', { reviewer, author, pullRequests: [pullRequest], firstAt: at, lastAt: at })];
}

export function contributionFacts(event: EventOf<'commit.pushed'>): GraphFact[] {
  const { author, repository, sha, timestamp } = event.payload;
  const developer = developerRow(author);
  if (!developer) return traceOf([], repository);
  return [fact('contributions', { developer, repository, shas: [sha], firstAt: timestamp, lastAt: timestamp })];
}

export function submittedReviewFacts(event: EventOf<'review.submitted'>): GraphFact[] {
  const p = event.payload;
  return reviewFacts(p.reviewer, p.pullRequestAuthor, p.repository, `${p.repository}#${p.pullRequestNumber}`, p.submittedAt ?? event.occurredAt);
}

export function mergeFacts(event: EventOf<'pull_request.merged'>): GraphFact[] {
  const { pullRequest, mergedBy, mergedAt } = event.payload;
  return reviewFacts(mergedBy, pullRequest.author, pullRequest.repository, `${pullRequest.repository}#${pullRequest.number}`, mergedAt);
}

export function issueFacts(event: EventOf<'issue.created' | 'issue.updated'>): GraphFact[] {
  const issue = event.payload.issue;
  return [
    fact('issues', {
      issueId: issue.issueId,
      key: issue.issueKey,
      projectKey: issue.projectKey,
      summary: issue.summary,
      issueType: issue.issueType,
      status: issue.status,
      statusCategory: issue.statusCategory,
      priority: issue.priority,
      storyPoints: issue.storyPoints,
      url: issue.url,
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt,
      assignee: developerRow(issue.assignee),
      sprint: issue.sprint ? { id: issue.sprint.sprintId, name: issue.sprint.name, state: issue.sprint.state } : null,
    }),
  ];
}

export function documentFacts(event: EventOf<'page.created' | 'page.updated' | 'page.deleted' | 'page.undeleted' | 'page.moved'>): GraphFact[] {
  const p = event.payload;
  return [fact('documents', { id: p.entityId, workspaceId: p.workspaceId, title: p.title, url: p.url, lastEditedAt: p.lastEditedAt, deleted: event.type === 'page.deleted' })];
}

export function issueLinkFacts(event: EventOf<'issue_link.created' | 'issue_link.deleted'>): GraphFact[] {
  const { linkId, sourceIssueId, destinationIssueId, linkType, dependency } = event.payload;
  const ends = dependency ? { fromIssueId: dependency.dependentIssueId, toIssueId: dependency.dependsOnIssueId, relation: 'DEPENDS_ON' as const } : { fromIssueId: sourceIssueId, toIssueId: destinationIssueId, relation: 'LINKED' as const };
  return [fact('issueLinks', { linkId, ...ends, type: linkType.name, deleted: event.type === 'issue_link.deleted' })];
}

/** A batch's facts, in event order, grouped by statement: one row per relationship or node. */
export function graphRowsOf(facts: readonly GraphFact[]): GraphRows {
  const contributions = new Map<string, ContributionRow>();
  const reviews = new Map<string, ReviewRow>();
  const issues = new Map<string, IssueRow>();
  const documents = new Map<string, DocumentRow>();
  const issueLinks = new Map<string, IssueLinkRow>();
  const issueDeletions = new Map<string, IssueDeletionRow>();
  const developers = new Map<string, DeveloperRow>();
  const repositories = new Map<string, RepositoryRow>();
  const teams = new Map<string, TeamRow>();
  const teamMembers = new Map<string, TeamMemberRow>();
  const teamRepositories = new Map<string, TeamRepositoryRow>();
  const repositoryRenames = new Map<string, RepositoryRenameRow>();

  for (const { statement, row } of facts) {
    switch (statement) {
      case 'contributions': {
        const id = `${row.developer.key}\u0000${row.repository}`;
        const held = contributions.get(id) ?? { ...row, shas: [] };
        contributions.set(id, { ...held, shas: union(held.shas, row.shas), firstAt: Math.min(held.firstAt, row.firstAt), lastAt: Math.max(held.lastAt, row.lastAt) });
        break;
      }
      case 'reviews': {
        const id = `${row.reviewer.key}\u0000${row.author.key}`;
        const held = reviews.get(id) ?? { ...row, pullRequests: [] };
        reviews.set(id, { ...held, pullRequests: union(held.pullRequests, row.pullRequests), firstAt: Math.min(held.firstAt, row.firstAt), lastAt: Math.max(held.lastAt, row.lastAt) });
        break;
      }
      case 'issues': {
        const held = issues.get(row.issueId);
        if (!held || held.updatedAt <= row.updatedAt) issues.set(row.issueId, row); // newest in the batch wins; a tie goes to the later event
        break;
      }
      case 'documents': {
        const held = documents.get(row.id);
        if (!held || held.lastEditedAt <= row.lastEditedAt) documents.set(row.id, row);
        break;
      }
      case 'issueLinks':
        // A link is created once and deleted at most once, and Jira never reuses its id: a deletion
        // is final, whatever order the two arrive in (a late replay of the creation).
        if (!issueLinks.get(row.linkId)?.deleted) issueLinks.set(row.linkId, row);
        break;
      case 'issueDeletions': {
        // An issue is deleted once: a redelivery in the same batch is the same row; the earliest time is kept.
        const held = issueDeletions.get(row.issueId);
        if (!held || held.deletedAt > row.deletedAt) issueDeletions.set(row.issueId, row);
        break;
      }
      case 'developers': {
        const held = developers.get(row.key);
        // As the statement applies them one after another: a name or login fills in, never vanishes.
        developers.set(row.key, { key: row.key, login: row.login ?? held?.login ?? null, displayName: row.displayName ?? held?.displayName ?? null });
        break;
      }
      case 'repositories':
        repositories.set(row.fullName, row);
        break;
      case 'teams':
        keepNewest(teams, teamKey(row), row);
        break;
      case 'teamMembers':
        keepNewestRemembering(teamMembers, teamMemberKey(row), row);
        break;
      case 'teamRepositories':
        keepNewestRemembering(teamRepositories, teamRepositoryKey(row), row);
        break;
      case 'repositoryRenames':
        repositoryRenames.set(`${row.fullName}\u0000${row.from ?? ''}\u0000${row.at}`, row);
        break;
      default: {
        // Every statement is a case: a new kind of row fails to compile here until it is grouped.
        const unhandled: never = statement;
        throw new Error(`no grouping for graph rows of ${String(unhandled)}`);
      }
    }
  }
  return {
    contributions: [...contributions.values()],
    reviews: [...reviews.values()],
    issues: [...issues.values()],
    documents: [...documents.values()],
    issueLinks: [...issueLinks.values()],
    issueDeletions: [...issueDeletions.values()],
    developers: [...developers.values()],
    repositories: [...repositories.values()],
    teams: [...teams.values()],
    teamMembers: [...teamMembers.values()],
    teamRepositories: [...teamRepositories.values()],
    repositoryRenames: [...repositoryRenames.values()],
  };
}

/** `held` and the items of `more` it lacks, first-seen order kept. */
const union = (held: readonly string[], more: readonly string[]): string[] => [...new Set([...held, ...more])];
