import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.ts';
import { readSection } from '../config/spec.ts';
import { digestOf } from './auth.ts';
import { isLoopback } from '../config/loopback.ts';
import { serveConfig } from './config.ts';

const DIGEST = digestOf('syd_x');
const problemsOf = (env: Record<string, string>) => {
  try {
    readSection(serveConfig, env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
};

describe('serveConfig', () => {
  it('has the documented defaults', () => {
    expect(readSection(serveConfig, {})).toEqual({ port: 8790, host: '127.0.0.1', tokens: [], ratePerMinute: 600, corsOrigins: [], maxBodyBytes: 65_536, limits: { timeoutMs: 10_000, rowCap: 1_000, maxTopK: 50 }, rawTools: [], workerUrl: 'http://127.0.0.1:9464' });
  });

  it("finds the worker at its METRICS_PORT unless SWITCHYARD_SERVE_WORKER_URL says where, and refuses a URL that is not http(s)", () => {
    expect(readSection(serveConfig, { METRICS_PORT: '9500' }).workerUrl).toBe('http://127.0.0.1:9500');
    expect(readSection(serveConfig, { METRICS_PORT: 'nine' }).workerUrl).toBe('http://127.0.0.1:9464');
    expect(readSection(serveConfig, { METRICS_PORT: '9500', SWITCHYARD_SERVE_WORKER_URL: 'http://worker.internal:9464/' }).workerUrl).toBe('http://worker.internal:9464');
    expect(problemsOf({ SWITCHYARD_SERVE_WORKER_URL: 'worker:9464' })).toEqual([expect.objectContaining({ variable: 'SWITCHYARD_SERVE_WORKER_URL', message: expect.stringContaining('http://') })]);
  });

  it('reads tokens as names and digests', () => {
    const settings = readSection(serveConfig, { SWITCHYARD_ACCESS_TOKENS: `dash:${DIGEST}, agent:${digestOf('syd_y')}`, SWITCHYARD_SERVE_HOST: '0.0.0.0' });
    expect(settings.tokens.map((t) => [t.name, t.digest.toString('hex')])).toEqual([['dash', DIGEST], ['agent', digestOf('syd_y')]]);
  });

  it('refuses a non-loopback host without tokens, naming both variables', () => {
    const problems = problemsOf({ SWITCHYARD_SERVE_HOST: '0.0.0.0' });
    expect(problems).toEqual([expect.objectContaining({ variable: 'SWITCHYARD_SERVE_HOST', message: expect.stringContaining('SWITCHYARD_ACCESS_TOKENS') })]);
    expect(problemsOf({ SWITCHYARD_SERVE_HOST: '::1' })).toEqual([]);
  });

  it('refuses a malformed token entry without echoing the secret', () => {
    const problems = problemsOf({ SWITCHYARD_ACCESS_TOKENS: 'dash:not-hex-secret' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ variable: 'SWITCHYARD_ACCESS_TOKENS', message: expect.stringContaining('name:sha256hex') });
    expect(JSON.stringify(problems)).not.toContain('not-hex-secret');
  });

  it('refuses raw tools for neo4j and pinecone with the reason, and unknown names', () => {
    const problems = problemsOf({ SWITCHYARD_ACCESS_RAW_TOOLS: 'postgres,neo4j,pinecone,mysql' });
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('LOAD CSV'), expect.stringContaining('statement timeout'), expect.stringContaining('not a store with a raw tool')]);
    expect(readSection(serveConfig, { SWITCHYARD_ACCESS_RAW_TOOLS: 'clickhouse, postgres' }).rawTools).toEqual(['clickhouse', 'postgres']);
  });

  it('refuses a CORS origin with a path', () => {
    expect(problemsOf({ SWITCHYARD_ACCESS_CORS_ORIGINS: 'https://a.example/' })).toEqual([expect.objectContaining({ variable: 'SWITCHYARD_ACCESS_CORS_ORIGINS' })]);
  });

  it('knows loopback', () => {
    expect(['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com'].some(isLoopback)).toBe(false);
  });
});
