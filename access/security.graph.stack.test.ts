/**
 * The read side of Neo4j and the vector store cannot write or escape: every attempt below is
 * refused by the database (its own error code, never a message of ours), and the corner's node,
 * relationship and row counts are the same before and after.
 *
 * Neo4j is Community (one admin user), so what holds is the READ transaction the reader always
 * opens, with a timeout; file URLs for LOAD CSV are off in the stack's launcher
 * (scripts/stack/neo4j, dbms.security.allow_csv_import_from_file_urls=false). HTTP LOAD CSV and
 * TERMINATE TRANSACTIONS are reads a Community server cannot refuse, hence no raw Cypher question.
 * pgvector is PGlite (a superuser, no roles): the extended protocol is the guard.
 */
import neo4j from 'neo4j-driver';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStack } from '../config/endpoints.ts';
import { uniqueIdentifier } from '../test/support/names.ts';
import type { Neo4jConfig } from '../sinks/neo4j/config.ts';
import type { Graph } from '../sinks/neo4j/queries.ts';
import { openNeo4jReader } from '../sinks/neo4j/reader.ts';
import { neo4jSink, type Neo4jSink } from '../sinks/neo4j/sink.ts';
import { counts, dropTestGraph, localConfig, uniquePrefix } from '../sinks/neo4j/testing/testGraph.ts';
import { events, organization } from '../sinks/neo4j/testing/testScenario.ts';
import type { VectorConfig } from '../sinks/vectors/config.ts';
import { embedderFor } from '../sinks/vectors/connect.ts';
import { extendedSql } from '../sinks/vectors/extendedSql.ts';
import { pgvectorStore } from '../sinks/vectors/pgvector.ts';
import { openVectorReader } from '../sinks/vectors/reader.ts';
import { NAMESPACES } from '../sinks/vectors/store.ts';
import { CATALOGUE } from './catalogue.ts';
import { AccessError } from './errors.ts';
import type { AccessLimits, AnyQuestion } from './question.ts';
import { openAccess, type Access } from './service.ts';

const LIMITS: AccessLimits = { rowCap: 50, maxTopK: 2, timeoutMs: 10_000 };

/** Strings that would write if they were ever spliced into Cypher or SQL. */
const PAYLOADS = ['"}) DETACH DELETE n //', "'}) DETACH DELETE n //", "x' OR '1'='1", "'; DROP TABLE vectors_developer_profiles; --", 'COMMIT; DELETE FROM vectors_project_docs'];

const codeOf = (error: unknown): string | undefined => (error as { code?: string } | undefined)?.code;

/** The error `work` fails with (the test fails if it answers). */
async function failure(work: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  const outcome = await work.then(
    (value) => ({ answered: value }),
    (error: unknown) => ({ error }),
  );
  if ('answered' in outcome) throw new Error(`expected a refusal, got an answer: ${JSON.stringify(outcome.answered).slice(0, 300)}`);
  return { code: codeOf(outcome.error), message: String((outcome.error as Error).message) };
}

/** An input for `question` holding `payload` in every string field it accepts there (other required fields: 1). */
function inputWith(question: AnyQuestion, payload: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(question.input.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>)) {
    if (field.safeParse(payload).success) input[key] = payload;
    else if (!field.safeParse(undefined).success) input[key] = field.safeParse(1).success ? 1 : payload;
  }
  return input;
}

/** Every question of `store`, asked every payload: an answer or a refusal of ours (400/404), never a write. */
async function askEveryPayload(access: Access, store: 'neo4j' | 'pinecone'): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  for (const question of CATALOGUE.filter((q) => q.composed !== true && q.stores[0] === store)) {
    for (const payload of PAYLOADS) {
      const outcome = await access.ask(question.name, inputWith(question, payload)).then(
        () => 'answered',
        (error: unknown) => {
          if (!(error instanceof AccessError) || error.status >= 500) throw error;
          return `refused ${error.status}`;
        },
      );
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  }
  return outcomes;
}

