import { describe, expect, it } from 'vitest';
import type { LagSample } from '../metrics/consumerLag.ts';
import { stallWatch } from './stalled.ts';

const MINUTE = 60_000;
const group = 'switchyard.sink:neo4j';

function reading(partition: number, committed: number, lag: number, topic = 'raw.github'): LagSample {
  return { group, topic, partition, committed, lag };
}

/** A watch on a clock the test moves. */
function watched(options: { transactionalTopics?: string[] } = {}) {
  let now = 1_000_000;
  const watch = stallWatch({ afterMs: 5 * MINUTE, now: () => now, ...options });
  return { watch, advance: (ms: number) => void (now += ms) };
}

describe('stall watch', () => {
  it('is not ready once a partition with lag made no progress for the time set, naming group, topic, partition, lag and for how long', async () => {
    const { watch, advance } = watched();
    watch.observe([reading(0, 100, 0), reading(3, 40, 12)]);
    advance(4 * MINUTE);
    watch.observe([reading(0, 100, 0), reading(3, 40, 57)]);
    expect(await watch.readiness()).toEqual([{ name: 'consumer progress', ready: true, reason: 'no partition without progress for 5 min while behind' }]);

    advance(1 * MINUTE + 2_000);
    watch.observe([reading(0, 100, 0), reading(3, 40, 80)]);
    expect(await watch.readiness()).toEqual([
      {
        name: `stalled ${group} raw.github/3`,
        ready: false,
        reason: `consumer group ${group} made no progress on raw.github/3 for 5 min 2 s with 80 records to read (committed offset 40)`,
      },
    ]);
  });

  it('counts a moving committed offset, or being caught up, as progress', async () => {
    const { watch, advance } = watched();
    watch.observe([reading(0, 10, 5), reading(1, 10, 5)]);
    advance(4 * MINUTE);
    watch.observe([reading(0, 11, 5), reading(1, 10, 0)]);
    advance(4 * MINUTE);
    watch.observe([reading(0, 11, 5), reading(1, 10, 3)]);
    expect((await watch.readiness()).every((r) => r.ready)).toBe(true);
    advance(1 * MINUTE);
    expect((await watch.readiness()).map((r) => r.name)).toEqual([`stalled ${group} raw.github/0`]);
    // Partition 1 was caught up at 4 min and seen behind at 8: stalled from 13 min, not 9.
    advance(4 * MINUTE);
    expect((await watch.readiness()).map((r) => r.name)).toEqual([`stalled ${group} raw.github/0`, `stalled ${group} raw.github/1`]);
  });

  it('takes lag 1 on a transactional topic for a caught-up reader (the commit marker), not a stall', async () => {
    const { watch, advance } = watched({ transactionalTopics: ['eng.events.v1'] });
    watch.observe([reading(0, 500, 1, 'eng.events.v1'), reading(1, 500, 2, 'eng.events.v1'), reading(2, -1, 1, 'raw.jira')]);
    advance(10 * MINUTE);
    expect((await watch.readiness()).map((r) => [r.name, r.reason])).toEqual([
      [`stalled ${group} eng.events.v1/1`, `consumer group ${group} made no progress on eng.events.v1/1 for 10 min with 2 records to read (committed offset 500)`],
      [`stalled ${group} raw.jira/2`, `consumer group ${group} made no progress on raw.jira/2 for 10 min with 1 record to read (it never committed)`],
    ]);
  });

  it('keeps a partition’s last state while it is not read (the collector could not reach its group)', async () => {
    const { watch, advance } = watched();
    watch.observe([reading(0, 10, 5)]);
    advance(6 * MINUTE);
    watch.observe([]);
    expect(await watch.readiness()).toHaveLength(1);
    expect((await watch.readiness())[0]?.ready).toBe(false);
  });

  it('rejects a time that is not positive, naming it', () => {
    expect(() => stallWatch({ afterMs: 0 })).toThrow(/afterMs must be a positive number/);
  });
});
