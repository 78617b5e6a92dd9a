/**
 * The routing table: which stores each event goes to. It mirrors the table in the user's guide
 * ("The routing logic is based on event type") — the guide's five rows come first, in its
 * words — and adds a row for every other event type Switchyard normalizes. A ✓ is `to(why)`, a
 * ✗ is `no`, and every "Maybe" is `maybe(when, predicate)`: an explicit, tested rule.
 *
 * Each store's sink sub-topology keeps the events whose row routes to it (`routesTo`); an event
 * routed nowhere is finished at once. Adding an event type adds a row here and nothing else.
 */
import type { EngEvent, EngEventType } from '../avro/generated/types.ts';

export const STORES = ['postgres', 'clickhouse', 'pinecone', 'neo4j'] as const;
export type Store = (typeof STORES)[number];

type EventOf<T extends EngEventType> = Extract<EngEvent, { type: T }>;

export type Cell<T extends EngEventType> =
  | { readonly kind: 'yes'; readonly why: string }
  | { readonly kind: 'no' }
  | { readonly kind: 'maybe'; readonly when: string; readonly test: (event: EventOf<T>) => boolean };

export const to = (why: string) => ({ kind: 'yes', why }) as const;
export const no = { kind: 'no' } as const;
export const maybe = <T extends EngEventType>(when: string, test: (event: EventOf<T>) => boolean): Cell<T> => ({ kind: 'maybe', when, test });

/** A row as written: its cells' rules see the events of its own types. */
export interface Row<T extends EngEventType> {
  /** As a person says it (the guide's wording where the guide has the row). */
  readonly event: string;
  readonly types: readonly T[];
  readonly postgres: Cell<NoInfer<T>>;
  readonly clickhouse: Cell<NoInfer<T>>;
  readonly pinecone: Cell<NoInfer<T>>;
  readonly neo4j: Cell<NoInfer<T>>;
}

/** A row as stored: any types; a rule is only ever called with an event of its row. */
export type RoutingRow = { readonly event: string; readonly types: readonly EngEventType[] } & { readonly [S in Store]: Cell<never> };

const row = <T extends EngEventType>(r: Row<T>): RoutingRow => r;

/** Jira statuses that mean the work is finished, whatever the workflow calls them. */
const DONE_STATUSES = new Set(['done', 'closed', 'resolved']);

/** A commit that says something about its author's skills: new work, not a merge, with words. */
export const substantialCommit = (event: EventOf<'commit.pushed'>): boolean => {
  const { distinct, message } = event.payload;
  const subject = message.split('\n', 1)[0]!.trim();
  return distinct && !/^Merge (branch|pull request|remote-tracking branch)\b/.test(subject) && subject.split(/\s+/).length >= 3;
};

/** A Jira issue finished by someone: the work now belongs in their profile. */
export const completedAssignedIssue = (event: EventOf<'issue.updated'>): boolean => {
  const { statusChange, issue } = event.payload;
  return statusChange !== null && DONE_STATUSES.has(statusChange.to.toLowerCase()) && issue.assignee !== null;
};

