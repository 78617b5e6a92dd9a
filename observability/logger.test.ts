import { ClickHouseError } from '@clickhouse/client';
import kafkajs from 'kafkajs';
import neo4j from 'neo4j-driver';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../actuators/errors.ts';
import { MalformedBytesError, RegistryUnavailableError, SchemaMismatchError, SchemaNotRegisteredError, UnknownSchemaIdError } from '../avro/codecErrors.ts';
import { IncompatibleSchemaError } from '../avro/registration.ts';
import { ConnectionError } from '../config/connectionErrors.ts';
import { ConfigError } from '../config/errors.ts';
import { BatchWriteError, FailedAloneError, PermanentError, ProcessingError, RetriesExhaustedError, SwitchyardError } from '../operators/errors.ts';
import { ClickHouseSinkError } from '../sinks/clickhouse/errors.ts';
import { Neo4jSinkError } from '../sinks/neo4j/errors.ts';
import { OrganizationFileError as GraphOrganizationFileError } from '../sinks/neo4j/organization.ts';
import { OrganizationFileError } from '../sinks/organization.ts';
import { DoraRuleError } from '../sinks/clickhouse/dora/rules.ts';
import { UnknownProjectError } from '../sinks/clickhouse/dora/projectScope.ts';
import { PostgresSinkError } from '../sinks/postgres/errors.ts';
import { VectorStoreError } from '../sinks/vectors/errors.ts';
import { JsonTooDeepError } from '../topology/jsonDepth.ts';
import { InvalidPayloadError, RecordTooLargeError } from '../topology/normalize.ts';
import { createLogger, parseLogLevel, subTopologyLogger } from './logger.ts';

function capture(level = 'trace') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, parsed };
}

const SECRETS = ['hunter2-pw', 'tok-3f9a', 'jira-api-7781', 'sk-live-55', 'bearer-abc123', 'urlpass-9', 'sasl-pw-4', 'errpass-6', 'cookie-val'];

