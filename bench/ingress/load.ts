/**
 * The two ways the ingress bench drives a side (the ingress over HTTP, or the bare producer):
 *
 * - closed loop ({@link closedLoop}): `concurrency` senders, each sending its next item as soon as
 *   its last was answered, until `count` were sent or `maxMs` passed: the most a side takes.
 * - open loop ({@link openLoop}): item i is sent at start + i/rate whether or not earlier ones were
 *   answered, as webhooks arrive from GitHub. Latency counts from the time the send was DUE, not
 *   when it went out, so a side (or a bench) that falls behind shows it in the figures instead of
 *   slowing the arrivals down (coordinated omission). `maxLagMs` says how late the bench itself
 *   fired a send: large, and the load generator, not the side, was the bottleneck.
 *
 * A send resolves true when the side took the item (202 / acknowledged), false when it refused
 * it; a rejection counts as a failure too, with its message kept (the first few) for the report.
 */

export interface LoadResult {
  /** Items sent and answered (taken or not). */
  readonly sent: number;
  readonly taken: number;
  readonly failed: number;
  /** First answer of each kind of failure, by a short description → count. */
  readonly failures: Readonly<Record<string, number>>;
  /** From the first send to the last answer. */
  readonly seconds: number;
  /** Per answered item, in ms (open loop: from when it was due). */
  readonly latenciesMs: readonly number[];
  /** Open loop: the latest the bench fired a send behind its schedule. */
  readonly maxLagMs: number;
}

/** What a send refused with: `true` is taken; a string names the refusal (an HTTP status, an error). */
export type Send = (index: number) => Promise<true | string>;

const PROGRESS_MS = 2_000;

class Tally {
  taken = 0;
  failed = 0;
  readonly failures: Record<string, number> = {};
  readonly latenciesMs: number[] = [];
  record(outcome: true | string, ms: number): void {
    this.latenciesMs.push(ms);
    if (outcome === true) {
      this.taken += 1;
      return;
    }
    this.failed += 1;
    this.failures[outcome] = (this.failures[outcome] ?? 0) + 1;
  }
  get answered(): number {
    return this.taken + this.failed;
  }
}

const outcomeOf = async (send: Send, index: number): Promise<true | string> => {
  try {
    return await send(index);
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).slice(0, 120);
  }
};

function progress(label: string, tally: Tally, total: number, started: number, say: (line: string) => void): NodeJS.Timeout {
  return setInterval(() => {
    const s = (performance.now() - started) / 1000;
    say(`    ${label}: ${tally.answered.toLocaleString('en-US')}/${total.toLocaleString('en-US')} answered in ${s.toFixed(1)} s (${Math.round(tally.answered / s).toLocaleString('en-US')}/s${tally.failed > 0 ? `, ${tally.failed} failed` : ''})`);
  }, PROGRESS_MS);
}

export async function closedLoop(options: { label: string; count: number; concurrency: number; maxMs: number; send: Send; say: (line: string) => void }): Promise<LoadResult> {
  const { count, concurrency, send } = options;
  const tally = new Tally();
  const started = performance.now();
  const deadline = started + options.maxMs;
  const timer = progress(options.label, tally, count, started, options.say);
  let next = 0;
  const sender = async () => {
    while (next < count && performance.now() < deadline) {
      const index = next++;
      const t = performance.now();
      const outcome = await outcomeOf(send, index);
      tally.record(outcome, performance.now() - t);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, sender));
  } finally {
    clearInterval(timer);
  }
  return { sent: next, taken: tally.taken, failed: tally.failed, failures: tally.failures, seconds: (performance.now() - started) / 1000, latenciesMs: tally.latenciesMs, maxLagMs: 0 };
}

export async function openLoop(options: { label: string; rate: number; seconds: number; send: Send; say: (line: string) => void }): Promise<LoadResult> {
  const { rate, send } = options;
  const count = Math.round(rate * options.seconds);
  const intervalMs = 1000 / rate;
  const tally = new Tally();
  const answers: Promise<void>[] = [];
  const started = performance.now();
  const timer = progress(options.label, tally, count, started, options.say);
  let next = 0;
  let maxLagMs = 0;
  try {
    await new Promise<void>((resolve) => {
      const fire = () => {
        const now = performance.now();
        // Every send due by now goes out now, each timed from when it was due.
        while (next < count && started + next * intervalMs <= now) {
          const index = next++;
          const due = started + index * intervalMs;
          maxLagMs = Math.max(maxLagMs, now - due);
          answers.push(outcomeOf(send, index).then((outcome) => tally.record(outcome, performance.now() - due)));
        }
        if (next >= count) return resolve();
        setTimeout(fire, Math.max(0, started + next * intervalMs - performance.now()));
      };
      fire();
    });
    await Promise.all(answers);
  } finally {
    clearInterval(timer);
  }
  return { sent: next, taken: tally.taken, failed: tally.failed, failures: tally.failures, seconds: (performance.now() - started) / 1000, latenciesMs: tally.latenciesMs, maxLagMs };
}