export const ROUTING_TABLE: readonly RoutingRow[] = [
  // The guide's table.
  row({
    event: 'GitHub Commit',
    types: ['commit.pushed'],
    postgres: to('Update user stats'),
    clickhouse: to('Store event'),
    pinecone: maybe('a substantial commit (new, not a merge, three words or more) updates the skill embedding', substantialCommit),
    neo4j: to('Contribution link (CONTRIBUTED_TO)'),
  }),
  row({
    event: 'GitHub PR Merged',
    types: ['pull_request.merged'],
    postgres: to('Update project'),
    clickhouse: to('Store + aggregate (lead time)'),
    pinecone: to('Update profile'),
    neo4j: to('Review relationship'),
  }),
  row({
    event: 'Jira Issue Updated',
    types: ['issue.updated'],
    postgres: to('Sync project'),
    clickhouse: to('Store event'),
    pinecone: maybe('the issue moved to Done, Closed or Resolved with an assignee', completedAssignedIssue),
    neo4j: to('Assignment link (ASSIGNED_TO)'),
  }),
  row({ event: 'Jira Sprint Closed', types: ['sprint.closed'], postgres: to('Update velocity'), clickhouse: to('Store + aggregate'), pinecone: no, neo4j: no }),
  row({ event: 'Prometheus Metric', types: ['metric.sampled'], postgres: no, clickhouse: to('Store metric'), pinecone: no, neo4j: no }),

  // Every other event Switchyard normalizes.
  row({
    event: 'GitHub PR opened, updated or closed',
    types: ['pull_request.opened', 'pull_request.updated', 'pull_request.closed'],
    postgres: to('Identities and repository'),
    clickhouse: to('Store event (review time)'),
    pinecone: no,
    neo4j: no,
  }),
  row({ event: 'GitHub PR review submitted', types: ['review.submitted'], postgres: to('Identities'), clickhouse: to('Store + aggregate (review time)'), pinecone: no, neo4j: to('Review relationship (REVIEWED)') }),
  row({ event: 'GitHub PR review dismissed', types: ['review.dismissed'], postgres: no, clickhouse: to('Store event'), pinecone: no, neo4j: no }),
  row({
    event: 'GitHub deployment and its status',
    types: ['deployment.created', 'deployment.status_changed'],
    postgres: to('Repository'),
    clickhouse: to('Store + aggregate (deployment frequency, change failure rate, lead time)'),
    pinecone: no,
    neo4j: no,
  }),
  row({ event: 'GitHub workflow run completed', types: ['workflow_run.completed'], postgres: no, clickhouse: to('Store event'), pinecone: no, neo4j: no }),
  row({ event: 'GitHub issue opened, edited or closed', types: ['issue.opened', 'issue.edited', 'issue.closed'], postgres: to('Identities'), clickhouse: to('Store event'), pinecone: no, neo4j: no }),
  row({ event: 'Jira Issue Created', types: ['issue.created'], postgres: to('Sync project'), clickhouse: to('Store event'), pinecone: no, neo4j: to('Issue and assignment link') }),
  row({ event: 'Jira comment created', types: ['comment.created'], postgres: no, clickhouse: to('Store event'), pinecone: no, neo4j: no }),
  row({
    event: 'Notion page created, updated or deleted',
    types: ['page.created', 'page.updated', 'page.deleted'],
    postgres: no,
    clickhouse: to('Store event'),
    pinecone: to('Project docs (project_docs)'),
    neo4j: to('Document'),
  }),
  row({
    event: 'Notion data source created, updated or deleted',
    types: ['data_source.created', 'data_source.updated', 'data_source.deleted'],
    postgres: no,
    clickhouse: to('Store event'),
    pinecone: no,
    neo4j: no,
  }),
  row({ event: 'Alertmanager alert firing or resolved', types: ['alert.firing', 'alert.resolved'], postgres: no, clickhouse: to('Store incident (time to restore)'), pinecone: no, neo4j: no }),
];

const rowByType = new Map<EngEventType, RoutingRow>(ROUTING_TABLE.flatMap((r) => r.types.map((type) => [type, r] as const)));

/** The row of an event type; every type has exactly one (a test checks it). */
export function rowOf(type: EngEventType): RoutingRow {
  const found = rowByType.get(type);
  if (!found) throw new Error(`no routing row for event type ${type}: add one to topology/routing.ts`);
  return found;
}

/** Whether an event goes to a store: ✓, or a "maybe" whose rule holds for it. */
export function routesTo(store: Store, event: EngEvent): boolean {
  const cell = rowOf(event.type)[store];
  return cell.kind === 'yes' || (cell.kind === 'maybe' && cell.test(event as never));
}

/** The stores an event goes to, in the table's column order. */
export function storesFor(event: EngEvent): Store[] {
  return STORES.filter((store) => routesTo(store, event));
}

/** The table as Markdown, in the guide's shape (✓ why, Maybe: when, ✗), for `describe` and the README. */
export function routingTableMarkdown(): string {
  const cell = (c: Cell<never>) => (c.kind === 'yes' ? `✓ ${c.why}` : c.kind === 'no' ? '✗' : `Maybe: ${c.when}`);
  const lines = ['| Event Type | Aurora PostgreSQL | ClickHouse | Pinecone | Neo4j |', '|---|---|---|---|---|'];
  for (const r of ROUTING_TABLE) lines.push(`| ${r.event} | ${STORES.map((s) => cell(r[s])).join(' | ')} |`);
  return lines.join('\n');
}
