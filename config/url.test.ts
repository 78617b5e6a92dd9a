import { describe, expect, it } from 'vitest';
import { actuatorConfig } from '../actuators/config.ts';
import { clickhouseConfig } from '../sinks/clickhouse/config.ts';
import { neo4jConfig } from '../sinks/neo4j/config.ts';
import { postgresConfig } from '../sinks/postgres/config.ts';
import { vectorConfig } from '../sinks/vectors/config.ts';
import { kafkaConfig } from './kafka.ts';
import { registryConfig } from './registry.ts';
import { type ConfigSection, type Env, Problems, redactCredentials, redactUrl } from './spec.ts';
import { brokerProblem, URL_KINDS, urlProblem } from './url.ts';

describe('urlProblem', () => {
  it.each([
    ['http', 'https://registry.example.com/apis/ccompat/v7'],
    ['http', 'http://127.0.0.1:8081'],
    ['http', 'https://abc.clickhouse.cloud:8443'],
    ['postgres', 'postgres://app:pw@aurora.example.com:5432/eng'],
    ['postgres', 'postgresql://app@[::1]/eng?sslmode=require'],
    ['bolt', 'bolt://127.0.0.1:7687'],
    ['bolt', 'neo4j+s://abcd1234.databases.neo4j.io'],
    ['bolt', 'bolt+ssc://graph.internal:7688/'],
    ['bolt', 'neo4j://graph.internal?policy=eu'],
    // A Unix socket directory in the query, as pg reads it (Cloud SQL's connector).
    ['postgres', 'postgres://u@/db?host=/cloudsql/proj:reg:inst'],
    ['postgres', 'postgresql://app:pw@/eng?host=/var/run/postgresql'],
    ['postgres', 'postgres:///eng?host=/tmp'],
  ] as const)('accepts a %s URL %s', (kind, url) => {
    expect(urlProblem(url, URL_KINDS[kind])).toBeUndefined();
  });

  it.each([
    ['bolt', 'bolt://host:badport', 'must be a bolt://, bolt+s://, bolt+ssc://, neo4j://, neo4j+s:// or neo4j+ssc:// URL (host and port only) with a port from 1 to 65535, not "badport"'],
    ['bolt', 'bolt://host:0', 'with a port from 1 to 65535, not "0"'],
    ['bolt', 'bolt://host:65536', 'with a port from 1 to 65535, not "65536"'],
    ['bolt', 'http://localhost:7474', ', not http://'],
    ['bolt', 'bolt://neo4j:secret@host:7687', ': a user or path in it would be ignored'],
    ['bolt', 'neo4j://host:7687/neo4j', ': a user or path in it would be ignored'],
    ['postgres', 'postgres:///switchyard', ' naming a host'],
    ['postgres', 'mysql://u:pw@db/x', 'must be a postgres:// or postgresql:// URL, not mysql://'],
    ['postgres', 'postgres://u:pw@db:5432x/x', 'must be a postgres:// or postgresql:// URL with a port from 1 to 65535'],
    ['postgres', 'postgres://u@/db', ' naming a host (or a ?host= socket directory)'],
    ['postgres', 'postgres://u@/db?host=', ' naming a host (or a ?host= socket directory)'],
    ['http', 'http://u@/x?host=/tmp', ' naming a host'],
    ['http', 'http://h:0/x', 'must be an http:// or https:// URL with a port from 1 to 65535, not "0"'],
    ['http', 'ftp://registry', 'must be an http:// or https:// URL, not ftp://'],
    ['http', 'not a url', 'must be an http:// or https:// URL; this does not parse as a URL'],
  ] as const)('rejects the %s URL %s, saying what is wrong', (kind, url, message) => {
    expect(urlProblem(url, URL_KINDS[kind])).toContain(message);
  });

  it.each([
    ['postgres', 'postgres://app:s3cr3t/x@db.example:5432/eng', 's3cr3t', 'URL; this does not parse as a URL (a "/", "?" or "#" in its user or password must be percent-encoded'],
    ['http', 'http://default:pw-9x/ss@ch:8123', 'pw-9x', 'URL; this does not parse as a URL (a "/", "?" or "#" in its user or password must be percent-encoded'],
    ['postgres', 'postgres://app:s3cr3t@db:99999/eng', 's3cr3t', 'URL with a port from 1 to 65535'],
    ['postgres', 'postgres://app:s3cr3t/x@db:5432x/eng', 's3cr3t', 'URL with a port from 1 to 65535'],
    ['postgres', 'postgres://app:s3:cr3t@db:5432x/eng', 'cr3t', 'URL with a port from 1 to 65535'],
    ['http', 'http://default:qz?ss@ch:8123', 'qz', 'URL with a port from 1 to 65535'],
  ] as const)('never quotes a part of the %s URL %s, which has a password', (kind, url, password, message) => {
    const problem = urlProblem(url, URL_KINDS[kind]);
    expect(problem).toContain(message);
    expect(problem).not.toContain(password);
    expect(problem).not.toMatch(/not "/);
  });

  it('requires a port where the kind implies none', () => {
    expect(urlProblem('kafka://broker', { schemes: { kafka: undefined } })).toBe('must be a kafka:// URL with a port (kafka:// has no default)');
    expect(urlProblem('kafka://broker:9092', { schemes: { kafka: undefined } })).toBeUndefined();
  });
});

describe('brokerProblem', () => {
  it.each(['127.0.0.1:9092', 'b-1.msk.eu-west-1.amazonaws.com:9098', 'kafka_1:9092', 'localhost:1'])('accepts %s', (broker) => {
    expect(brokerProblem(broker)).toBeUndefined();
  });

  it.each([
    ['kafka.example.com', 'must be a comma-separated list of host:port, and "kafka.example.com" is not one'],
    ['http://kafka:9092', 'must be a comma-separated list of host:port, and "http://kafka:9092" is not one'],
    ['kafka:99999', 'must have ports from 1 to 65535, and "kafka:99999" has "99999"'],
    ['kafka:0', 'must have ports from 1 to 65535, and "kafka:0" has "0"'],
    ['kafka:', 'must have ports from 1 to 65535, and "kafka:" has ""'],
    ['ka%20fka:9092', 'must be a comma-separated list of host:port, and "ka%20fka" is not a host name'],
  ])('rejects %s', (broker, message) => {
    expect(brokerProblem(broker)).toBe(message);
  });
});

describe('redactCredentials', () => {
  it('replaces the password of a URL, parsed or not, and credential query parameters', () => {
    expect(redactCredentials('postgres://app:s3cret@db:badport/x')).toBe('postgres://app:redacted@db:badport/x');
    expect(redactCredentials('app:s3cret@db:5432/x')).toBe('app:redacted@db:5432/x');
    expect(redactCredentials('postgres://app:s3/cr@t@db/x')).toBe('postgres://app:redacted@db/x');
    expect(redactCredentials('https://h/x?token=s3cret&a=1')).toBe('https://h/x?token=redacted&a=1');
    expect(redactCredentials('postgres://app@db/x')).toBe('postgres://app@db/x');
  });

  it('redactUrl hides the password of a socket URL WHATWG does not parse, now that it is accepted', () => {
    expect(redactUrl('postgresql://app:pg-s3cret@/eng?host=/cloudsql/p:r:i')).toBe('postgresql://app:redacted@/eng?host=/cloudsql/p:r:i');
  });
});

/** Every URL setting, through its own section: the variable named, what it must be, the value shown without its password. */
describe('every URL setting is checked whole', () => {
  const problemsOf = (section: ConfigSection<unknown>, env: Env) => {
    const problems = new Problems(section.settings);
    section.read(env, problems);
    return problems.list;
  };

  it.each([
    ['KAFKA_BROKERS', kafkaConfig, 'kafka-1:9092,kafka-2:badport', /"kafka-2:badport" has "badport"/, 'kafka-1:9092,kafka-2:badport'],
    ['SCHEMA_REGISTRY_URL', registryConfig, 'http://registry:0', /port from 1 to 65535, not "0"/, 'http://registry:0'],
    ['POSTGRES_URL', postgresConfig, 'postgres://app:pg-s3cret@aurora:99999/eng', /port from 1 to 65535$/, 'postgres://app:redacted@aurora:99999/eng'],
    ['POSTGRES_URL', postgresConfig, 'postgres://app:s3cr3t/x@db.example:5432/eng', /must be percent-encoded/, 'postgres://app:redacted@db.example:5432/eng'],
    ['CLICKHOUSE_URL', clickhouseConfig, 'http://clickhouse:8123x', /not "8123x"/, 'http://clickhouse:8123x'],
    ['NEO4J_URL', neo4jConfig, 'bolt://host:badport', /not "badport"/, 'bolt://host:badport'],
    ['PGVECTOR_URL', vectorConfig, 'postgresql://app:pgv-s3cret@:5433/x', /naming a host/, 'postgresql://app:redacted@:5433/x'],
    ['PINECONE_INDEX_HOST', vectorConfig, 'https://idx.pinecone.io:0', /not "0"/, 'https://idx.pinecone.io:0'],
    ['JIRA_BASE_URL', actuatorConfig, 'https://jira.example.com:70000', /e\.g\. https:\/\/your-domain\.atlassian\.net\) with a port from 1 to 65535, not "70000"/, 'https://jira.example.com:70000'],
    ['SLACK_API_URL', actuatorConfig, 'slack.com/api', /must be an http:\/\/ or https:\/\/ URL/, 'slack.com/api'],
    ['SLACK_WEBHOOK_URL', actuatorConfig, 'https://hooks.slack.com:0/services/T0/B0/s3cret', /not "0"/, 'redacted'],
  ] as const)('%s', (variable, section, value, message, shown) => {
    const problem = problemsOf(section as ConfigSection<unknown>, { [variable]: value, NEO4J_PASSWORD: 'x' }).find((p) => p.variable === variable);
    expect(problem?.message).toMatch(message);
    expect(problem?.value).toBe(shown);
  });
});
