/**
 * `npm run bench:sinks`: rows/s through each store's sink on the local stack, writing
 * BENCH_EVENTS synthetic events (default 20,000; of the mix, those the store's handlers accept,
 * as topology/routing.ts routes them) through `sink.write` in batches of the store's
 * `batchMaxRecords` (its descriptor's sinkDefaults), beside ONE bulk write of the same rows —
 * built by the same handlers, row building timed on both sides — with the raw client (the
 * store's ceiling here):
 *
 * - ClickHouse: one JSONEachRow `client.insert` per table, into a second database of the same tables;
 * - PostgreSQL: one statement (writable CTEs over unnest) of the same entity/activity rows, into
 *   a second fresh schema whose users were resolved beforehand, untimed;
 * - Neo4j: the sink's own UNWIND … MERGE statements with ALL rows, in one transaction;
 * - vectors: one pgvector upsert of the final profiles; lexical embedding counted on both sides.
 *
 * "rows" is what the store holds at the end (Neo4j: the rows of its statements, one per node or
 * relationship merged); a line says so when the sink's place and the raw one do not hold the
 * same. Every side writes into a place of its own (databases, schemas, label prefixes, tables of
 * an in-memory PGlite), dropped after. One timed run per side, no warm-up. Prints progress, then
 * one JSON line of figures.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { randomBytes } from 'node:crypto';
import neo4j from 'neo4j-driver';
import type { EngEvent, Identity, JiraIssue, PullRequest } from '../avro/generated/types.ts';
import { localStack } from '../config/endpoints.ts';
import { clickhouseHandlers } from '../sinks/clickhouse/handlers.ts';
import { tableRows } from '../sinks/clickhouse/rows.ts';
import { clickhouseSink, type ClickHouseSink } from '../sinks/clickhouse/sink.ts';
import { rowsOf } from '../sinks/handlers.ts';
import { writeStatements } from '../sinks/neo4j/cypher.ts';
import { toGraphRows } from '../sinks/neo4j/handlers.ts';
import { NODE_KEYS } from '../sinks/neo4j/schema.ts';
import { neo4jSink, type Neo4jSink } from '../sinks/neo4j/sink.ts';
import { postgresHandlers } from '../sinks/postgres/handlers.ts';
import { resolveIdentities, userOf } from '../sinks/postgres/identities.ts';
import { COUNTERS, rowsFor } from '../sinks/postgres/rows.ts';
import { postgresSink, type PostgresSink } from '../sinks/postgres/sink.ts';
import { storeNamed, type Store } from '../sinks/registry.ts';
import type { Sink } from '../sinks/sink.ts';
import { vectorHandlers } from '../sinks/vectors/handlers.ts';
import { lexicalEmbedder } from '../sinks/vectors/lexicalEmbedder.ts';
import { pgvectorStore } from '../sinks/vectors/pgvector.ts';
import { foldProfile, profileMetadata, profileText, type Credit, type Profile } from '../sinks/vectors/profiles.ts';
import { vectorSink } from '../sinks/vectors/sink.ts';
import { NAMESPACES, type VectorStore } from '../sinks/vectors/store.ts';
import { routesTo } from '../topology/routing.ts';

const N = Number(process.env.BENCH_EVENTS ?? 20_000);
const T0 = Date.parse('2026-01-05T08:00:00Z');
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

// ── A realistic mix, built by hand: per 20 events, 12 commits, 1 merged PR, 2 reviews, 1 deployment, 2 Jira updates, 2 metric samples.
const dev = (d: number): Identity => ({ source: 'github', accountId: null, login: `dev${d}`, displayName: `Dev ${d}`, email: `dev${d}@acme.io` });
const jiraDev = (d: number): Identity => ({ source: 'jira', accountId: `acc-${d}`, login: null, displayName: `Dev ${d}`, email: `dev${d}@acme.io` });
/** Who sends each kind of the mix: a kind names no source, the envelope does. */
const SOURCE = {
  'commit.pushed': 'github', 'pull_request.merged': 'github', 'review.submitted': 'github', 'deployment.created': 'github', 'issue.updated': 'jira', 'metric.sampled': 'prometheus',
} as const satisfies Partial<Record<EngEvent['type'], string>>;
const envelope = (type: keyof typeof SOURCE, eventId: string, occurredAt: number, actor: Identity | null, repository: string | null, projectKey: string | null) =>
  ({ eventId, type, occurredAt, source: SOURCE[type], actor, repository, projectKey, deliveryId: `d-${eventId}` }) as const;

