/**
 * Runs a batch of commands as guard's batch writer: commands for different keys (Jira issues,
 * Slack channels) run concurrently — the host gate bounds what reaches the host — while one key's
 * commands run one after another in arrival order, so a comment lands before the transition the
 * same commit asked for.
 *
 * After a key's command fails, its later commands are not attempted (they fail with a retriable
 * NotAttemptedError) so they cannot overtake it. The result, for guard:
 * - every command succeeded: resolves;
 * - every command failed retriably: throws the first error, so guard sees the host failing as a
 *   whole (its breaker counts it; while open nothing is attempted and no attempt counted);
 * - otherwise: a BatchWriteError naming the failed ones, which guard retries or dead-letters.
 */
import { BatchWriteError, classify, SwitchyardError, type RecordFailure } from '../operators/index.ts';

export class NotAttemptedError extends SwitchyardError {
  override readonly name: string = 'NotAttemptedError';
  constructor(key: string) {
    super(`not attempted: an earlier command for ${key} in the same batch failed`, 'SWY_NOT_ATTEMPTED', { retriable: true });
  }
}

export async function runKeyed<T>(items: readonly T[], keyOf: (item: T) => string, run: (item: T) => Promise<unknown>): Promise<void> {
  const byKey = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    byKey.set(key, [...(byKey.get(key) ?? []), index]);
  });
  const failures: RecordFailure[] = [];
  await Promise.all(
    [...byKey].map(async ([key, indexes]) => {
      for (const [n, index] of indexes.entries()) {
        try {
          await run(items[index]!);
        } catch (error) {
          failures.push({ index, error });
          for (const later of indexes.slice(n + 1)) failures.push({ index: later, error: new NotAttemptedError(key) });
          return;
        }
      }
    }),
  );
  if (failures.length === 0) return;
  failures.sort((a, b) => a.index - b.index);
  if (failures.length === items.length && failures.every((f) => classify(f.error) === 'retryable')) throw failures[0]!.error;
  throw new BatchWriteError(failures);
}