describe('logger', () => {
  it('writes JSON lines with the service, level name and time', () => {
    const { logger, parsed } = capture();
    logger.info({ port: 9464 }, 'serving');
    const [line] = parsed();
    expect(line).toMatchObject({ service: 'switchyard', level: 'info', port: 9464, msg: 'serving' });
    expect(typeof line?.['time']).toBe('string');
  });

  it('never writes a secret, whatever shape it is logged in', () => {
    const { logger, lines } = capture();
    const [password, token, apiToken, apiKey, bearer, urlPass, saslPw, errPass, cookie] = SECRETS;
    logger.info({ password, config: { jira: { apiToken }, pinecone: { apiKey } } }, 'settings');
    logger.info({ request: { headers: { authorization: `Bearer ${bearer}`, cookie } } }, 'calling');
    logger.info({ a: { b: { c: { d: { token } } } } }, 'deep');
    logger.info({ database: `postgres://switchyard:${urlPass}@127.0.0.1:5432/switchyard` }, 'connecting');
    logger.info(`connecting to https://bot:${urlPass}@jira.example.net/rest`);
    logger.error({ err: new Error(`connect failed for amqp://svc:${errPass}@mq:5672`) }, 'failed');
    subTopologyLogger(logger.child({ kafka: { sasl: { mechanism: 'plain', password: saslPw } } }), 'sink:postgres').warn('rebalancing');
    expect(lines).toHaveLength(7);
    const output = lines.join('');
    for (const secret of SECRETS) expect(output).not.toContain(secret);
    // What is not secret stays readable.
    expect(output).toContain('postgres://switchyard:[REDACTED]@127.0.0.1:5432/switchyard');
    expect(output).toContain('"mechanism":"plain"');
    expect(output).toContain('connect failed for amqp://svc:[REDACTED]@mq:5672');
  });

  it('tags the lines of a sub-topology', () => {
    const { logger, parsed } = capture();
    subTopologyLogger(logger, 'sink:clickhouse').info('started');
    expect(parsed()[0]).toMatchObject({ subTopology: 'sink:clickhouse', service: 'switchyard', msg: 'started' });
  });

  it('honours the level', () => {
    const { logger, parsed } = capture('warn');
    logger.info('hidden');
    logger.warn('shown');
    expect(parsed().map((l) => l['msg'])).toEqual(['shown']);
  });

  it('validates LOG_LEVEL, naming the variable', () => {
    expect(parseLogLevel(undefined)).toBe('info');
    expect(parseLogLevel('DEBUG')).toBe('debug');
    expect(parseLogLevel('silent')).toBe('silent');
    expect(() => parseLogLevel('verbose')).toThrow(/LOG_LEVEL must be one of fatal\|error\|warn\|info\|debug\|trace\|silent, got "verbose"/);
    expect(() => createLogger({ level: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});

describe('logger, given what a hostile world hands it', () => {
  const bytes = () => Buffer.from('\u0000\u00ffnot-avro-bytes');
  /** A record just as it was consumed: Buffers in key, value, headers and raw, and a live ack. */
  const consumed = () => ({
    topic: 'raw.github',
    partition: 3,
    offset: '42',
    key: bytes(),
    value: bytes(),
    headers: { 'x-github-event': Buffer.from('push'), token: Buffer.from('tok-3f9a') },
    timestamp: '1700000000000',
    raw: { key: bytes(), value: bytes() },
    ack: { fork: () => {}, done: () => {}, abandon: () => {} },
  });

  it('writes a ProcessingError built from a whole StreamRecord (the crash of issue 13) as one JSON line, keeping only where it came from', () => {
    const { logger, lines, parsed } = capture();
    const error = new ProcessingError('decode', consumed(), new Error('schema id 17 is not cached and the registry is down'));
    expect(error.record).toEqual({ topic: 'raw.github', partition: 3, offset: '42' });
    logger.error({ subTopology: 'normalize', err: error, restartInMs: 1_000 }, 'normalize failed; restarting in 1000 ms');
    expect(lines).toHaveLength(1);
    expect(parsed()[0]).toMatchObject({ msg: 'normalize failed; restarting in 1000 ms', err: { type: 'ProcessingError', code: 'SWY_PROCESSING', record: { topic: 'raw.github', partition: 3, offset: '42' } } });
  });

  it('renders bytes as their kind and length, never their content, at any depth', () => {
    const { logger, lines, parsed } = capture();
    logger.info({ record: consumed(), deep: { a: { b: { c: { d: { e: { f: { g: new Uint8Array(7) } } } } } } } }, 'record');
    const [line] = parsed();
    expect(line?.['record']).toMatchObject({ key: { type: 'Buffer', bytes: 17 }, raw: { value: { type: 'Buffer', bytes: 17 } }, headers: { 'x-github-event': { type: 'Buffer', bytes: 4 }, token: '[REDACTED]' } });
    expect(JSON.stringify(line)).toContain('{"g":{"type":"Uint8Array","bytes":7}}');
    expect(lines.join('')).not.toContain('not-avro-bytes');
  });

  it('writes Maps, Sets, BigInts, cycles, throwing getters and child bindings with Buffers as valid JSON', () => {
    const { logger, lines, parsed } = capture();
    const circular: Record<string, unknown> = { name: 'loop' };
    circular['self'] = circular;
    const hostile = Object.defineProperty({ fine: 1 }, 'boom', { enumerable: true, get: () => { throw new Error('getter threw'); } });
    logger.info({ offsets: new Map([['raw.github/0', 10n]]), seen: new Set([Buffer.from('x')]), big: 2n ** 70n, circular, hostile }, 'odd shapes');
    subTopologyLogger(logger.child({ key: Buffer.from('k'), password: 'hunter2-pw' }), 'sink:postgres').warn('child with bytes');
    expect(lines).toHaveLength(2);
    const [odd, child] = parsed();
    expect(child).toMatchObject({ subTopology: 'sink:postgres' });
    expect(odd).toMatchObject({
      offsets: { type: 'Map', size: 1, entries: { 'raw.github/0': '10' } },
      seen: { type: 'Set', size: 1, values: [{ type: 'Buffer', bytes: 1 }] },
      big: '1180591620717411303424',
      circular: { name: 'loop', self: '[Circular]' },
      hostile: { fine: 1, boom: '[Unreadable: getter threw]' },
    });
    expect(child).toMatchObject({ key: { type: 'Buffer', bytes: 1 }, password: '[REDACTED]' });
  });

  it('logs every error class the code can raise, and the clients’ errors, with Buffers inside, as valid JSON without a secret', () => {
    const { logger, lines, parsed } = capture();
    const errors = everyError();
    for (const error of errors) {
      Object.assign(error, { payload: bytes(), nested: { password: 'hunter2-pw', bytes: bytes() } });
      logger.error({ err: error, record: consumed() }, `${error.constructor.name} happened at postgres://u:urlpass-9@db:5432/x`);
      logger.warn(error);
    }
    expect(lines).toHaveLength(errors.length * 2);
    const output = lines.join('\n');
    for (const secret of ['hunter2-pw', 'urlpass-9', 'tok-3f9a']) expect(output).not.toContain(secret);
    expect(parsed().filter((line) => line['level'] === 'error').map((line) => (line['err'] as { type: string }).type)).toEqual(errors.map((e) => e.constructor.name));
    for (const line of parsed()) expect(line['err']).toMatchObject({ payload: { type: 'Buffer' }, nested: { password: '[REDACTED]', bytes: { type: 'Buffer' } } });
  });

  it('every class that extends an Error in the code is in the list the test above logs', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const declared = new Set<string>();
    for (const folder of ERROR_FOLDERS) {
      for (const file of await readdir(new URL(`../${folder}/`, import.meta.url), { recursive: true })) {
        if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.includes('testing/')) continue;
        const source = await readFile(new URL(`../${folder}/${file}`, import.meta.url), 'utf8');
        for (const match of source.matchAll(/^export (?:abstract )?class (\w+) extends \w*Error\b/gm)) declared.add(match[1]!);
      }
    }
    const logged = new Set(everyError().map((e) => e.constructor.name));
    // Abstract bases are logged through their subclasses.
    expect([...declared].filter((name) => !logged.has(name) && name !== 'CodecError').sort()).toEqual([]);
  });

  it('replaces a call that throws inside pino by a line saying what could not be logged', () => {
    const lines: string[] = [];
    let writes = 0;
    const logger = createLogger({
      destination: {
        write: (line: string) => {
          writes += 1;
          if (writes === 1) throw new TypeError('destination refused the line');
          lines.push(line);
        },
      },
    });
    expect(() => logger.error({ subTopology: 'sink:neo4j', err: new Error('x') }, 'sink:neo4j failed')).not.toThrow();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      logFailure: { reason: 'destination refused the line', fields: ['subTopology', 'err'] },
      msg: 'could not log "sink:neo4j failed" with fields subTopology, err: destination refused the line',
    });
  });
});

const ERROR_FOLDERS = ['operators', 'avro', 'sinks', 'actuators', 'config', 'topology', 'worker', 'observability', 'replay', 'audit', 'metrics'];

/** One of each error class the code declares, and of the clients' errors that reach our logs. */
function everyError(): Error[] {
  const record = { topic: 'eng.events.v1', partition: 0, offset: '7' };
  const cause = new Error('socket hang up');
  return [
    new SwitchyardError('generic', 'SWY_ERROR', { cause, record }),
    new ProcessingError('mapValues', record, cause),
    new PermanentError('hopeless', { cause }),
    new RetriesExhaustedError(5, cause, record),
    new BatchWriteError([{ index: 0, error: cause }]),
    new UnknownSchemaIdError(17, cause),
    new MalformedBytesError('not Avro'),
    new SchemaMismatchError('no such field', { path: '$.payload' }),
    new RegistryUnavailableError('registry down'),
    new SchemaNotRegisteredError('eng.events.v1-value'),
    new IncompatibleSchemaError([{ subject: 's', file: 'f.avsc', reasons: ['r'] } as never]),
    new VectorStoreError('upsert failed', 'SWY_VECTOR_STORE', { retriable: true, cause, recordId: 'e1', status: 503 }),
    new PostgresSinkError('write failed', { classification: 'transient', cause, sqlState: '57P01' }),
    new Neo4jSinkError('write failed', { classification: 'permanent', cause, neo4jCode: 'Neo.ClientError.Statement.ArgumentError' }),
    new ClickHouseSinkError('insert failed', { classification: 'transient', cause, serverCode: 242 }),
    new GraphOrganizationFileError('bad organization'),
    new OrganizationFileError('bad teams file'),
    new DoraRuleError('projects[SHOP].dora.deploymentPattern: not a regular expression'),
    new UnknownProjectError('no project "X"'),
    new UpstreamError({ target: 'jira', call: 'POST /comment', status: 500, body: 'oops', retriable: true, applied: 'maybe', cause }),
    new ConfigError([{ variable: 'POSTGRES_URL', message: 'must be a URL' }]),
    new InvalidPayloadError('$.repository', 'missing'),
    new FailedAloneError(2, cause, record),
    new ConnectionError('POSTGRES_URL', 'POSTGRES_URL=postgres://app:redacted@db:5432/eng: connect ECONNREFUSED', { cause }),
    new JsonTooDeepError('the webhook body', 1_000),
    new RecordTooLargeError('event e1', 'eng.events.v1', 2_000_000, 1_048_588),
    // The clients' own errors, as they reach our logs through a cause or a failure hook.
    new kafkajs.KafkaJSProtocolError(Object.assign(new Error('The request included a message larger than the max message size the server will accept'), { type: 'MESSAGE_TOO_LARGE', code: 10, retriable: false })),
    new kafkajs.KafkaJSConnectionError('Connection error: read ECONNRESET', { broker: '127.0.0.1:9092' }),
    new pg.DatabaseError('terminating connection due to administrator command', 120, 'error'),
    new neo4j.Neo4jError('Property value is too large to index', 'Neo.ClientError.Statement.ArgumentError', '22N01', 'error: data exception'),
    new ClickHouseError({ message: 'Cannot parse input', code: '27', type: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED' }),
  ];
}
