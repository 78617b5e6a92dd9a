import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from './errors.ts';
import { OffsetTracker } from './offsetTracker.ts';
import type { Ack } from './record.ts';

const tp = { topic: 't', partition: 0 };

describe('OffsetTracker', () => {
  it('reports nothing before anything finished', () => {
    const tracker = new OffsetTracker();
    tracker.track(tp, '0');
    expect(tracker.committable(tp)).toBeUndefined();
    expect(tracker.inFlight(tp)).toBe(1);
  });

  it('commits the offset after the finished prefix, not past a gap', () => {
    const tracker = new OffsetTracker();
    const [a, b, c] = ['5', '6', '9'].map((o) => tracker.track(tp, o)) as [Ack, Ack, Ack];
    b.done();
    expect(tracker.committable(tp)).toBeUndefined();
    a.done();
    expect(tracker.committable(tp)).toBe('7');
    c.done();
    expect(tracker.committable(tp)).toBe('10');
    expect(tracker.inFlight(tp)).toBe(0);
  });

  it('finishes a forked record only when every path is done', () => {
    const tracker = new OffsetTracker();
    const ack = tracker.track(tp, '0');
    ack.fork(3);
    ack.done();
    ack.done();
    expect(tracker.committable(tp)).toBeUndefined();
    ack.fork(2); // one of the three paths fanned out again
    ack.done();
    expect(tracker.committable(tp)).toBeUndefined();
    ack.done();
    expect(tracker.committable(tp)).toBe('1');
  });

  it('finishes a record forked to no path at once', () => {
    const tracker = new OffsetTracker();
    tracker.track(tp, '0').fork(0);
    expect(tracker.committable(tp)).toBe('1');
  });

  it('never passes an abandoned record', () => {
    const tracker = new OffsetTracker();
    const [a, b] = [tracker.track(tp, '0'), tracker.track(tp, '1')];
    a.abandon();
    a.done();
    b.done();
    expect(tracker.committable(tp)).toBeUndefined();
    expect(tracker.stuck(tp)).toBe(true);
  });

  it('rejects finishing a record more often than it was forked', () => {
    const tracker = new OffsetTracker();
    const ack = tracker.track(tp, '0');
    ack.done();
    expect(() => ack.done()).toThrow(SwitchyardError);
    expect(() => ack.fork(-1)).toThrow(RangeError);
  });

  it('forgets revoked partitions: late acks move nothing', () => {
    const tracker = new OffsetTracker();
    const old = tracker.track(tp, '0');
    tracker.revoke([tp]);
    old.done();
    expect(tracker.committable(tp)).toBeUndefined();
    expect(tracker.partitions()).toEqual([]);
  });

  it('treats an offset going backwards as a re-positioned partition', () => {
    const tracker = new OffsetTracker();
    const stale = tracker.track(tp, '10');
    const fresh = tracker.track(tp, '3');
    stale.done();
    expect(tracker.committable(tp)).toBeUndefined();
    fresh.done();
    expect(tracker.committable(tp)).toBe('4');
  });

  it('tells listeners when a partition drains', () => {
    const tracker = new OffsetTracker();
    const seen: number[] = [];
    tracker.onSettle(() => seen.push(tracker.inFlight(tp)));
    const ack = tracker.track(tp, '0');
    ack.done();
    expect(seen).toEqual([0]);
  });

  it('keeps memory to what is in flight over a long run', () => {
    const tracker = new OffsetTracker();
    for (let i = 0; i < 100_000; i++) tracker.track(tp, String(i)).done();
    expect(tracker.committable(tp)).toBe('100000');
    expect(tracker.inFlight(tp)).toBe(0);
  });
});

/** A random scenario: records with gaps in their offsets, each fanned out into a tree of paths. */
const scenario = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 3 }),
      // Fan-out of the record, then of each resulting path once more (split then flatMapValues).
      fanOut: fc.integer({ min: 0, max: 3 }),
      refan: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
      abandon: fc.boolean(),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .chain((records) => {
    // Each path's done is one event; shuffle every event of every record together.
    const events = records.flatMap((r, i) => Array.from({ length: pathsOf(r) }, () => i));
    return fc.tuple(fc.constant(records), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }));
  });

function pathsOf(r: { fanOut: number; refan: number[] }): number {
  if (r.fanOut === 0) return 0;
  // The first min(fanOut, refan.length) paths are re-forked into refan[i] paths each.
  const refanned = r.refan.slice(0, r.fanOut);
  return r.fanOut - refanned.length + refanned.reduce((a, b) => a + b, 0);
}

describe('OffsetTracker properties', () => {
  it('never commits past an unfinished record, and reaches the end when all finish', () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ([records, order], failSome) => {
        const tracker = new OffsetTracker();
        let offset = 0;
        const tracked = records.map((r) => {
          offset += r.gap;
          const ack = tracker.track(tp, String(offset));
          ack.fork(r.fanOut);
          const refanned = r.refan.slice(0, r.fanOut);
          for (const n of refanned) ack.fork(n);
          // A record that went nowhere is already finished: there is nothing left to abandon.
          return { ...r, offset, ack, remaining: pathsOf(r), abandoned: failSome && r.abandon && pathsOf(r) > 0 };
        });
        for (const t of tracked) if (t.abandoned) t.ack.abandon();
        const check = () => {
          const committed = tracker.committable(tp);
          if (committed === undefined) return;
          // Everything below the committed offset is finished and not abandoned.
          for (const t of tracked) if (t.offset < Number(committed)) expect(t.remaining === 0 && !t.abandoned).toBe(true);
        };
        check();
        for (const i of order) {
          const t = tracked[i]!;
          t.remaining -= 1;
          t.ack.done();
          check();
        }
        const firstAbandoned = tracked.find((t) => t.abandoned);
        const expected = firstAbandoned === undefined ? offset + 1 : undefined;
        if (expected !== undefined) expect(tracker.committable(tp)).toBe(String(expected));
        else {
          const before = tracked.filter((t) => t.offset < firstAbandoned!.offset);
          const committed = tracker.committable(tp);
          expect(committed).toBe(before.length === 0 ? undefined : String(before.at(-1)!.offset + 1));
        }
        expect(tracker.inFlight(tp)).toBe(tracked.filter((t) => t.abandoned).length);
      }),
      { numRuns: 500 },
    );
  });

  it('after a revoke, acks of the old generation never move the new one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 20 }), (before, revokeAt, after) => {
        const tracker = new OffsetTracker();
        const old = Array.from({ length: before }, (_, i) => tracker.track(tp, String(i)));
        old.slice(0, Math.min(revokeAt, before)).forEach((a) => a.done());
        tracker.revoke([tp]);
        // Re-assigned: fetching restarts from what was committable (or 0).
        const start = Math.min(revokeAt, before);
        const fresh = Array.from({ length: after }, (_, i) => tracker.track(tp, String(start + i)));
        old.slice(start).forEach((a) => a.done());
        expect(tracker.committable(tp)).toBeUndefined();
        fresh.forEach((a) => a.done());
        expect(tracker.committable(tp)).toBe(String(start + after));
      }),
    );
  });
});
