/**
 * Events → parameter rows, grouped by the statement that writes them (cypher.ts), one row per
 * node or relationship the batch touches: the grouping is what makes a batch one `UNWIND` per
 * kind instead of a statement per event, and what keeps each statement free of two rows racing
 * for the same relationship inside one query.
 *
 * Rows are a pure function of the events (no write time), so a replay produces the same rows;
 * what makes the *graph* unchanged by a replay is how cypher.ts merges them (sets, min/max,
 * newer-wins).
 *
 * | event | rows |
 * |---|---|
 * | commit.pushed | contributions: author → repository, the commit's sha |
 * | review.submitted | reviews: reviewer → pull request author |
 * | pull_request.merged | reviews: merger → author (merging is the last review), unless the same person |
 * | issue.created / updated | issues: the issue as of its newest update in the batch, with assignee and sprint |
 * | notion.page.* | documents: the page as of its newest edit in the batch; deleted pages become tombstones |
 */
import type { EngEvent, Identity } from '../../avro/generated/types.ts';

export interface DeveloperRow {
  readonly key: string;
  readonly login: string | null;
  readonly displayName: string | null;
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

export interface DocumentRow {
  readonly id: string;
  readonly workspaceId: string;
  readonly title: string | null;
  readonly url: string | null;
  readonly lastEditedAt: number;
  readonly deleted: boolean;
}

export interface GraphRows {
  readonly contributions: ContributionRow[];
  readonly reviews: ReviewRow[];
  readonly issues: IssueRow[];
  readonly documents: DocumentRow[];
}

/**
 * The key of a person's Developer node, or null when the identity names nobody. GitHub logins
 * first (the organization file lists members by login; logins are case-insensitive), then the
 * source's account id (Jira, Notion), then the email of a git author GitHub could not match.
 * Linking a Jira account to a GitHub login is PostgreSQL's identities table's job, not this one.
 */
export function developerKey(identity: Identity): string | null {
  if (identity.login) return `github:${identity.login.toLowerCase()}`;
  if (identity.accountId) return `${identity.source}:${identity.accountId}`;
  if (identity.email) return `email:${identity.email.toLowerCase()}`;
  return null;
}

export function developerRow(identity: Identity | null): DeveloperRow | null {
  const key = identity ? developerKey(identity) : null;
  if (!identity || key === null) return null;
  return { key, login: identity.login, displayName: identity.displayName };
}

/** Groups a batch into rows; events the graph does not hold are skipped (routing keeps them away anyway). */
export function toGraphRows(events: readonly EngEvent[]): GraphRows {
  const contributions = new Map<string, ContributionRow>();
  const reviews = new Map<string, ReviewRow>();
  const issues = new Map<string, IssueRow>();
  const documents = new Map<string, DocumentRow>();

  const review = (reviewerIdentity: Identity | null, authorIdentity: Identity, pullRequest: string, at: number): void => {
    const reviewer = developerRow(reviewerIdentity);
    const author = developerRow(authorIdentity);
    if (!reviewer || !author || reviewer.key === author.key) return;
    const id = `${reviewer.key}\u0000${author.key}`;
    const row = reviews.get(id) ?? { reviewer, author, pullRequests: [], firstAt: at, lastAt: at };
    if (!row.pullRequests.includes(pullRequest)) row.pullRequests.push(pullRequest);
    reviews.set(id, { ...row, firstAt: Math.min(row.firstAt, at), lastAt: Math.max(row.lastAt, at) });
  };

  for (const event of events) {
    switch (event.type) {
      case 'commit.pushed': {
        const { author, repository, sha, timestamp } = event.payload;
        const developer = developerRow(author);
        if (!developer) break;
        const id = `${developer.key}\u0000${repository}`;
        const row = contributions.get(id) ?? { developer, repository, shas: [], firstAt: timestamp, lastAt: timestamp };
        if (!row.shas.includes(sha)) row.shas.push(sha);
        contributions.set(id, { ...row, firstAt: Math.min(row.firstAt, timestamp), lastAt: Math.max(row.lastAt, timestamp) });
        break;
      }
      case 'review.submitted': {
        const p = event.payload;
        review(p.reviewer, p.pullRequestAuthor, `${p.repository}#${p.pullRequestNumber}`, p.submittedAt ?? event.occurredAt);
        break;
      }
      case 'pull_request.merged': {
        const { pullRequest, mergedBy, mergedAt } = event.payload;
        review(mergedBy, pullRequest.author, `${pullRequest.repository}#${pullRequest.number}`, mergedAt);
        break;
      }
      case 'issue.created':
      case 'issue.updated': {
        const issue = event.payload.issue;
        const previous = issues.get(issue.issueId);
        if (previous && previous.updatedAt > issue.updatedAt) break; // newest in the batch wins; a tie goes to the later event
        issues.set(issue.issueId, {
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
        });
        break;
      }
      case 'page.created':
      case 'page.updated':
      case 'page.deleted': {
        const p = event.payload;
        const previous = documents.get(p.entityId);
        if (previous && previous.lastEditedAt > p.lastEditedAt) break;
        documents.set(p.entityId, { id: p.entityId, workspaceId: p.workspaceId, title: p.title, url: p.url, lastEditedAt: p.lastEditedAt, deleted: event.type === 'page.deleted' });
        break;
      }
      default:
        break;
    }
  }
  return { contributions: [...contributions.values()], reviews: [...reviews.values()], issues: [...issues.values()], documents: [...documents.values()] };
}