function event(i: number): EngEvent {
  const d = i % 50, at = T0 + i * 30_000, repo = `acme/service-${i % 10}`, key = `PROJ-${i % 300}`;
  const pr = (n: number): PullRequest => ({
    repository: repo, number: n, title: `${key} add retry budget to the ingest client`, author: dev(d), url: `https://github.com/${repo}/pull/${n}`, state: 'closed', draft: false,
    baseRef: 'main', headRef: `${key}-${n}`, headSha: `head${n}`, createdAt: at - 86_400_000, firstCommitAt: null, headRepository: null, commits: 3, additions: 120, deletions: 14, changedFiles: 6, labels: ['backend'], jiraKeys: [key],
  });
  switch (i % 20) {
    case 12:
      return { ...envelope('pull_request.merged', `github:pr:${repo}:${i}:merged`, at, dev(d), repo, null), type: 'pull_request.merged', payload: { pullRequest: pr(i), mergedAt: at, mergedBy: dev((d + 1) % 50), mergeCommitSha: `merge${i}` } };
    case 13:
    case 14:
      return { ...envelope('review.submitted', `github:review:${repo}:${i}`, at, dev((d + 7) % 50), repo, null), type: 'review.submitted', payload: { repository: repo, pullRequestNumber: i - (i % 20) + 12, pullRequestAuthor: dev(d), reviewId: i, reviewer: dev((d + 7) % 50), state: 'approved', submittedAt: at, commitId: `head${i}`, url: `https://github.com/${repo}/pull/${i}#review` } };
    case 15:
      return { ...envelope('deployment.created', `github:deployment:${repo}:${i}`, at, dev(d), repo, null), type: 'deployment.created', payload: { repository: repo, deploymentId: i, environment: 'production', productionEnvironment: true, sha: `sha${i}`, ref: 'main', task: 'deploy', description: null, creator: dev(d), createdAt: at, workflowRunId: null } };
    case 16:
    case 17: {
      const done = i % 40 < 20;
      const issue: JiraIssue = {
        issueId: `10${i % 300}`, issueKey: key, projectKey: 'PROJ', summary: `Rate-limit the webhook intake for tenant ${i % 7}`, issueType: 'Story', status: done ? 'Done' : 'In Progress', statusCategory: done ? 'done' : 'indeterminate',
        priority: 'High', assignee: jiraDev(d), reporter: jiraDev((d + 3) % 50), parentKey: null, sprint: { sprintId: 30 + (i % 4), name: `PROJ Sprint ${i % 4}`, state: 'active' }, storyPoints: 3, labels: [], createdAt: T0, updatedAt: at, url: `https://acme.atlassian.net/browse/${key}`, resolvedAt: null, resolution: null,
      };
      return { ...envelope('issue.updated', `jira:issue:${issue.issueId}:${i}`, at, jiraDev(d), null, 'PROJ'), type: 'issue.updated', payload: { issue, changedFields: ['status'], statusChange: { from: 'To Do', to: issue.status }, assigneeChange: null } };
    }
    case 18:
    case 19:
      return { ...envelope('metric.sampled', `prometheus:${i}`, at, null, null, null), type: 'metric.sampled', payload: { name: 'http_request_duration_seconds', labels: { job: 'api', instance: `api-${i % 8}:9090` }, value: (i % 97) / 100, timestamp: at } };
    default: {
      const sha = (0xabcdef0 + i).toString(16).padStart(40, '0');
      return { ...envelope('commit.pushed', `github:commit:${repo}:${sha}`, at, dev(d), repo, 'PROJ'), type: 'commit.pushed', payload: {
        repository: repo, ref: 'refs/heads/main', branch: 'main', sha, message: i % 9 === 0 ? `Merge branch 'main' into ${key}` : `${key} fix flaky retry in the sink breaker`, author: dev(d), committer: dev(d),
        timestamp: at, url: `https://github.com/${repo}/commit/${sha}`, distinct: i % 11 !== 0, added: i % 3, removed: i % 2, modified: 1 + (i % 5), jiraKeys: [key] } };
    }
  }
}

const all = Array.from({ length: N }, (_, i) => event(i));
const seconds = async (work: () => Promise<unknown>): Promise<number> => {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
};
/** As the figures name a store: the vector store is "vectors", whichever of Pinecone or pgvector. */
const labelOf = (store: Store): string => (store === 'pinecone' ? 'vectors' : store);
const batchOf = (store: Store): number => storeNamed(store).sinkDefaults.batchMaxRecords;

