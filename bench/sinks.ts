/**
 * `npm run bench:sinks`: rows/s through each store's sink on the local stack, writing
 * BENCH_EVENTS synthetic events (default 20,000; the mix routes.ts sends that store) through
 * `sink.write` in batches of the store's configured `batchMaxRecords`, beside ONE bulk write of
 * the same rows with the raw client (the store's ceiling here):
 *
 * - ClickHouse: one JSONEachRow `client.insert` per table of the same rows, same tables;
 * - PostgreSQL: one statement (writable CTEs over unnest) of the same entity/activity rows, into
 *   a second fresh schema whose users were resolved beforehand, untimed;
 * - Neo4j: the sink's own UNWIND … MERGE statements with ALL rows, in one transaction;
 * - vectors: one pgvector upsert of the final profiles; lexical embedding counted on both sides.
 *
 * "rows" is what the store holds at the end (the same for both sides). Every store writes into
 * a place of its own (database, schemas, label prefixes, an in-memory PGlite), dropped after.
 * One timed run per side, no warm-up. Prints progress, then one JSON line of figures.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { randomBytes } from 'node:crypto';
import neo4j from 'neo4j-driver';
import type { EngEvent, Identity, JiraIssue, PullRequest } from '../avro/generated/types.ts';
import { localStack } from '../scripts/stack/endpoints.ts';
import { clickhouseSink } from '../sinks/clickhouse/sink.ts';
import { toEventRow, toMetricSampleRow } from '../sinks/clickhouse/rows.ts';
import { writeStatements } from '../sinks/neo4j/cypher.ts';
import { toGraphRows } from '../sinks/neo4j/rows.ts';
import { NODE_KEYS } from '../sinks/neo4j/schema.ts';
import { neo4jSink, type Neo4jSink } from '../sinks/neo4j/sink.ts';
import { resolveIdentities, userOf } from '../sinks/postgres/identities.ts';
import { counterBumpOf, projectKeyOf, repositoryOf, sightingsIn, sprintOf } from '../sinks/postgres/rows.ts';
import { postgresSink, type PostgresSink } from '../sinks/postgres/sink.ts';
import { SINK_DEFAULTS } from '../sinks/settings.ts';
import type { Sink } from '../sinks/sink.ts';
import { lexicalEmbedder } from '../sinks/vectors/lexicalEmbedder.ts';
import { pgvectorStore } from '../sinks/vectors/pgvector.ts';
import { creditOf, foldProfile, profileMetadata, profileText, type Credit, type Profile } from '../sinks/vectors/profiles.ts';
import { vectorSink } from '../sinks/vectors/sink.ts';
import { NAMESPACES } from '../sinks/vectors/store.ts';
import { routesTo, type Store } from '../topology/routing.ts';

const N = Number(process.env.BENCH_EVENTS ?? 20_000);
const T0 = Date.parse('2026-01-05T08:00:00Z');
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

// ── A realistic mix, built by hand: per 20 events, 12 commits, 1 merged PR, 2 reviews, 1 deployment, 2 Jira updates, 2 metric samples.
const dev = (d: number): Identity => ({ source: 'github', accountId: null, login: `dev${d}`, displayName: `Dev ${d}`, email: `dev${d}@acme.io` });
const jiraDev = (d: number): Identity => ({ source: 'jira', accountId: `acc-${d}`, login: null, displayName: `Dev ${d}`, email: `dev${d}@acme.io` });
const envelope = (type: EngEvent['type'], eventId: string, occurredAt: number, actor: Identity | null, repository: string | null, projectKey: string | null) =>
  ({ eventId, type, occurredAt, source: type.split('.')[0]!, actor, repository, projectKey, deliveryId: `d-${eventId}` }) as const;

function event(i: number): EngEvent {
  const d = i % 50, at = T0 + i * 30_000, repo = `acme/service-${i % 10}`, key = `PROJ-${i % 300}`;
  const pr = (n: number): PullRequest => ({
    repository: repo, number: n, title: `${key} add retry budget to the ingest client`, author: dev(d), url: `https://github.com/${repo}/pull/${n}`, state: 'closed', draft: false,
    baseRef: 'main', headRef: `${key}-${n}`, headSha: `head${n}`, createdAt: at - 86_400_000, firstCommitAt: null, commits: 3, additions: 120, deletions: 14, changedFiles: 6, labels: ['backend'], jiraKeys: [key],
  });
  switch (i % 20) {
    case 12:
      return { ...envelope('pull_request.merged', `github:pr:${repo}:${i}:merged`, at, dev(d), repo, null), type: 'pull_request.merged', payload: { pullRequest: pr(i), mergedAt: at, mergedBy: dev((d + 1) % 50), mergeCommitSha: `merge${i}` } };
    case 13:
    case 14:
      return { ...envelope('review.submitted', `github:review:${repo}:${i}`, at, dev((d + 7) % 50), repo, null), type: 'review.submitted', payload: { repository: repo, pullRequestNumber: i - (i % 20) + 12, pullRequestAuthor: dev(d), reviewId: i, reviewer: dev((d + 7) % 50), state: 'approved', submittedAt: at, commitId: `head${i}`, url: `https://github.com/${repo}/pull/${i}#review` } };
    case 15:
      return { ...envelope('deployment.created', `github:deployment:${repo}:${i}`, at, dev(d), repo, null), type: 'deployment.created', payload: { repository: repo, deploymentId: i, environment: 'production', productionEnvironment: true, sha: `sha${i}`, ref: 'main', task: 'deploy', description: null, creator: dev(d), createdAt: at } };
    case 16:
    case 17: {
      const done = i % 40 < 20;
      const issue: JiraIssue = {
        issueId: `10${i % 300}`, issueKey: key, projectKey: 'PROJ', summary: `Rate-limit the webhook intake for tenant ${i % 7}`, issueType: 'Story', status: done ? 'Done' : 'In Progress', statusCategory: done ? 'done' : 'indeterminate',
        priority: 'High', assignee: jiraDev(d), reporter: jiraDev((d + 3) % 50), parentKey: null, sprint: { sprintId: 30 + (i % 4), name: `PROJ Sprint ${i % 4}`, state: 'active' }, storyPoints: 3, labels: [], createdAt: T0, updatedAt: at, url: `https://acme.atlassian.net/browse/${key}`,
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
async function throughSink(sink: Sink, events: readonly EngEvent[], store: Store): Promise<number> {
  const size = SINK_DEFAULTS[store].batchMaxRecords;
  console.log(`${store === 'pinecone' ? 'vectors' : store}: ${events.length.toLocaleString('en-US')} events through the sink in batches of ${size}, then one raw write…`);
  return seconds(async () => {
    for (let i = 0; i < events.length; i += size) await sink.write(events.slice(i, i + size));
  });
}

interface Figures { readonly store: string; readonly events: number; readonly rows: number; readonly sink: number; readonly raw: number }
const results: Figures[] = [];
function report(store: string, events: number, rows: number, sinkSeconds: number, rawSeconds: number, batch: number): void {
  const f = { store, events, rows, sink: rows / sinkSeconds, raw: rows / rawSeconds };
  results.push(f);
  const n = (x: number) => Math.round(x).toLocaleString('en-US').padStart(10);
  console.log(`${store.padEnd(10)} events ${n(events)}  rows ${n(rows)}  sink ${n(f.sink)} rows/s (batches of ${batch})  raw ${n(f.raw)} rows/s (one write)  ratio ${(f.sink / f.raw).toFixed(2)}`);
}

async function clickhouse(): Promise<void> {
  const events = all.filter((e) => routesTo('clickhouse', e));
  const sink = clickhouseSink({ url: localStack.clickhouse.url, username: localStack.clickhouse.username, password: localStack.clickhouse.password, database: unique('switchyard_bench'), requestTimeoutMs: 120_000 });
  try {
    await sink.init();
    const sinkSeconds = await throughSink(sink, events, 'clickhouse');
    const rawSeconds = await seconds(async () => {
      const version = Date.now(); // row building counted on both sides, as the sink does it in write()
      const samples = events.map((e) => toMetricSampleRow(e, version)).filter((r) => r !== null);
      await sink.client.insert({ table: `${sink.database}.events`, values: events.map((e) => toEventRow(e, version)), format: 'JSONEachRow' });
      await sink.client.insert({ table: `${sink.database}.metric_samples`, values: samples, format: 'JSONEachRow' });
    });
    const rows = events.length + events.filter((e) => e.type === 'metric.sampled').length;
    report('clickhouse', events.length, rows, sinkSeconds, rawSeconds, SINK_DEFAULTS.clickhouse.batchMaxRecords);
  } finally {
    await sink.client.command({ query: `DROP DATABASE IF EXISTS ${sink.database}` }).catch(() => {});
    await sink.close();
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
      const users = await resolveIdentities(client, events.flatMap(sightingsIn)); // untimed: the ceiling gets its users for free
      const rawSeconds = await seconds(async () => {
        const repos = new Map<string, [number, number]>();
        for (const e of events) {
          const name = repositoryOf(e);
          if (name !== null) repos.set(name, [Math.min(repos.get(name)?.[0] ?? e.occurredAt, e.occurredAt), Math.max(repos.get(name)?.[1] ?? e.occurredAt, e.occurredAt)]);
        }
        const sprints = new Map(events.map(sprintOf).filter((s) => s !== null).map((s) => [s.sprintId, s]));
        const activity = new Map<string, { user: string; day: string; counts: number[] }>();
        const COUNTERS = ['commits', 'prs_opened', 'prs_merged', 'reviews', 'issues_completed'] as const;
        for (const e of events) {
          const bump = counterBumpOf(e);
          const user = bump === null ? undefined : userOf(bump.who, users);
          if (bump === null || user === undefined) continue;
          const row = activity.get(`${user}|${bump.day}`) ?? { user, day: bump.day, counts: [0, 0, 0, 0, 0] };
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
            [...new Set(events.map(projectKeyOf).filter((k) => k !== null && k !== ''))], [...sprints.keys()], [...sprints.values()].map((s) => s.name), [...sprints.values()].map((s) => s.projectKey),
            events.map((e) => e.eventId), events.map((e) => e.type), days.map((a) => a.user), days.map((a) => a.day), ...COUNTERS.map((_, c) => days.map((a) => a.counts[c]))],
        );
      });
      const rows = await pgRows(client); // raw's pool has one connection, and it is this one
      const sinkRows = await pgRows(sink.pool);
      if (sinkRows !== rows) console.log(`postgres: the sink's schema holds ${sinkRows} rows, the raw one ${rows}`);
      report('postgres', events.length, rows, sinkSeconds, rawSeconds, SINK_DEFAULTS.postgres.batchMaxRecords);
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
    report('neo4j', events.length, rows, sinkSeconds, rawSeconds, SINK_DEFAULTS.neo4j.batchMaxRecords);
  } finally {
    for (const s of [sink, raw]) {
      await dropGraph(s).catch((error: unknown) => console.log(`neo4j: cleanup of ${s.labels.prefix} failed: ${String(error)}`));
      await s.close();
    }
  }
}

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
      for (const e of events) {
        const credit = creditOf(e);
        if (credit) credits.set(credit.developer.key, [...(credits.get(credit.developer.key) ?? []), credit]);
      }
      const profiles = [...credits.values()].map((list) => foldProfile(undefined, list)).filter((p): p is Profile => p !== undefined);
      const embeddings = await embedder.embed(profiles.map(profileText), 'passage');
      await rawStore.upsert(NAMESPACES.developerProfiles, profiles.map((p, i) => ({ id: p.developer, values: embeddings[i]!, metadata: profileMetadata(p) })));
      rows = profiles.length;
    });
    report('vectors', events.length, rows, sinkSeconds, rawSeconds, SINK_DEFAULTS.pinecone.batchMaxRecords);
  } finally {
    await db.close(); // in memory: closing it drops everything
  }
}

console.log(`sinks bench: ${N.toLocaleString('en-US')} events (per 20: 12 commits, 1 merged PR, 2 reviews, 1 deployment, 2 Jira updates, 2 metric samples; 50 developers, 10 repositories)`);
console.log('each store gets the events routes.ts sends it; "rows" = rows the store holds after the write, the same for sink and raw; vectors: embedding counted on both sides');
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
