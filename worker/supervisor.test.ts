import { throwError, tap } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { MemoryBroker, SwitchyardError, TopologyBuilder } from '../operators/index.ts';
import { currentAttribution } from './attribution.ts';
import { supervise } from './supervisor.ts';

/** Two sub-topologies on one topic: `flaky` fails its first `failures` runs, `steady` never does. */
function topology(failures: number, error: unknown) {
  const seen = { flaky: [] as string[], steady: [] as string[] };
  // build() traces each pipeline once, without running it: runs count from the second call.
  let runs = -1;
  const built = new TopologyBuilder()
    .subTopology('flaky', {
      groupId: 'flaky',
      topics: ['in'],
      fromBeginning: true,
      pipeline: (records) => {
        runs += 1;
        if (runs >= 1 && runs <= failures) return throwError(() => error);
        return records.pipe(tap((r) => (seen.flaky.push(String(r.value)), r.ack.done())));
      },
    })
    .subTopology('steady', {
      groupId: 'steady',
      topics: ['in'],
      fromBeginning: true,
      pipeline: (records) => records.pipe(tap((r) => (seen.steady.push(String(r.value)), r.ack.done()))),
    })
    .build();
  return { built, seen, runs: () => runs };
}

async function withBroker() {
  const broker = new MemoryBroker();
  broker.createTopic('in', 2);
  broker.append({ topic: 'in', messages: ['a', 'b', 'c'].map((value) => ({ key: null, value })) });
  return broker;
}