async function throughSink(sink: Sink, events: readonly EngEvent[], store: Store): Promise<number> {
  const size = batchOf(store);
  console.log(`${labelOf(store)}: ${events.length.toLocaleString('en-US')} events through the sink in batches of ${size}, then one raw write…`);
  return seconds(async () => {
    for (let i = 0; i < events.length; i += size) await sink.write(events.slice(i, i + size));
  });
}

interface Figures { readonly store: string; readonly events: number; readonly rows: number; readonly sink: number; readonly raw: number }
const results: Figures[] = [];
function report(store: Store, events: number, rows: number, sinkSeconds: number, rawSeconds: number): void {
  const f = { store: labelOf(store), events, rows, sink: rows / sinkSeconds, raw: rows / rawSeconds };
  results.push(f);
  const n = (x: number) => Math.round(x).toLocaleString('en-US').padStart(10);
  console.log(`${f.store.padEnd(10)} events ${n(events)}  rows ${n(rows)}  sink ${n(f.sink)} rows/s (batches of ${batchOf(store)})  raw ${n(f.raw)} rows/s (one write)  ratio ${(f.sink / f.raw).toFixed(2)}`);
}

/** The raw write must leave what the sink left, or its rows/s is no ceiling of the same work: says so when not. */
function compareHoldings(store: Store, sinkHolds: number, rawHolds: number): void {
  if (sinkHolds !== rawHolds) console.log(`${labelOf(store)}: the sink's side holds ${sinkHolds} rows, the raw one ${rawHolds}`);
}

const chRows = async (side: ClickHouseSink) => {
  const result = await side.client.query({ query: `SELECT (SELECT count() FROM ${side.database}.events) + (SELECT count() FROM ${side.database}.metric_samples) AS n`, format: 'JSONEachRow' });
  return Number((await result.json<{ n: number | string }>())[0]!.n); // UInt64 comes as a string
};

async function clickhouse(): Promise<void> {
  const events = all.filter((e) => routesTo('clickhouse', e));
  const config = { url: localStack.clickhouse.url, username: localStack.clickhouse.username, password: localStack.clickhouse.password, requestTimeoutMs: 120_000 };
  const sink = clickhouseSink({ ...config, database: unique('switchyard_bench') });
  const raw = clickhouseSink({ ...config, database: unique('switchyard_bench_raw') }); // its tables and client only; written to by client.insert
  try {
    await sink.init();
    await raw.init();
    const sinkSeconds = await throughSink(sink, events, 'clickhouse');
    const rawSeconds = await seconds(async () => {
      // Row building counted on both sides, as the sink does it in write(); one version, as one write.
      const tables = tableRows(events.flatMap((e) => rowsOf(clickhouseHandlers, e)), Date.now());
      await raw.client.insert({ table: `${raw.database}.events`, values: tables.events, format: 'JSONEachRow' });
      await raw.client.insert({ table: `${raw.database}.metric_samples`, values: tables.metric_samples, format: 'JSONEachRow' });
    });
    const rows = await chRows(raw);
    compareHoldings('clickhouse', await chRows(sink), rows);
    report('clickhouse', events.length, rows, sinkSeconds, rawSeconds);
  } finally {
    for (const s of [sink, raw]) {
      await s.client.command({ query: `DROP DATABASE IF EXISTS ${s.database}` }).catch(() => {});
      await s.close();
    }
  }
}

const PG_TABLES = ['processed_events', 'developer_daily_activity', 'repositories', 'projects', 'sprint_velocity'];
const pgRows = async (db: Pick<PostgresSink['pool'], 'query'>) => (await db.query<{ n: number }>(`SELECT (${PG_TABLES.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')})::int AS n`)).rows[0]!.n;

