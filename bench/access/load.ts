/**
 * How the access bench calls: one call after another (latency), and many clients at once for a
 * fixed time (throughput). Each call is timed on its own; a failed call in the concurrent phase
 * is counted and its message kept (the first few), never retried, so errors cannot hide in the
 * requests per second.
 */
export interface Concurrent {
  readonly requests: number;
  readonly seconds: number;
  /** Every call's duration in ms, failures included. */
  readonly durations: number[];
  readonly errors: number;
  /** The first few distinct failure messages. */
  readonly errorSamples: string[];
}

/** The fewest calls a time budget may cut a question's latency run to (its p99 is then the slowest but one of them). */
export const MIN_CALLS = 20;

/**
 * `count` calls of `call`, one after another; their durations in ms. Any failure throws. With a
 * `budgetMs`, it stops early once that much time has passed and at least MIN_CALLS were made: a
 * question of 700 ms would otherwise hold the run for minutes per side.
 */
export async function sequential(count: number, call: () => Promise<unknown>, budgetMs = Number.POSITIVE_INFINITY): Promise<number[]> {
  const durations: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    if (i >= MIN_CALLS && performance.now() - started > budgetMs) break;
    const callStarted = performance.now();
    await call();
    durations.push(performance.now() - callStarted);
  }
  return durations;
}

/**
 * `clients` loops calling `call(i)` (i counts calls across all clients: round-robin over a mix)
 * until `seconds` have passed; calls started before then are awaited and counted.
 */
export async function concurrent(clients: number, seconds: number, call: (i: number) => Promise<unknown>): Promise<Concurrent> {
  const durations: number[] = [];
  const errorSamples = new Set<string>();
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const i = next++;
      const t = performance.now();
      try {
        await call(i);
      } catch (error) {
        errors += 1;
        if (errorSamples.size < 5) errorSamples.add(error instanceof Error ? error.message : String(error));
      }
      durations.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { requests: durations.length, seconds: (performance.now() - started) / 1000, durations, errors, errorSamples: [...errorSamples] };
}