describe('supervise', () => {
  it('restarts a failed sub-topology while the others keep running, and reports why', async () => {
    const broker = await withBroker();
    const { built, seen } = topology(2, new Error('store client broke'));
    const onFailure = vi.fn();
    const supervisor = supervise(built, { kafka: broker, names: ['flaky', 'steady'], minRestartDelayMs: 10, onFailure, commitIntervalMs: 20 });

    await vi.waitFor(async () => {
      await broker.deliverAll();
      expect(supervisor.status().find((s) => s.name === 'flaky')).toMatchObject({ state: 'running', restarts: 2 });
      expect(seen.flaky.sort()).toEqual(['a', 'b', 'c']);
    });
    expect(onFailure).toHaveBeenCalledTimes(2);
    expect(onFailure.mock.calls[0]?.[1]).toMatchObject({ message: 'store client broke' });
    // Backoff doubles per consecutive failure.
    expect(onFailure.mock.calls.map((call) => call[2])).toEqual([10, 20]);
    expect(supervisor.status().find((s) => s.name === 'steady')).toMatchObject({ state: 'running', restarts: 0 });
    expect(seen.steady.sort()).toEqual(['a', 'b', 'c']);

    await supervisor.stop({ timeoutMs: 1_000 });
    expect(supervisor.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
    // The stop committed what each had finished: a restart would read nothing again.
    expect(broker.committed('steady').map((o) => o.offset).reduce((sum, o) => sum + Number(o), 0)).toBe(3);
  });

  it('restarts at once after a retriable stop, such as an exactly-once rebalance', async () => {
    const broker = await withBroker();
    const { built } = topology(1, new SwitchyardError('lost partitions in a rebalance: restart it', 'SWY_REBALANCED', { retriable: true }));
    const onFailure = vi.fn();
    const supervisor = supervise(built, { kafka: broker, names: ['flaky'], minRestartDelayMs: 60_000, onFailure });
    await vi.waitFor(() => expect(supervisor.status()[0]).toMatchObject({ state: 'running', restarts: 1 }));
    expect(onFailure.mock.calls[0]?.[2]).toBe(0);
    await supervisor.stop({ timeoutMs: 1_000 });
  });

  it('stops while a sub-topology waits to be restarted, without waiting out the backoff', async () => {
    const broker = await withBroker();
    const { built, runs } = topology(Number.POSITIVE_INFINITY, new Error('always fails'));
    const supervisor = supervise(built, { kafka: broker, names: ['flaky'], minRestartDelayMs: 60_000 });
    await vi.waitFor(() => expect(supervisor.status()[0]?.state).toBe('restarting'));
    const started = Date.now();
    await supervisor.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(runs()).toBe(1);
    expect(supervisor.status()[0]?.state).toBe('stopped');
  });

  it('retries a failed preparation (a store down at start) with the backoff, then runs', async () => {
    const broker = await withBroker();
    const { built, seen } = topology(0, undefined);
    let attempts = 0;
    const prepare = vi.fn(async (name: string) => {
      if (name === 'flaky' && ++attempts < 3) throw new Error('connect ECONNREFUSED 127.0.0.1:8123');
    });
    const onFailure = vi.fn();
    const supervisor = supervise(built, { kafka: broker, names: ['flaky', 'steady'], prepare, onFailure, minRestartDelayMs: 10 });
    await vi.waitFor(async () => {
      await broker.deliverAll();
      expect(seen.flaky.sort()).toEqual(['a', 'b', 'c']);
    });
    expect(onFailure.mock.calls.map((call) => [call[0], (call[1] as Error).message])).toEqual([
      ['flaky', 'connect ECONNREFUSED 127.0.0.1:8123'],
      ['flaky', 'connect ECONNREFUSED 127.0.0.1:8123'],
    ]);
    expect(prepare.mock.calls.filter(([name]) => name === 'steady')).toHaveLength(1);
    await supervisor.stop({ timeoutMs: 1_000 });
  });

  it('stops within its bound while a sub-topology hangs in its preparation (a store that does not answer)', async () => {
    const broker = await withBroker();
    const { built } = topology(0, undefined);
    const supervisor = supervise(built, { kafka: broker, names: ['flaky', 'steady'], prepare: (name) => (name === 'flaky' ? new Promise(() => {}) : Promise.resolve()) });
    await vi.waitFor(() => expect(supervisor.status().find((s) => s.name === 'steady')?.state).toBe('running'));
    const started = Date.now();
    await supervisor.stop({ timeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(supervisor.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
  });

  it('fail() restarts the one sub-topology named, with the error as the reason, while the other runs on', async () => {
    const broker = await withBroker();
    const { built, seen } = topology(0, undefined);
    const onFailure = vi.fn();
    const onStarted = vi.fn();
    const supervisor = supervise(built, { kafka: broker, names: ['flaky', 'steady'], minRestartDelayMs: 10, onFailure, onStarted, commitIntervalMs: 20 });
    await vi.waitFor(() => expect(supervisor.status().map((s) => s.state)).toEqual(['running', 'running']));

    const lost = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    expect(supervisor.fail('flaky', lost)).toBe(true);
    // Already ending: a second report of the same trouble is not a second restart.
    expect(supervisor.fail('flaky', lost)).toBe(false);
    expect(supervisor.fail('sink:mongo', lost)).toBe(false);
    await vi.waitFor(() => expect(supervisor.status().find((s) => s.name === 'flaky')).toMatchObject({ state: 'running', restarts: 1, lastError: 'Connection terminated unexpectedly' }));
    expect(onFailure.mock.calls).toEqual([['flaky', lost, 10]]);
    expect(onStarted.mock.calls).toEqual(expect.arrayContaining([['flaky', 0], ['steady', 0], ['flaky', 1]]));
    expect(supervisor.status().find((s) => s.name === 'steady')).toMatchObject({ state: 'running', restarts: 0 });
    // The restarted one reads on from what was committed: every record is seen, none lost.
    await vi.waitFor(async () => {
      await broker.deliverAll();
      expect(new Set(seen.flaky)).toEqual(new Set(['a', 'b', 'c']));
    });
    await supervisor.stop({ timeoutMs: 1_000 });
    expect(supervisor.fail('steady', lost)).toBe(false);
  });

  it('fail() during a preparation that hangs ends that attempt and retries with the backoff', async () => {
    const broker = await withBroker();
    const { built } = topology(0, undefined);
    let attempts = 0;
    const prepare = (name: string) => (name === 'flaky' && ++attempts === 1 ? new Promise<void>(() => {}) : Promise.resolve());
    const onFailure = vi.fn();
    const supervisor = supervise(built, { kafka: broker, names: ['flaky'], prepare, onFailure, minRestartDelayMs: 10 });
    await vi.waitFor(() => expect(attempts).toBe(1));
    expect(supervisor.fail('flaky', new Error('the store client broke while connecting'))).toBe(true);
    await vi.waitFor(() => expect(supervisor.status()[0]).toMatchObject({ state: 'running', restarts: 1, lastError: 'the store client broke while connecting' }));
    await supervisor.stop({ timeoutMs: 1_000 });
  });

  it('runs each sub-topology in its own context, so an error raised later in a callback it started is traced to it', async () => {
    const broker = await withBroker();
    const traced: (string | undefined)[] = [];
    const built = new TopologyBuilder()
      .subTopology('sink:postgres', {
        groupId: 'pg',
        topics: ['in'],
        fromBeginning: true,
        // As a store's client would: something started when the pipeline is built fails later, in a callback.
        pipeline: (records) => (setTimeout(() => traced.push(currentAttribution()?.subTopology), 1), records.pipe(tap((r) => r.ack.done()))),
      })
      .build();
    // build() traced the pipeline once, outside any sub-topology.
    await vi.waitFor(() => expect(traced).toEqual([undefined]));
    const supervisor = supervise(built, { kafka: broker, names: ['sink:postgres'] });
    await vi.waitFor(() => expect(traced).toEqual([undefined, 'sink:postgres']));
    // Here, outside any sub-topology's code, nothing is traced.
    expect(currentAttribution()).toBeUndefined();
    await supervisor.stop({ timeoutMs: 1_000 });
  });

  it('goes on supervising when a hook throws (a log call that failed)', async () => {
    const broker = await withBroker();
    const { built } = topology(1, new Error('store client broke'));
    const supervisor = supervise(built, {
      kafka: broker,
      names: ['flaky'],
      minRestartDelayMs: 10,
      onFailure: () => {
        throw new TypeError('Method get %TypedArray%.prototype.buffer called on incompatible receiver');
      },
      onStarted: () => {
        throw new TypeError('logger broke');
      },
    });
    await vi.waitFor(() => expect(supervisor.status()[0]).toMatchObject({ state: 'running', restarts: 1 }));
    await supervisor.stop({ timeoutMs: 1_000 });
  });

  it('refuses a sub-topology the topology does not have, naming the ones it has', () => {
    const { built } = topology(0, undefined);
    expect(() => supervise(built, { kafka: new MemoryBroker(), names: ['sink:mongo'] })).toThrow('unknown sub-topology sink:mongo; the topology has flaky, steady');
  });
});
