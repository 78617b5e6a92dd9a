/**
 * How a replay shows its progress: a cli-progress bar on a terminal, plain lines elsewhere (CI,
 * a pipe, a log file), where a redrawn bar would be a wall of control characters. Both write to
 * stderr, so stdout stays the replay's output (`--dry-run` prints webhooks there).
 */
import cliProgress from 'cli-progress';
import type { ReplayProgress, ReplaySummary } from './replay.ts';

export interface ProgressReporter {
  update(progress: ReplayProgress): void;
  /** Stops the bar and prints the summary. */
  done(summary: ReplaySummary): void;
}

export interface ReporterOptions {
  readonly stream?: NodeJS.WriteStream;
  /** How many webhooks the replay will send, when known: the bar shows a percentage and ETA. */
  readonly total?: number;
  /** Plain lines: at most one per interval (the first progress always prints); default 2 s. */
  readonly intervalMs?: number;
  /** Force one style; default, a bar when the stream is a TTY. */
  readonly tty?: boolean;
}

const count = (n: number): string => n.toLocaleString('en-US');
const perSecond = (p: ReplayProgress): string => count(Math.round(p.sent / Math.max(p.elapsedMs / 1000, 0.001)));
const topics = (p: ReplayProgress): string =>
  Object.entries(p.byTopic)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([topic, n]) => `${topic} ${count(n)}`)
    .join(', ');

/** One plain progress line. */
export function progressLine(p: ReplayProgress, total?: number): string {
  const of = total === undefined ? '' : `/${count(total)}`;
  return `replay: ${count(p.sent)}${of} sent, ${count(p.skipped)} skipped, ${perSecond(p)}/s${p.sent > 0 ? ` (${topics(p)})` : ''}`;
}

/** The final summary: what was sent where, and every skip with its reason. */
export function formatSummary(summary: ReplaySummary): string {
  const lines = [`replay: done in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${count(summary.sent)} sent (${perSecond(summary)}/s), ${count(summary.skipped)} skipped`];
  for (const [topic, n] of Object.entries(summary.byTopic).sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`  sent ${topic}: ${count(n)}`);
  for (const { origin, reason } of summary.unreadable) lines.push(`  skipped ${origin}: ${reason}`);
  const unlisted = summary.skipped - summary.unreadable.length;
  if (unlisted > 0) lines.push(`  … and ${count(unlisted)} more skipped`);
  return lines.join('\n');
}

export function progressReporter(options: ReporterOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const { total } = options;
  if (options.tty ?? stream.isTTY === true) {
    const format = total === undefined ? 'replay {value} sent | {skipped} skipped | {rate}/s' : 'replay [{bar}] {percentage}% | {value}/{total} | {skipped} skipped | {rate}/s | ETA {eta_formatted}';
    const bar = new cliProgress.SingleBar({ format, stream, hideCursor: true }, cliProgress.Presets.shades_classic);
    bar.start(total ?? 0, 0, { skipped: 0, rate: 0 });
    return {
      update: (p) => bar.update(p.sent, { skipped: count(p.skipped), rate: perSecond(p) }),
      done: (summary) => {
        bar.update(summary.sent, { skipped: count(summary.skipped), rate: perSecond(summary) });
        bar.stop();
        stream.write(`${formatSummary(summary)}\n`);
      },
    };
  }
  const intervalMs = options.intervalMs ?? 2000;
  let last: number | undefined;
  return {
    update: (p) => {
      if (last !== undefined && p.elapsedMs - last < intervalMs) return;
      last = p.elapsedMs;
      stream.write(`${progressLine(p, total)}\n`);
    },
    done: (summary) => stream.write(`${formatSummary(summary)}\n`),
  };
}
