import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { closedPort } from '../config/testing/fakeServers.ts';
import type { Sink } from '../sinks/sink.ts';
import { storeNamed } from '../sinks/registry.ts';
import { sinkOf } from './assemble.ts';
import { namingConnection } from './storeConnections.ts';

describe('a store’s first connection', () => {
  it('names POSTGRES_URL, without its password, when PostgreSQL does not answer', async () => {
    const port = await closedPort();
    const config = loadConfig({ POSTGRES_URL: `postgres://app:s3cret@127.0.0.1:${port}/eng` }, { stores: ['postgres'] });
    const sink = sinkOf(storeNamed('postgres'), config);
    const failure = await sink.init().then(() => undefined, (error: unknown) => error as Error & { variable?: string; cause?: unknown });
    await sink.close();
    expect(failure).toMatchObject({ name: 'ConnectionError', code: 'SWY_CONNECTION', variable: 'POSTGRES_URL' });
    expect(failure?.message).toMatch(new RegExp(`^POSTGRES_URL=postgres://app:redacted@127\\.0\\.0\\.1:${port}/eng: .*ECONNREFUSED`));
    expect(failure?.message).not.toContain('s3cret');
    expect(failure?.cause).toBeInstanceOf(Error);
  });

  it('keeps what the store said about retrying, and leaves a sink that starts alone', async () => {
    const hopeless = Object.assign(new Error('password authentication failed'), { retriable: false });
    const sink: Sink = { store: 'postgres', init: () => Promise.reject(hopeless), write: async () => {}, health: async () => ({ healthy: true }), close: async () => {} };
    await expect(namingConnection(sink, { variable: 'POSTGRES_URL', value: 'postgres://db/eng' }).init()).rejects.toMatchObject({ retriable: false, cause: hopeless, message: 'POSTGRES_URL=postgres://db/eng: password authentication failed' });
    await expect(namingConnection({ ...sink, init: async () => {} }, { variable: 'POSTGRES_URL', value: 'postgres://db/eng' }).init()).resolves.toBeUndefined();
  });
});
