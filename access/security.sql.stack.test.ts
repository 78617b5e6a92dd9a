/**
 * The SQL stores' read side holds against writes and escapes, enforced by the DATABASES: every
 * attack goes through the real access service (openAccess) and the raw tools, then the catalogue's
 * own PostgreSQL and ClickHouse questions get the same strings in every string input. Each
 * refusal is asserted as the database gave it (SQLSTATE, ClickHouse Code), and every table of the
 * corner's schema and database holds as many rows after as before.
 */
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { isolation } from '../chaos/isolation.ts';
import { localStack } from '../config/endpoints.ts';
import { ErrorCodes, SwitchyardError } from '../operators/errors.ts';
import { clickhouseStore } from '../sinks/clickhouse/index.ts';
import { loadClickHouseConfig, type ClickHouseConfig } from '../sinks/clickhouse/config.ts';
import { postgresStore } from '../sinks/postgres/index.ts';
import { loadPostgresConfig, type PostgresConfig } from '../sinks/postgres/config.ts';
import { postgresSink, type PostgresSink } from '../sinks/postgres/sink.ts';
import { clickhouseSink, type ClickHouseSink } from '../sinks/clickhouse/sink.ts';
import { openPostgresReader } from '../sinks/postgres/reader.ts';
import { parseOrganizationFile } from '../sinks/organization.ts';
import { uniqueIdentifier } from '../test/support/names.ts';
import { CATALOGUE } from './catalogue.ts';
import { AccessError } from './errors.ts';
import type { AnyQuestion } from './question.ts';
import { RAW_TOOLS } from './rawTools.ts';
import { openAccess, type Access } from './service.ts';

const limits = { rowCap: 50, maxTopK: 10, timeoutMs: 10_000 };
const raw = [RAW_TOOLS.postgres!, RAW_TOOLS.clickhouse!];
/** The catalogue's own questions of these two stores (whatever exists when this runs). */
const sqlQuestions = CATALOGUE.filter((q) => q.composed !== true && (q.stores[0] === 'postgres' || q.stores[0] === 'clickhouse'));

/** Strings that break out of a quoted literal or a statement, in SQL and Cypher. */
const ATTACKS = ["'; DROP TABLE victim; --", "x' OR '1'='1", 'COMMIT; DELETE FROM victim', "SHOP') UNION ALL SELECT name FROM system.tables --", '"}) DETACH DELETE n //', "\\'; DROP TABLE victim; --"];

let pgConfig: PostgresConfig;
let chConfig: ClickHouseConfig;
let pgSink: PostgresSink;
let chSink: ClickHouseSink;
let access: Access;
/** A listener the ClickHouse url() attack points at: it must never hear from the server. */
const heard: string[] = [];
const listener = createServer((socket) => {
  heard.push(`${socket.remoteAddress}:${socket.remotePort}`);
  socket.destroy();
});

beforeAll(async () => {
  const corner = isolation(uniqueIdentifier('sec_sql'), 0);
  pgConfig = loadPostgresConfig(corner.env);
  chConfig = loadClickHouseConfig(corner.env);
  pgSink = postgresSink(pgConfig);
  chSink = clickhouseSink(chConfig);
  await Promise.all([pgSink.init(), chSink.init()]);
  // A table with rows in each corner, the attacks' target (the sink's tables are counted too).
  await pgSink.pool.query('CREATE TABLE victim (x int PRIMARY KEY); INSERT INTO victim SELECT generate_series(1, 60)');
  await chSink.client.command({ query: `CREATE TABLE ${chConfig.database}.victim (x UInt32) ENGINE = MergeTree ORDER BY x` });
  await chSink.client.command({ query: `INSERT INTO ${chConfig.database}.victim SELECT number FROM system.numbers LIMIT 60` });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  // Projects named by the attacks, their repositories and Jira keys the attacks too: the project
  // questions then carry them into ClickHouse's SQL (as quoted literals) instead of stopping at "no such project".
  const organization = parseOrganizationFile(JSON.stringify({ projects: ATTACKS.map((attack) => ({ key: attack, repositories: [attack], jiraKeys: [attack] })) }));
  access = openAccess({ stores: { postgres: pgConfig, clickhouse: chConfig }, limits, organization, catalogue: [...raw, ...sqlQuestions] });
});

