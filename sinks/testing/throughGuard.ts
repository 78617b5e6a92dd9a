/**
 * Test support for stack tests: writes events to a real sink through the guard the way the sink
 * sub-topology does (subTopology.ts) — poison isolation asking the sink's own `health()` — and
 * says which events were dead-lettered and which finished, without Kafka.
 */
import { lastValueFrom, of, toArray } from 'rxjs';
import type { EngEvent } from '../../avro/generated/types.ts';
import { type Failure, guard } from '../../operators/index.ts';
import { testRecords } from '../../operators/testing/records.ts';
import type { Sink } from '../sink.ts';

export interface GuardedWrite {
  readonly failures: readonly Failure<string | null, EngEvent>[];
  /** Events the guard finished as written (every one of them not in `failures`). */
  readonly finished: number;
}

export async function writeThroughGuard(sink: Sink, events: readonly EngEvent[]): Promise<GuardedWrite> {
  const t = testRecords(events);
  const failures = await lastValueFrom(
    of(t.records).pipe(
      guard((batch) => sink.write(batch.map((r) => r.value)), {
        name: `sink:${sink.store}`,
        breaker: false,
        retry: { maxAttempts: Number.POSITIVE_INFINITY, initialDelayMs: 5 },
        isolate: { healthy: async () => (await sink.health()).healthy },
      }),
      toArray(),
    ),
  );
  return { failures, finished: events.length - t.inFlight() };
}