describe('Neo4j through the access reader', () => {
  let sink: Neo4jSink;
  let config: Neo4jConfig;
  let graph: Graph;
  let close: () => Promise<void>;
  let before: Record<string, number>;

  beforeAll(async () => {
    const labelPrefix = uniquePrefix();
    config = { ...localConfig(), labelPrefix };
    sink = neo4jSink(config);
    await sink.init();
    await sink.syncOrganization(organization);
    await sink.write(events);
    before = await counts(sink);
    const opened = openNeo4jReader(config, LIMITS, () => {});
    graph = opened.reader;
    close = () => opened.close();
    expect(Object.keys(before).length).toBeGreaterThan(3);
  });

  afterAll(async () => {
    await close?.();
    if (sink) {
      // Asserted here too, so that any test that wrote would show.
      expect(await counts(sink)).toEqual(before);
      await dropTestGraph(sink);
      await sink.close();
    }
  });

  const read = (cypher: string) => graph.driver.executeQuery(cypher, {}, { database: graph.database, routing: neo4j.routing.READ, transactionConfig: { timeout: graph.readTimeoutMs! } });
  const readInSession = async (cypher: string) => {
    const session = graph.driver.session({ database: graph.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead((tx) => tx.run(cypher), { timeout: graph.readTimeoutMs! });
    } finally {
      await session.close();
    }
  };

  it('refuses every write in a READ transaction with the server’s AccessMode error, nothing changed', async () => {
    const L = graph.labels;
    const writes = [
      `CREATE (:${L.Developer} {key: 'github:mallory'})`,
      `MERGE (d:${L.Developer} {key: 'github:mallory'}) RETURN d`,
      `MATCH (n:${L.Developer}) DETACH DELETE n`,
      `MATCH (n:${L.Developer}) SET n.login = 'owned'`,
      `CALL db.createLabel('${L.prefix}X')`,
      `LOAD CSV FROM 'http://127.0.0.1:9/' AS row CREATE (:${L.Developer} {key: row[0]})`,
    ];
    for (const cypher of writes) {
      expect((await failure(read(cypher))).code, cypher).toBe('Neo.ClientError.Statement.AccessMode');
      expect((await failure(readInSession(cypher))).code, cypher).toBe('Neo.ClientError.Statement.AccessMode');
    }
    expect(await counts(sink)).toEqual(before);
  });

  it('CALL dbms.*: what would change the server is refused or absent; what runs only reads (why there is no raw Cypher tool)', async () => {
    // Community has no user management or runtime configuration procedures to call.
    expect((await failure(read("CALL dbms.security.createUser('mallory', 'pw', false)"))).code).toBe('Neo.ClientError.Procedure.ProcedureNotFound');
    expect((await failure(read("CALL dbms.setConfigValue('db.transaction.timeout', '0s')"))).code).toBe('Neo.ClientError.Procedure.ProcedureNotFound');
    // Writes to the system database are refused like any other write.
    expect((await failure(read('CREATE USER mallory SET PASSWORD "pw1234567"'))).code).toBe('Neo.ClientError.Statement.AccessMode');
    // These run in READ mode: harmless reads here, and the reason free Cypher is never served
    // (TERMINATE TRANSACTIONS and HTTP LOAD CSV run in READ mode too).
    const { records } = await read('CALL dbms.components() YIELD name RETURN name');
    expect(records.map((r) => r.get('name'))).toContain('Neo4j Kernel');
    expect(await counts(sink)).toEqual(before);
  });

  it('has no APOC: apoc.load.json is no procedure', async () => {
    expect((await failure(read("CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value"))).code).toBe('Neo.ClientError.Procedure.ProcedureNotFound');
  });

  it('refuses LOAD CSV from a file URL (the launcher turns file URLs off)', async () => {
    const { records } = await read("CALL dbms.listConfig('dbms.security.allow_csv_import_from_file_urls') YIELD value RETURN value");
    // The stack's Neo4j started before the launcher changed still reads files: say how to get the guard.
    expect(records[0]?.get('value'), 'the stack’s Neo4j predates file URLs off: restart it (npm run stack -- down, then up) so its launcher is rebuilt').toBe('false');
    const refused = await failure(read("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row LIMIT 1"));
    expect(refused.code).toBe('Neo.ClientError.Statement.ExternalResourceFailed');
    expect(refused.message).toMatch(/dbms\.security\.allow_csv_import_from_file_urls' is false/);
  });

  it('stops a read at the reader’s timeout (the server has none of its own)', async () => {
    const opened = openNeo4jReader(config, { ...LIMITS, timeoutMs: 1_000 }, () => {});
    try {
      const { driver, database, readTimeoutMs } = opened.reader;
      expect(readTimeoutMs).toBe(1_000);
      const started = Date.now();
      const heavy = 'UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)';
      expect((await failure(driver.executeQuery(heavy, {}, { database, routing: neo4j.routing.READ, transactionConfig: { timeout: readTimeoutMs! } }))).code).toBe('Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration');
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await opened.close();
    }
  });

  it('answers the Neo4j questions given Cypher in every string input, and writes nothing', async () => {
    const warned: string[] = [];
    const access = openAccess({ stores: { neo4j: config }, limits: LIMITS, catalogue: CATALOGUE.filter((q) => q.composed !== true && q.stores[0] === 'neo4j'), warn: (store, message) => void warned.push(`${store}: ${message}`) });
    try {
      const outcomes = await askEveryPayload(access, 'neo4j');
      // Community: one user, so the reader is the writer, and it said so once, when it opened.
      expect(warned).toEqual([expect.stringMatching(/^neo4j: NEO4J_READER_USER is unset/)]);
      // Each payload reached the database as a parameter at least once (answered, with nothing found).
      expect(outcomes.answered).toBeGreaterThan(0);
    } finally {
      await access.close();
    }
    expect(await counts(sink)).toEqual(before);
  });

  it('offers no raw Cypher question: no Neo4j question takes a query', () => {
    const graphQuestions = CATALOGUE.filter((q) => q.stores.includes('neo4j'));
    expect(graphQuestions.length).toBeGreaterThan(0);
    expect(CATALOGUE.map((q) => q.name).filter((name) => /cypher|neo4j|graph_query/.test(name))).toEqual([]);
    for (const question of graphQuestions) expect(Object.keys(question.input.shape), question.name).not.toContainEqual(expect.stringMatching(/^(cypher|query|statement)$/));
  });
});

describe('pgvector through the access reader', () => {
  const tablePrefix = `${uniqueIdentifier('sec')}_`;
  const tables = [NAMESPACES.developerProfiles, NAMESPACES.projectDocs, NAMESPACES.trashedDocs].map((ns) => `${tablePrefix}${ns}`);
  const config: VectorConfig = { store: { kind: 'pgvector', url: localStack.pgvector.url, poolMax: 1, tablePrefix }, embeddings: { provider: 'lexical', reason: 'test', dimension: 16 } };
  const pool = new pg.Pool({ connectionString: localStack.pgvector.url, max: 1 });
  let before: number[];

  const rowCounts = async (): Promise<number[]> => {
    const counted: number[] = [];
    for (const table of tables) counted.push(Number((await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n));
    return counted;
  };

  beforeAll(async () => {
    const embedder = embedderFor(config.embeddings);
    const writer = pgvectorStore({ sql: pool, dimension: embedder.dimension, namespaces: Object.values(NAMESPACES), tablePrefix });
    await writer.init();
    const texts = ['kafka consumer rebalancing', 'postgres read only roles', 'neo4j graph walks', 'vector search with pgvector'];
    const vectors = await embedder.embed(texts, 'passage');
    const records = texts.map((text, i) => ({ id: `github:dev${i}`, values: vectors[i]!, metadata: { login: `dev${i}`, text } }));
    await writer.upsert(NAMESPACES.developerProfiles, records);
    await writer.upsert(NAMESPACES.projectDocs, records.map((r) => ({ ...r, id: `page-${r.id}` })));
    await writer.upsert(NAMESPACES.trashedDocs, records.slice(0, 1).map((r) => ({ ...r, id: 'trashed-page' })));
    before = await rowCounts();
    expect(before).toEqual([4, 4, 1]);
  });

  afterAll(async () => {
    expect(await rowCounts()).toEqual(before);
    await pool.query(`DROP TABLE IF EXISTS ${tables.join(', ')}`);
    await pool.end();
  });

  it('clamps topK to the limits, serves only developer_profiles and project_docs, and refuses writes before sending them', async () => {
    const opened = openVectorReader(config, LIMITS, () => {});
    try {
      expect(opened.concurrency).toBe(1);
      await opened.check();
      const { store, embedder } = opened.reader;
      const [vector] = await embedder.embed(['kafka consumer'], 'query');
      expect(await store.query(NAMESPACES.developerProfiles, vector!, 1_000)).toHaveLength(LIMITS.maxTopK);
      expect(await failure(store.query(NAMESPACES.trashedDocs, vector!, 1))).toMatchObject({ code: 'SWY_ACCESS_REFUSED' });
      expect(await failure(store.fetch(NAMESPACES.trashedDocs, ['trashed-page']))).toMatchObject({ code: 'SWY_ACCESS_REFUSED' });
      expect(await failure(store.delete(NAMESPACES.developerProfiles, ['github:dev0']))).toMatchObject({ code: 'SWY_ACCESS_REFUSED' });
      expect(await failure(store.upsert(NAMESPACES.developerProfiles, []))).toMatchObject({ code: 'SWY_ACCESS_REFUSED' });
    } finally {
      await opened.close();
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('answers the vector questions given SQL in every string input, and writes nothing', async () => {
    const access = openAccess({ stores: { pinecone: config }, limits: LIMITS, catalogue: CATALOGUE.filter((q) => q.composed !== true && q.stores[0] === 'pinecone') });
    try {
      const outcomes = await askEveryPayload(access, 'pinecone');
      expect(outcomes.answered).toBeGreaterThan(0);
    } finally {
      await access.close();
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('the extended-protocol adapter: a second statement is refused (42601), a write in a READ ONLY transaction too (25006)', async () => {
    const client = new pg.Client({ connectionString: localStack.pgvector.url });
    await client.connect();
    const sql = extendedSql(client);
    try {
      expect((await failure(sql.query(`COMMIT; DELETE FROM ${tables[0]}`))).code).toBe('42601');
      expect((await failure(sql.query(`SELECT 1; DROP TABLE ${tables[1]}`))).code).toBe('42601');
      await sql.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        expect((await failure(sql.query(`DELETE FROM ${tables[0]} WHERE id = $1`, ['github:dev0']))).code).toBe('25006');
      } finally {
        await sql.query('ROLLBACK');
      }
    } finally {
      await client.end();
    }
    expect(await rowCounts()).toEqual(before);
  });
});