afterAll(async () => {
  await access?.close();
  listener.close();
  await pgSink?.close();
  await chSink?.close();
  if (pgConfig !== undefined) await postgresStore.isolation.drop(pgConfig);
  if (chConfig !== undefined) await clickhouseStore.isolation.drop(chConfig);
});

/** Rows per table of the corner, read as the writer. */
async function counts(): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  const tables = await pgSink.pool.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [pgConfig.schema]);
  for (const { name } of tables.rows) result[`pg.${name}`] = Number((await pgSink.pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`)).rows[0]!.n);
  const chTables = await (await chSink.client.query({ query: `SELECT name FROM system.tables WHERE database = '${chConfig.database}' ORDER BY name`, format: 'JSONEachRow' })).json<{ name: string }>();
  for (const { name } of chTables) {
    const [row] = await (await chSink.client.query({ query: `SELECT count() AS n FROM ${chConfig.database}.\`${name}\``, format: 'JSONEachRow' })).json<{ n: string }>();
    result[`ch.${name}`] = Number(row!.n);
  }
  return result;
}

/** The refusal `sql` gets through the raw tool: an AccessError 403 quoting the database. */
async function refused(tool: 'raw_postgres_query' | 'raw_clickhouse_query', sql: string): Promise<AccessError> {
  const error: unknown = await access.ask(tool, { sql }).then(
    (answer) => new Error(`answered ${JSON.stringify(answer).slice(0, 200)}`),
    (e: unknown) => e,
  );
  expect(error, sql).toBeInstanceOf(AccessError);
  expect((error as AccessError).code, `${sql}: ${(error as Error).message}`).toBe(ErrorCodes.accessRefused);
  return error as AccessError;
}

