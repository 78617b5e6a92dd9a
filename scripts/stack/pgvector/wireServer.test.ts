/** The wire server over an in-process PGlite: clients take turns on its one session, never mixing messages. */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveWire, type WireServer } from './wireServer.ts';

let db: PGlite;
let server: WireServer;
const clients: pg.Client[] = [];

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${server.port}/postgres?sslmode=disable` });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  db = await PGlite.create();
  server = await serveWire(db, { host: '127.0.0.1', port: 0, maxConnections: 8 });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await server.stop();
  await db.close();
});

describe('serveWire', () => {
  test('a parameter spanning many TCP reads is not interleaved with other clients’ statements', async () => {
    const [big, small1, small2] = await Promise.all([connect(), connect(), connect()]);
    const text = 'x'.repeat(3_000_000);
    // Each client runs its queries one after another, as a pool connection does.
    const inTurn = async <T>(count: number, query: (i: number) => Promise<T>): Promise<T[]> => {
      const results: T[] = [];
      for (let i = 0; i < count; i++) results.push(await query(i));
      return results;
    };
    const [bigResults, ...smallResults] = await Promise.all([
      inTurn(6, async (i) => (await big.query<{ n: number }>('SELECT length($1::text) AS n', [`${text}${i}`])).rows[0]?.n),
      ...[small1, small2].map((c, k) => inTurn(150, async (i) => (await c.query<{ v: number }>('SELECT $1::int + $2::int AS v', [i, k])).rows[0]?.v)),
    ]);
    expect(bigResults).toEqual(Array.from({ length: 6 }, () => 3_000_001));
    expect(smallResults).toEqual([0, 1].map((k) => Array.from({ length: 150 }, (_, i) => i + k)));
  });

  test('a transaction owns the session until it commits: another client waits, then sees the commit', async () => {
    const [writer, reader] = await Promise.all([connect(), connect()]);
    await writer.query('CREATE TABLE tx_wait (id int)');
    await writer.query('BEGIN');
    await writer.query('INSERT INTO tx_wait VALUES (1)');
    const events: string[] = [];
    const read = reader.query<{ n: string }>('SELECT count(*) AS n FROM tx_wait').then((r) => {
      events.push('read');
      return r.rows[0]?.n;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    events.push('commit');
    await writer.query('COMMIT');
    expect(await read).toBe('1');
    expect(events).toEqual(['commit', 'read']);
  });

  test('a client that disconnects inside a transaction is rolled back and blocks nobody', async () => {
    const [leaver, other] = await Promise.all([connect(), connect()]);
    await leaver.query('CREATE TABLE tx_gone (id int)');
    await leaver.query('BEGIN');
    await leaver.query('INSERT INTO tx_gone VALUES (1)');
    const after = other.query<{ n: string }>('SELECT count(*) AS n FROM tx_gone');
    await leaver.end();
    expect((await after).rows[0]?.n).toBe('0');
    expect(db.isInTransaction()).toBe(false);
  });
});
