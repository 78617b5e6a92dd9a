/**
 * Writes a batch in one go; when the whole batch fails permanently, writes its events one at a
 * time to find those that fail on their own, so one bad event is dead-lettered and the rest are
 * stored. A retriable failure is thrown as it is: the store, not an event, is at fault, and the
 * guard retries the batch. Safe because every sink's writes are idempotent.
 *
 * Throws the batch's error when every event fails alone too, and a BatchWriteError naming the
 * failing events' indexes (into `events`) otherwise.
 */
import type { EngEvent } from '../avro/generated/types.ts';
import { BatchWriteError, type RecordFailure } from '../operators/errors.ts';

export async function writeIsolatingFailures(events: readonly EngEvent[], writeOnce: (events: readonly EngEvent[]) => Promise<void>): Promise<void> {
  if (events.length === 0) return;
  try {
    await writeOnce(events);
  } catch (error) {
    if ((error as { retriable?: unknown } | null)?.retriable === true || events.length === 1) throw error;
    const failures: RecordFailure[] = [];
    for (const [index, event] of events.entries()) {
      try {
        await writeOnce([event]);
      } catch (single) {
        failures.push({ index, error: single });
      }
    }
    if (failures.length === events.length) throw error;
    if (failures.length > 0) throw new BatchWriteError(failures);
  }
}
