/**
 * A batch of commands as guard's batch writer: commands for different keys (Jira issues, Slack
 * channels) run concurrently — the host gate bounds what reaches the host — while one key's
 * commands keep their arrival order, so a comment lands before the transition the same commit
 * asked for.
 *
 * The order comes from {@link splitByKey}, before guard: a batch holding a key more than once is
 * cut into batches that hold each key once, and guard writes one batch at a time. One key's
 * commands are never queued behind each other inside a batch, where a command held back by a
 * failing one of its key would have to be reported failed without being tried, and would use up
 * guard's attempts with it — dead-lettered as RetriesExhausted, never attempted. Now the next
 * command for a key starts once the one before it was performed or dead-lettered, with its own
 * attempts.
 *
 * The result, for guard:
 * - every command succeeded: resolves;
 * - every command failed retriably (retryable or transient): throws the first transient error, or
 *   else the first, so guard sees the host failing as a whole (its breaker counts it; while open
 *   nothing is attempted and no attempt counted);
 * - otherwise: a BatchWriteError naming the failed ones, which guard retries or dead-letters.
 */
import { BatchWriteError, classify, type RecordFailure } from '../operators/index.ts';

/**
 * `items` as batches in which each key appears at most once: the first of each key's items, then
 * the second, and so on. Each key keeps its order; one key's items are in consecutive batches.
 */
export function splitByKey<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const batches: T[][] = [];
  const placed = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    const n = placed.get(key) ?? 0;
    placed.set(key, n + 1);
    (batches[n] ??= []).push(item);
  }
  return batches;
}

/** Runs a batch of distinct keys (see {@link splitByKey}) side by side. */
export async function runKeyed<T>(items: readonly T[], run: (item: T) => Promise<unknown>): Promise<void> {
  const settled = await Promise.allSettled(items.map((item) => run(item)));
  const failures: RecordFailure[] = settled.flatMap((result, index) => (result.status === 'rejected' ? [{ index, error: result.reason as unknown }] : []));
  if (failures.length === 0) return;
  const kinds = failures.map((f) => classify(f.error));
  if (failures.length === items.length && kinds.every((kind) => kind === 'retryable' || kind === 'transient')) {
    // An outage's own error when one says so (a refused connection): guard then waits for the
    // host without counting an attempt, where another error would count one.
    throw failures[Math.max(0, kinds.indexOf('transient'))]!.error;
  }
  throw new BatchWriteError(failures);
}