async function postgres(): Promise<void> {
  const events = all.filter((e) => routesTo('postgres', e));
  const sink = postgresSink({ url: localStack.postgres.url, poolMax: 4, schema: unique('switchyard_bench'), teamsFile: undefined });
  const raw = postgresSink({ url: localStack.postgres.url, poolMax: 1, schema: unique('switchyard_bench_raw'), teamsFile: undefined });
  try {
    await sink.init();
    await raw.init();
    const sinkSeconds = await throughSink(sink, events, 'postgres');
    const client = await raw.pool.connect();
    try {
      const rowsOfAll = () => events.flatMap((e) => rowsOf(postgresHandlers, e));
      const users = await resolveIdentities(client, rowsFor(rowsOfAll(), 'identities').map((r) => r.sighting)); // untimed: the ceiling gets its users for free
      const rawSeconds = await seconds(async () => {
        const rows = rowsOfAll(); // built again, timed: the sink builds them in write()
        const repos = new Map<string, [number, number]>();
        for (const { fullName: name, seenAt } of rowsFor(rows, 'repositories')) repos.set(name, [Math.min(repos.get(name)?.[0] ?? seenAt, seenAt), Math.max(repos.get(name)?.[1] ?? seenAt, seenAt)]);
        // The mix's sprints come from issues, which know only their id, name and project: the sink's other columns stay null.
        const sprints = new Map(rowsFor(rows, 'sprint_velocity').map(({ sprint }) => [sprint.sprintId, sprint]));
        const claims = rowsFor(rows, 'processed_events');
        const activity = new Map<string, { user: string; day: string; counts: number[] }>();
        for (const bump of rowsFor(rows, 'developer_daily_activity')) {
          const user = userOf(bump.who, users);
          if (user === undefined) continue;
          const row = activity.get(`${user}|${bump.day}`) ?? { user, day: bump.day, counts: COUNTERS.map(() => 0) };
          row.counts[COUNTERS.indexOf(bump.counter)]! += 1;
          activity.set(`${user}|${bump.day}`, row);
        }
        const names = [...repos.keys()], days = [...activity.values()], iso = (ms: number) => new Date(ms).toISOString();
        await client.query(
          `WITH r AS (INSERT INTO repositories (full_name, owner, name, first_seen_at, last_seen_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])),
                p AS (INSERT INTO projects (key) SELECT unnest($6::text[])),
                s AS (INSERT INTO sprint_velocity (sprint_id, name, project_key) SELECT * FROM unnest($7::bigint[], $8::text[], $9::text[])),
                e AS (INSERT INTO processed_events (event_id, type) SELECT * FROM unnest($10::text[], $11::text[]))
           INSERT INTO developer_daily_activity (user_id, day, ${COUNTERS.join(', ')}) SELECT * FROM unnest($12::bigint[], $13::date[], $14::int[], $15::int[], $16::int[], $17::int[], $18::int[])`,
          [names, names.map((n) => n.split('/')[0]), names.map((n) => n.split('/')[1]), names.map((n) => iso(repos.get(n)![0])), names.map((n) => iso(repos.get(n)![1])),
            [...new Set(rowsFor(rows, 'projects').map((p) => p.key))], [...sprints.keys()], [...sprints.values()].map((s) => s.name), [...sprints.values()].map((s) => s.projectKey),
            claims.map((c) => c.eventId), claims.map((c) => c.kind), days.map((a) => a.user), days.map((a) => a.day), ...COUNTERS.map((_, c) => days.map((a) => a.counts[c]))],
        );
      });
      const rows = await pgRows(client); // raw's pool has one connection, and it is this one
      compareHoldings('postgres', await pgRows(sink.pool), rows);
      report('postgres', events.length, rows, sinkSeconds, rawSeconds);
    } finally {
      client.release();
    }
  } finally {
    for (const s of [sink, raw]) {
      await s.pool.query(`DROP SCHEMA IF EXISTS ${s.schema} CASCADE`).catch(() => {});
      await s.close();
    }
  }
}

async function dropGraph(sink: Neo4jSink): Promise<void> {
  for (const label of Object.keys(NODE_KEYS) as (keyof typeof NODE_KEYS)[]) await sink.driver.executeQuery(`MATCH (n:${sink.labels[label]}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`, {}, { database: sink.database }).catch(() => sink.driver.executeQuery(`MATCH (n:${sink.labels[label]}) DETACH DELETE n`, {}, { database: sink.database }));
  const { records } = await sink.driver.executeQuery('SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH $prefix RETURN name', { prefix: sink.labels.prefix.toLowerCase() }, { database: sink.database });
  for (const r of records) await sink.driver.executeQuery(`DROP CONSTRAINT ${r.get('name') as string} IF EXISTS`, {}, { database: sink.database });
}

/** Nodes and relationships under one side's label prefix: what the batched writes and the one write must both leave. */
const graphHolds = async (side: Neo4jSink) => Object.values((await side.summary()).rows).reduce((sum, n) => sum + n, 0);