describe('raw_postgres_query: the database refuses every write and escape', () => {
  it('reads, as the reader role, in the corner’s schema, capped', async () => {
    const answer = await access.ask('raw_postgres_query', { sql: 'SELECT x, current_user AS who, current_setting($$transaction_read_only$$) AS ro FROM victim ORDER BY x', limit: 5 });
    expect(answer).toEqual({ columns: ['x', 'who', 'ro'], rows: [1, 2, 3, 4, 5].map((x) => ({ x, who: 'switchyard_reader', ro: 'on' })), truncated: true, limit: 5 });
    expect((await access.ask('raw_postgres_query', { sql: 'SELECT x FROM victim' })).limit).toBe(limits.rowCap);
  });

  it.each([
    ["'; DROP TABLE victim; --", '42601', /syntax error|unterminated/],
    ["SELECT 1 WHERE '' = ''; DROP TABLE victim; --", '42601', /cannot insert multiple commands into a prepared statement/],
    ['COMMIT; DELETE FROM victim', '42601', /cannot insert multiple commands into a prepared statement/],
    ['SELECT 1; SELECT 2', '42601', /cannot insert multiple commands/],
    ['INSERT INTO victim SELECT x + 100 FROM victim', '25006', /cannot execute INSERT in a read-only transaction/],
    ['WITH d AS (DELETE FROM victim RETURNING *) SELECT count(*) FROM d', '25006', /read-only transaction/],
    ['DELETE FROM victim', '25006', /cannot execute DELETE in a read-only transaction/],
    ['DROP TABLE victim', '25006', /cannot execute DROP TABLE in a read-only transaction/],
    ['CREATE TEMP TABLE t (x int)', '25006', /read-only transaction/],
    ['SET TRANSACTION READ WRITE', '25001', /transaction read-write mode must be set before any query/],
    ["COPY (SELECT 1) TO PROGRAM 'cat > /dev/null'", '(25006|42501)', /read-only transaction|pg_execute_server_program|superuser/],
    ["SELECT pg_read_file('/etc/passwd')", '42501', /permission denied for function pg_read_file/],
    // pg_read_all_data would read it: every role's password hash.
    ['SELECT rolname, rolpassword FROM pg_authid', '42501', /permission denied for table pg_authid/],
    // The sink's identity lock (sinks/postgres/identities.ts IDENTITY_LOCK): holding it stalls the sink.
    ['SELECT pg_advisory_lock(7358201944)', '42501', /permission denied for function pg_advisory_lock/],
    ['SELECT pg_advisory_xact_lock(7358201944), pg_sleep(1)', '42501', /permission denied for function pg_advisory_xact_lock/],
  ])('%s → SQLSTATE %s', async (sql, state, message) => {
    const before = await counts();
    const error = await refused('raw_postgres_query', sql);
    expect(error.message).toMatch(new RegExp(`\\(SQLSTATE ${state}\\)$`));
    expect(error.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('a catalogue statement runs read only within the timeout though it sends no BEGIN: the session starts so', async () => {
    const opened = openPostgresReader(pgConfig, { ...limits, timeoutMs: 1_000 });
    onTestFinished(() => opened.close());
    const settings = await opened.reader.query<{ ro: string; timeout: string; who: string }>("SELECT current_setting('transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout, current_user AS who");
    expect(settings.rows).toEqual([{ ro: 'on', timeout: '1s', who: 'switchyard_reader' }]);
    expect(await opened.reader.query('DELETE FROM victim').then(() => 'deleted', (e: { code?: string }) => e.code)).toBe('25006');
    expect(await opened.reader.query('SELECT pg_sleep(3)').then(() => 'slept', (e: { code?: string }) => e.code)).toBe('57014');
    expect(await opened.reader.query('SELECT 1; DELETE FROM victim').then(() => 'ran', (e: { code?: string }) => e.code)).toBe('42601');
  });

  it.each(['SET default_transaction_read_only = off', 'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE', 'COMMIT', 'RESET ALL'])(
    'a statement the database accepts (%s) opens nothing for the next call: its write is refused',
    async (first) => {
      const before = await counts();
      await access.ask('raw_postgres_query', { sql: first });
      const error = await refused('raw_postgres_query', 'DELETE FROM victim');
      expect(error.message).toMatch(/\(SQLSTATE (25006|42501)\)$/);
      expect(await counts()).toEqual(before);
    },
  );

  it('cannot end the writer’s session (42501)', async () => {
    const writer = await pgSink.pool.connect();
    try {
      const pid = (await writer.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      for (const fn of ['pg_terminate_backend', 'pg_cancel_backend']) {
        const error = await refused('raw_postgres_query', `SELECT ${fn}(${pid})`);
        expect(error.message).toMatch(new RegExp(`permission denied for function ${fn}.*\\(SQLSTATE 42501\\)$`));
      }
      expect((await writer.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      writer.release();
    }
  });

  it('cannot end or cancel a catalogue read, though it is the same role’s (42501), and the victim finishes', async () => {
    const marker = uniqueIdentifier('victim');
    const victimClient = new pg.Client({ connectionString: pgConfig.readerUrl, application_name: marker });
    await victimClient.connect();
    try {
      const victim = victimClient.query<{ slept: string }>('SELECT pg_sleep(1.5)::text AS slept');
      // Wait until the server runs it (polling pg_stat_activity as the writer, not a fixed sleep).
      for (let seen = false; !seen; ) {
        seen = (await pgSink.pool.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state = $2', [marker, 'active'])).rowCount === 1;
      }
      for (const fn of ['pg_terminate_backend', 'pg_cancel_backend']) {
        const error = await refused('raw_postgres_query', `SELECT ${fn}(pid) FROM pg_stat_activity WHERE application_name = '${marker}'`);
        expect(error.message).toMatch(new RegExp(`permission denied for function ${fn}.*\\(SQLSTATE 42501\\)$`));
      }
      await expect(victim.then((r) => r.rows)).resolves.toEqual([{ slept: '' }]);
    } finally {
      await victimClient.end();
    }
  });

  it('leaves no session state behind: each call’s connection is closed after it (a PREPARE is gone, the sink’s lock is free)', async () => {
    expect(await access.ask('raw_postgres_query', { sql: 'PREPARE leak AS SELECT 1 AS one' })).toMatchObject({ rows: [] });
    const error = await refused('raw_postgres_query', 'EXECUTE leak');
    expect(error.message).toMatch(/prepared statement "leak" does not exist.*\(SQLSTATE 26000\)$/);
    const pids = new Set<unknown>();
    for (let i = 0; i < 3; i++) pids.add((await access.ask('raw_postgres_query', { sql: 'SELECT pg_backend_pid() AS pid' })).rows);
    expect(pids.size).toBe(3);
    const writer = await pgSink.pool.connect();
    try {
      expect((await writer.query('SELECT pg_try_advisory_lock(7358201944) AS got')).rows).toEqual([{ got: true }]);
      await writer.query('SELECT pg_advisory_unlock(7358201944)');
    } finally {
      writer.release();
    }
  });
});

describe('raw_clickhouse_query: the server refuses every write and escape', () => {
  it('reads, as the raw tool’s user (not the catalogue’s), in the corner’s database, capped', async () => {
    const answer = await access.ask('raw_clickhouse_query', { sql: "SELECT x, (SELECT value FROM system.settings WHERE name = 'readonly') AS ro FROM victim ORDER BY x", limit: 3 });
    expect(answer).toEqual({ columns: ['x', 'ro'], rows: [0, 1, 2].map((x) => ({ x, ro: '1' })), truncated: true, limit: 3 });
    const marker = uniqueIdentifier('who');
    const who = await access.ask('raw_clickhouse_query', { sql: `SELECT user FROM system.processes WHERE query LIKE '%${marker}%'` });
    expect(who.rows).toEqual([{ user: 'switchyard_raw' }]);
  });

  it.each([
    ['SELECT 1; DROP TABLE victim', 62, /Multi-statements are not allowed|Syntax error/],
    ["SELECT 1 WHERE '' = ''; DROP TABLE victim; --", 62, /Syntax error/],
    ['DROP TABLE victim', 164, /readonly/],
    // The client appends FORMAT JSONEachRow to every query, which INSERT, SYSTEM and SET do not
    // parse with: the parser refuses them first (62). The next test sends them bare: 164.
    ['INSERT INTO victim SELECT x FROM victim', 62, /Syntax error/],
    ['ALTER TABLE victim DELETE WHERE 1', 164, /readonly/],
    ['OPTIMIZE TABLE victim FINAL', 164, /readonly/],
    ['CREATE TABLE t (x UInt8) ENGINE = Memory', 164, /readonly/],
    ['SYSTEM STOP MERGES', 62, /Syntax error/],
    ['SET readonly = 0', 62, /Syntax error/],
    ['SELECT 1 SETTINGS readonly = 0', 164, /readonly/],
    ["SELECT * FROM file('/etc/passwd', CSV, 'line String')", 164, /Table functions are forbidden in readonly mode/],
  ])('%s → Code %i', async (sql, code, message) => {
    const before = await counts();
    const error = await refused('raw_clickhouse_query', sql);
    expect(error.message).toMatch(new RegExp(`\\(Code ${code}\\)$`));
    expect(error.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['INSERT INTO victim SELECT x FROM victim', /Cannot insert into table in readonly mode/],
    ['INSERT INTO victim VALUES (1000)', /Cannot insert into table in readonly mode/],
    ['SYSTEM STOP MERGES', /Cannot execute query in readonly mode/],
    ['SET readonly = 0', /Cannot execute SET query in readonly mode/],
    ['ALTER TABLE victim DELETE WHERE 1', /readonly/],
    ['TRUNCATE TABLE victim', /readonly/],
  ])('sent bare as the reader user, without the appended FORMAT, %s → Code 164', async (sql, message) => {
    const before = await counts();
    const reader = createClient({ url: chConfig.url, username: 'switchyard_reader', password: '', database: chConfig.database, log: { level: ClickHouseLogLevel.OFF } });
    try {
      const error: unknown = await reader.exec({ query: sql }).then(async (r) => { r.stream.resume(); return new Error('accepted'); }, (e: unknown) => e);
      expect((error as Error).message).toMatch(/^Code: 164,/);
      expect((error as Error).message).toMatch(message);
    } finally {
      await reader.close();
    }
    expect(await counts()).toEqual(before);
  });

  it('url() is refused before any request leaves the server (Code 164; the listener hears nothing)', async () => {
    const { port } = listener.address() as AddressInfo;
    const error = await refused('raw_clickhouse_query', `SELECT * FROM url('http://127.0.0.1:${port}/', CSV, 'a String')`);
    expect(error.message).toMatch(/Table functions are forbidden in readonly mode.*\(Code 164\)$/s);
    // A request would have been made before the refusal came back: nothing later can arrive.
    expect(heard).toEqual([]);
  });

  it.each([
    ['the writer’s', () => ({ username: chConfig.username, password: chConfig.password }), 'default'],
    ['a catalogue read’s', () => ({ username: 'switchyard_reader', password: '' }), 'switchyard_reader'],
  ])('KILL QUERY of %s query is refused (Code 164) and the victim finishes', async (_, login, user) => {
    const queryId = uniqueIdentifier('victim');
    const victimClient = createClient({ url: chConfig.url, ...login(), log: { level: ClickHouseLogLevel.OFF } });
    try {
      const victim = victimClient.query({ query: 'SELECT sleep(2) AS slept', format: 'JSONEachRow', query_id: queryId }).then((r) => r.json());
      // Wait until the server runs it (polling system.processes, not a fixed sleep).
      for (let seen = false; !seen; ) {
        const rows = await (await victimClient.query({ query: `SELECT count() AS n FROM system.processes WHERE query_id = '${queryId}'`, format: 'JSONEachRow' })).json<{ n: string }>();
        seen = Number(rows[0]?.n) > 0;
      }
      const error = await refused('raw_clickhouse_query', `KILL QUERY WHERE user = '${user}' SYNC`);
      expect(error.message).toMatch(new RegExp(`attempts to kill query created by ${user}.*\\(Code 164\\)$`, 's'));
      await expect(victim).resolves.toEqual([{ slept: 0 }]);
    } finally {
      await victimClient.close();
    }
  });

  it('the server’s time limit (the profile’s max_execution_time, Code 159) answers as the access layer’s timeout', async () => {
    // An access timeout longer than the profile's 10 s, so the server's limit is what stops it.
    const patient = openAccess({ stores: { clickhouse: chConfig }, limits: { ...limits, timeoutMs: 20_000 }, catalogue: raw });
    try {
      const started = performance.now();
      const error: unknown = await patient.ask('raw_clickhouse_query', { sql: 'SELECT count() AS n FROM system.numbers' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AccessError);
      expect((error as AccessError).code, (error as Error).message).toBe(ErrorCodes.accessTimeout);
      expect((error as AccessError).message).toMatch(/CLICKHOUSE_RAW_USER switchyard_raw's time limit \(max_execution_time, 10 s; Code 159\)/);
      expect(performance.now() - started).toBeLessThan(15_000);
    } finally {
      await patient.close();
    }
  }, 30_000);
});

describe('the readers refuse a principal that could write', () => {
  it('PostgreSQL: the writer (a superuser) as POSTGRES_READER_URL answers 503 naming the variable', async () => {
    const asWriter = openAccess({ stores: { postgres: { ...pgConfig, readerUrl: localStack.postgres.url } }, limits, catalogue: raw });
    try {
      const error: unknown = await asWriter.ask('raw_postgres_query', { sql: 'SELECT 1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AccessError);
      expect((error as AccessError).status).toBe(503);
      expect((error as AccessError).message).toMatch(/POSTGRES_READER_URL's role switchyard is a superuser/);
    } finally {
      await asWriter.close();
    }
  });

  it('ClickHouse: the writer (readonly=0) as CLICKHOUSE_READER_USER is not ready, naming the variable; as CLICKHOUSE_RAW_USER answers 503', async () => {
    const readingAsWriter = openAccess({ stores: { clickhouse: { ...chConfig, readerUsername: chConfig.username } }, limits, catalogue: raw });
    const rawAsWriter = openAccess({ stores: { clickhouse: { ...chConfig, rawUsername: chConfig.username } }, limits, catalogue: raw });
    try {
      expect(await readingAsWriter.readiness()).toEqual([{ name: 'access:clickhouse', ready: false, reason: expect.stringMatching(/CLICKHOUSE_READER_USER is CLICKHOUSE_USER \(default\)/) }]);
      const error: unknown = await rawAsWriter.ask('raw_clickhouse_query', { sql: 'SELECT 1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AccessError);
      expect((error as AccessError).status).toBe(503);
      expect((error as AccessError).message).toMatch(/CLICKHOUSE_RAW_USER is CLICKHOUSE_USER \(default\)/);
    } finally {
      await readingAsWriter.close();
      await rawAsWriter.close();
    }
  });

  it('ClickHouse: the catalogue’s reader as CLICKHOUSE_RAW_USER answers 503 naming both variables (it could KILL the catalogue’s queries)', async () => {
    const asReader = openAccess({ stores: { clickhouse: { ...chConfig, rawUsername: 'switchyard_reader' } }, limits, catalogue: raw });
    try {
      const error: unknown = await asReader.ask('raw_clickhouse_query', { sql: 'SELECT 1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AccessError);
      expect((error as AccessError).status).toBe(503);
      expect((error as AccessError).message).toMatch(/CLICKHOUSE_RAW_USER is CLICKHOUSE_READER_USER \(switchyard_reader\)/);
    } finally {
      await asReader.close();
    }
  });
});


/**
 * Every PostgreSQL and ClickHouse question of the catalogue with a free-text string input: the
 * test must have attacked each of them (a question whose schema refuses every attack string, or
 * whose other inputs the test does not fill, would otherwise be skipped in silence). hourly_rate
 * counts (its developer is an id or a login); pull_request does not: its repository must match
 * owner/name, which no attack does (its schema refuses them all: 400). A new question with a
 * free-text input belongs in this list.
 */
const FREE_TEXT_QUESTIONS = [
  'user_by_github_login', 'identity_lookup', 'projects_owned_by_team', 'project_owners', 'hourly_rate', 'developer_activity',
  'developer_workload', 'sprint_velocity', 'project_sprints', 'time_spent',
  'dora_metrics', 'deployment_frequency', 'dora_trend', 'project_activity', 'lead_time_breakdown', 'delivery_timeline', 'pr_review_time_trend', 'pr_pickup_time_trend', 'top_committers',
];
/** The required inputs that are not strings, for the questions that have any. */
const OTHER_INPUTS: Readonly<Record<string, Record<string, unknown>>> = { identity_lookup: { source: 'github' }, pull_request: { number: 1 } };

/** The question's top-level string inputs (optional, defaulted, or one choice of a union). */
function stringKeys(question: AnyQuestion): string[] {
  return Object.entries(question.input.shape).filter(([, schema]) => takesString(schema as z.ZodType)).map(([key]) => key);
}
function takesString(schema: z.ZodType): boolean {
  const inner = innerType(schema);
  return inner instanceof z.ZodString || (inner instanceof z.ZodUnion && (inner.options as z.ZodType[]).some(takesString));
}
function innerType(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
  return current;
}

describe('the catalogue’s PostgreSQL and ClickHouse questions take attacks as values', () => {
  it('every string input of every question: answered or refused as input, never run, nothing changed', async () => {
    const before = await counts();
    const asked: string[] = [];
    const answered: string[] = [];
    for (const question of sqlQuestions) {
      const keys = stringKeys(question);
      for (const attack of ATTACKS) {
        const input = { ...OTHER_INPUTS[question.name], ...Object.fromEntries(keys.map((key) => [key, attack])) };
        if (keys.length === 0 || !question.input.safeParse(input).success) continue;
        asked.push(question.name);
        const outcome: unknown = await access.ask(question.name, input).catch((e: unknown) => e);
        // An answer (nothing matched the value), or an error of ours (unknown project, no organization file…), never the database choking on the text.
        if (outcome instanceof Error) {
          expect(outcome, `${question.name} ${attack}: ${outcome.message}`).toBeInstanceOf(SwitchyardError);
          expect(outcome.message, `${question.name} ${attack}`).not.toMatch(/refused the statement|syntax error|Syntax error|Code: 62|SQLSTATE|read-only transaction/);
        } else answered.push(question.name);
      }
    }
    expect(await counts()).toEqual(before);
    expect([...new Set(asked)]).toEqual(expect.arrayContaining(FREE_TEXT_QUESTIONS));
    console.log(`attacked ${new Set(asked).size} questions (${new Set(answered).size} answered, the rest refused the input as ours): ${[...new Set(asked)].join(', ')}`);
  });
});
