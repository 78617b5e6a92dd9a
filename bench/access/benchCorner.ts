/**
 * A bench's corner from start to end: filled through the pipeline (or a kept one reopened), and
 * cleaned up once whoever asks first (the bench's end, a failure, Ctrl-C): what the bench opened on
 * it (a browser, a server, readers) closed first, then the corner dropped, unless BENCH_KEEP=1
 * keeps it for the next run (`BENCH_<NAME>_CORNER=<id>` reopens it). bench:access and
 * bench:dashboard share it.
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { populatedCorner, type PopulatedCorner } from '../../access/testing/populatedCorner.ts';
import { exitOnSignals } from '../../worker/signals.ts';
import { dropCorner, freshCornerId, keptCorner, type CornerContents } from './corner.ts';

export interface BenchCornerOptions {
  /** access, dashboard: names the settings (BENCH_ACCESS_CORNER…) and the corner ids. */
  readonly bench: string;
  readonly webhooks: readonly RawWebhook[];
  /** The synthetic count and seed it is filled with, said again when it is kept. */
  readonly synthetic: number;
  readonly seed: number;
  readonly timeoutMs: number;
  /** What the bench opened on the corner, closed in this order before it goes. */
  readonly closers: () => readonly ({ close(): Promise<unknown> } | undefined)[];
}

export interface BenchCorner {
  readonly corner: PopulatedCorner;
  /** Seconds the fill took; null for a reopened corner. */
  readonly fillSeconds: number | null;
  /** Closes what the bench opened, then drops (or keeps) the corner; once. */
  finish(): Promise<void>;
  /** Says what failed, finishes, exits 1. */
  fail(error: unknown): Promise<never>;
}

export async function benchCorner(options: BenchCornerOptions): Promise<BenchCorner> {
  const NAME = options.bench.toUpperCase();
  const reuse = process.env[`BENCH_${NAME}_CORNER`];
  const keep = process.env.BENCH_KEEP === '1';
  let corner: PopulatedCorner | undefined;
  let cornerId: string | undefined;
  let cleaned: Promise<void> | undefined;
  const finish = (): Promise<void> => {
    cleaned ??= (async () => {
      for (const closer of options.closers()) await closer?.close().catch(() => {});
      if (cornerId === undefined) return;
      if (keep) {
        console.log(`  kept the corner: BENCH_${NAME}_CORNER=${cornerId} BENCH_${NAME}_WEBHOOKS=${options.synthetic} BENCH_SEED=${options.seed} reuses it (add BENCH_KEEP=1 to keep it again)`);
        return;
      }
      // While filling, populatedCorner has not handed back its own clean-up: drop by id.
      const problems = corner !== undefined ? await corner.cleanUp().then(() => [], (error: unknown) => [String(error)]) : await dropCorner(cornerId);
      console.log(problems.length === 0 ? `  cleaned up corner ${cornerId}: topics, groups, schema and database, Neo4j labels, pgvector tables` : `  clean-up left something behind: ${problems.join('; ')}`);
    })();
    return cleaned;
  };
  const fail = async (error: unknown): Promise<never> => {
    console.error(`\n${options.bench} bench failed: ${error instanceof Error ? error.message : String(error)} (the stack: npm run stack -- status)`);
    await finish();
    process.exit(1);
  };
  exitOnSignals({
    stop: () => finish(),
    timeoutMs: 60_000,
    log: { info: (m) => console.log(`\n${m}`), warn: (m) => console.warn(m), error: (m) => console.error(m) },
    exit: (code) => process.exit(code === 0 ? 130 : code),
  });

  if (reuse !== undefined && reuse !== '') {
    cornerId = reuse;
    corner = await Promise.resolve().then(() => keptCorner(reuse)).catch(fail);
    console.log(`  reusing kept corner ${reuse} (not filled again)`);
    return { corner, fillSeconds: null, finish, fail };
  }
  cornerId = freshCornerId(options.bench);
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  console.log(`  filling corner ${cornerId} through the pipeline (replay, then the worker until every store took everything)…`);
  const ticker = setInterval(() => console.log(`  ${seconds().toFixed(0).padStart(4)} s filling`), 10_000);
  corner = await populatedCorner({ id: cornerId, webhooks: options.webhooks, timeoutMs: options.timeoutMs, onProgress: (line) => console.log(line) }).catch(fail);
  clearInterval(ticker);
  console.log(`  filled in ${seconds().toFixed(1)} s`);
  return { corner, fillSeconds: seconds(), finish, fail };
}

/** The figures every corner bench's JSON line starts with: which bench, what the corner held, how long it took. */
export function cornerFigures(bench: string, contents: CornerContents, fillSeconds: number | null, seconds: number): Record<string, unknown> {
  return {
    bench,
    events: contents.events,
    webhooks: contents.webhooks,
    storeEvents: contents.stores,
    fillSeconds: fillSeconds === null ? null : Number(fillSeconds.toFixed(1)),
    seconds: Number(seconds.toFixed(1)),
  };
}