async function graph(): Promise<void> {
  const events = all.filter((e) => routesTo('neo4j', e));
  const config = { url: localStack.neo4j.url, user: localStack.neo4j.user, password: localStack.neo4j.password, database: 'neo4j', teamsFile: undefined };
  const prefix = () => `B${Date.now().toString(36)}${randomBytes(3).toString('hex')}_`;
  const sink = neo4jSink(config, { labelPrefix: prefix() });
  const raw = neo4jSink(config, { labelPrefix: prefix() }); // its driver and constraints only; written to through the raw driver
  try {
    await sink.init();
    await raw.init();
    const sinkSeconds = await throughSink(sink, events, 'neo4j');
    let rows = 0;
    const rawSeconds = await seconds(async () => {
      const graphRows = toGraphRows(events);
      const session = raw.driver.session({ database: raw.database, defaultAccessMode: neo4j.session.WRITE });
      try {
        await session.executeWrite(async (tx) => {
          for (const statement of writeStatements(raw.labels)) {
            rows += graphRows[statement.kind].length;
            if (graphRows[statement.kind].length > 0) await tx.run(statement.cypher, { rows: graphRows[statement.kind] });
          }
        });
      } finally {
        await session.close();
      }
    });
    compareHoldings('neo4j', await graphHolds(sink), await graphHolds(raw));
    report('neo4j', events.length, rows, sinkSeconds, rawSeconds);
  } finally {
    for (const s of [sink, raw]) {
      await dropGraph(s).catch((error: unknown) => console.log(`neo4j: cleanup of ${s.labels.prefix} failed: ${String(error)}`));
      await s.close();
    }
  }
}

const vectorsHeld = async (store: VectorStore) => Object.values((await store.describe()).namespaces).reduce((sum, n) => sum + n, 0);

async function vectors(): Promise<void> {
  const events = all.filter((e) => routesTo('pinecone', e));
  const db = new PGlite({ extensions: { vector } });
  const embedder = lexicalEmbedder();
  const options = { sql: db, dimension: embedder.dimension, namespaces: Object.values(NAMESPACES) };
  const sinkStore = pgvectorStore({ ...options, tablePrefix: 'bench_sink_' });
  const rawStore = pgvectorStore({ ...options, tablePrefix: 'bench_raw_' });
  try {
    const sink = vectorSink({ store: sinkStore, embedder });
    await sink.init();
    await rawStore.init();
    const sinkSeconds = await throughSink(sink, events, 'pinecone');
    let rows = 0;
    const rawSeconds = await seconds(async () => {
      const credits = new Map<string, Credit[]>();
      for (const row of events.flatMap((e) => rowsOf(vectorHandlers, e))) {
        if (row.kind === 'credit') credits.set(row.credit.developer.key, [...(credits.get(row.credit.developer.key) ?? []), row.credit]);
      }
      const profiles = [...credits.values()].map((list) => foldProfile(undefined, list)).filter((p): p is Profile => p !== undefined);
      const embeddings = await embedder.embed(profiles.map(profileText), 'passage');
      await rawStore.upsert(NAMESPACES.developerProfiles, profiles.map((p, i) => ({ id: p.developer, values: embeddings[i]!, metadata: profileMetadata(p) })));
      rows = profiles.length;
    });
    compareHoldings('pinecone', await vectorsHeld(sinkStore), await vectorsHeld(rawStore));
    report('pinecone', events.length, rows, sinkSeconds, rawSeconds);
  } finally {
    await db.close(); // in memory: closing it drops everything
  }
}

console.log(`sinks bench: ${N.toLocaleString('en-US')} events (per 20: 12 commits, 1 merged PR, 2 reviews, 1 deployment, 2 Jira updates, 2 metric samples; 50 developers, 10 repositories)`);
console.log('each store gets the events its handlers accept (topology/routing.ts); "rows" = rows the store holds after the write, the same for sink and raw; vectors: embedding counted on both sides');
for (const run of [postgres, clickhouse, graph, vectors]) {
  await run().catch((error: unknown) => {
    console.error(`bench:sinks needs the local stack (npm run stack -- up): ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const figures: Record<string, string | number> = { bench: 'sinks', events: N };
for (const f of results) {
  figures[`${f.store}Rows`] = f.rows;
  figures[`${f.store}RowsPerSec`] = Math.round(f.sink);
  figures[`${f.store}RawRowsPerSec`] = Math.round(f.raw);
  figures[`${f.store}Ratio`] = round(f.sink / f.raw);
}
console.log(JSON.stringify(figures));
