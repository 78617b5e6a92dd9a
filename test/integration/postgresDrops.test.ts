/**
 * PostgreSQL ending our sessions under load (`pg_terminate_backend`, the 57P01 an admin shutdown
 * or an Aurora failover sends), on the real stack. Before, a client checked out between two
 * statements had no `'error'` listener and the worker died of `Unhandled 'error' event`; vitest
 * fails a test for such an error, so each test passing is the process surviving. Each dropped
 * session is reported (observability/clientErrors.ts), and every write lands exactly once.
 *
 * Only our own sessions are ended: each pool names itself in `application_name`, with the test's
 * own schema in it, so other test files sharing the server are left alone.
 */
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openPostgresLedger } from '../../actuators/ledger.ts';
import { localStack } from '../../config/endpoints.ts';
import { onClientError, type ClientErrorReport } from '../../observability/clientErrors.ts';
import { applicationName } from '../../sinks/postgres/connectionErrors.ts';
import { PostgresSinkError } from '../../sinks/postgres/errors.ts';
import { activityOf } from '../../sinks/postgres/queries.ts';
import { postgresSink } from '../../sinks/postgres/sink.ts';
import { commit, johnGit } from '../../sinks/postgres/testing/testEvents.ts';
import { countRows, localConfig } from '../../sinks/postgres/testing/testSchema.ts';
import { uniqueIdentifier } from '../support/names.ts';

/** A connection of the test's own that ends the sessions named `application`, on demand or every few ms. */
async function sessionKiller(application: string) {
  const killer = new pg.Client({ connectionString: localStack.postgres.url });
  await killer.connect();
  onTestFinished(() => killer.end());
  const terminate = async () => {
    const { rows } = await killer.query<{ n: number }>('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()', [application]);
    return rows[0]!.n;
  };
  let ended = 0;
  let firing = false;
  let loop = Promise.resolve();
  return {
    terminate,
    get ended() {
      return ended;
    },
    /** Ends every matching session every `everyMs` until stop(). */
    fire(everyMs: number) {
      firing = true;
      loop = (async () => {
        while (firing) {
          ended += await terminate();
          await new Promise((resolve) => setTimeout(resolve, everyMs));
        }
      })();
    },
    async stop() {
      firing = false;
      await loop;
    },
  };
}

function reports(): ClientErrorReport[] {
  const seen: ClientErrorReport[] = [];
  onTestFinished(onClientError((report) => void seen.push(report)));
  return seen;
}

/** What the guard does with a retriable failure, without its timers: try again (bounded, so a bug fails the test). */
async function retried<T>(work: () => Promise<T>, isRetriable: (error: unknown) => boolean): Promise<{ value: T; failures: number }> {
  for (let failures = 0; ; failures += 1) {
    try {
      return { value: await work(), failures };
    } catch (error) {
      if (failures >= 200 || !isRetriable(error)) throw error;
    }
  }
}

const sha = (i: number) => `d0${String(i).padStart(5, '0')}`;
const day = (i: number) => `2025-04-${String(1 + (i % 28)).padStart(2, '0')}T10:${String(i % 60).padStart(2, '0')}:00Z`;

describe('PostgreSQL dropping our sessions', () => {
  it('the sink: a checked-out client the server drops is reported, not thrown, and writes under fire all land once', { timeout: 120_000 }, async () => {
    const schema = uniqueIdentifier('switchyard_drops');
    const sink = postgresSink(localConfig(schema));
    onTestFinished(async () => {
      await sink.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
      await sink.close();
    });
    await sink.init();
    const seen = reports();
    const killer = await sessionKiller(applicationName(`sink:postgres ${schema}`));

    // The case pg's pool does not listen for: a client checked out, in a transaction, between two statements.
    const held = await sink.pool.connect();
    await held.query('BEGIN');
    expect(await killer.terminate()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => seen.length).toBeGreaterThanOrEqual(1);
    expect(seen[0]).toMatchObject({ client: 'postgres sink:postgres' });
    await expect(held.query('SELECT 1')).rejects.toThrow();
    held.release(true);

    // Writes while every session of the pool is ended every 15 ms: the guard's retries get each batch in.
    const events = Array.from({ length: 300 }, (_, i) => commit(sha(i), johnGit, day(i)));
    killer.fire(15);
    let failures = 0;
    for (let at = 0; at < events.length; at += 15) {
      const batch = events.slice(at, at + 15);
      failures += (await retried(() => sink.write(batch), (error) => error instanceof PostgresSinkError && error.retriable)).failures;
    }
    await killer.stop();
    expect(killer.ended).toBeGreaterThan(0);
    expect(await countRows(sink, 'processed_events')).toBe(events.length);
    // Counters bumped once per event, retries and all.
    const activity = await activityOf(sink.pool, 'johndoe', { from: '2025-04-01', to: '2025-04-30' });
    expect(activity.reduce((sum, a) => sum + a.commits, 0)).toBe(events.length);
    // Not a test of luck: the faults did hit writes (a dropped session failed some, which were retried).
    expect(failures + seen.length).toBeGreaterThan(1);
  });

  it('the actuator ledger: claims and completions under fire all land, and the dropped sessions are reported', { timeout: 120_000 }, async () => {
    const schema = uniqueIdentifier('switchyard_ledger_drops');
    const ledger = openPostgresLedger({ url: localStack.postgres.url, schema });
    onTestFinished(async () => {
      const admin = new pg.Client({ connectionString: localStack.postgres.url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
      await admin.end();
      await ledger.close();
    });
    await ledger.init();
    const seen = reports();
    const killer = await sessionKiller(applicationName(`actuator ledger ${schema}`));

    killer.fire(10);
    const anyError = () => true;
    for (let i = 0; i < 150; i += 1) {
      const id = `cmd-${i}`;
      await retried(() => ledger.claim(id, 'jira'), anyError);
      await retried(() => ledger.done(id, 'performed', { i }), anyError);
    }
    await killer.stop();
    expect(killer.ended).toBeGreaterThan(0);
    expect(seen.every((report) => report.client === 'postgres actuator ledger')).toBe(true);

    const check = new pg.Client({ connectionString: localStack.postgres.url });
    await check.connect();
    onTestFinished(() => check.end());
    const { rows } = await check.query<{ done: number; total: number }>(`SELECT count(*) FILTER (WHERE done_at IS NOT NULL)::int AS done, count(*)::int AS total FROM ${schema}.actuator_ledger`);
    expect(rows[0]).toEqual({ done: 150, total: 150 });
  });
});
