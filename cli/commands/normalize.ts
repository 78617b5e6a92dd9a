/**
 * `switchyard normalize`: what Switchyard makes of webhooks, without Kafka.
 *
 * - One payload: `switchyard normalize --source github --event push FILE` (or `-` for stdin)
 *   prints the normalized events as JSON lines; or one line saying it was skipped, and why; or
 *   that it would be dead-lettered, with the JSON path and reason.
 * - A sweep: `switchyard normalize PATH…` (files or folders, read as `replay` reads them, each
 *   webhook's source and event told by its place and fields) prints a table by source and event
 *   (webhooks, normalized, events by kind, skipped, dead letters), every skip reason beside its
 *   event, every dead letter and unreadable file in full, and a last line of totals as JSON.
 *   `--json` prints one JSON line per webhook instead of the table.
 *
 * Exit 0 when nothing would be dead-lettered (and, in a sweep, every file was read), 2 otherwise.
 */
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalizerFor, sourceNames } from '../../topology/sources.ts';
import { sweep, SweepTally } from '../normalizeSweep.ts';
import { sweepReport } from '../sweepReport.ts';

interface NormalizeOptions {
  readonly source?: string;
  readonly event?: string;
  readonly delivery: string;
  readonly json?: boolean;
}

export function normalizeCommand(): Command {
  return new Command('normalize')
    .description(
      'what Switchyard makes of webhooks: with --source and --event, one payload (a JSON file, or - for stdin) as JSON lines of events; ' +
        'without, every webhook under the given files and folders, tallied by source and event with each skip and why; exit 2 if any would be dead-lettered',
    )
    .option('--source <source>', `the webhook's source: ${sourceNames().join(', ')}`, (value) => {
      if (!normalizerFor(value)) throw new InvalidArgumentError(`unknown source; one of ${sourceNames().join(', ')}`);
      return value;
    })
    .option('--event <name>', "the source's own name for the event, the RawWebhook's eventName (X-GitHub-Event, Jira's webhookEvent, Notion's type, …)")
    .option('--delivery <id>', 'the delivery id to record as provenance (one payload)', 'cli')
    .option('--json', 'in a sweep, one JSON line per webhook instead of the table')
    .argument('<paths...>', 'one payload file (or -) with --source and --event; else files and folders of webhooks to sweep')
    .action(async (paths: string[], options: NormalizeOptions) => {
      if (options.source !== undefined || options.event !== undefined) {
        if (options.source === undefined || options.event === undefined) throw new InvalidArgumentError('--source and --event go together: give both for one payload, or neither to sweep');
        if (paths.length !== 1) throw new InvalidArgumentError(`one payload with --source and --event, got ${paths.length} paths`);
        normalizeOne(paths[0]!, options.source, options.event, options.delivery);
        return;
      }
      if (paths.includes('-')) throw new InvalidArgumentError('stdin (-) needs --source and --event: its source and event cannot be told from a place');
      await sweepPaths(paths, options.json === true);
    });
}

function normalizeOne(file: string, source: string, eventName: string, deliveryId: string): void {
  const normalizer = normalizerFor(source)!;
  const body = readFileSync(file === '-' ? 0 : file, 'utf8');
  const webhook: RawWebhook = { source, eventName, deliveryId, receivedAt: Date.now(), headers: {}, body };
  const outcome = normalizer.normalize(webhook);
  switch (outcome.kind) {
    case 'normalized':
      for (const event of outcome.events) console.log(JSON.stringify(event));
      if (outcome.events.length === 0) console.log(JSON.stringify({ normalized: 0, reason: 'the payload holds no events' }));
      return;
    case 'skipped':
      console.log(JSON.stringify({ skipped: true, reason: outcome.reason }));
      return;
    case 'invalid':
      console.log(JSON.stringify({ deadLetter: true, path: outcome.path, reason: outcome.reason }));
      process.exitCode = 2;
  }
}

async function sweepPaths(paths: readonly string[], json: boolean): Promise<void> {
  const tally = new SweepTally();
  for await (const swept of sweep(paths)) {
    tally.add(swept);
    if (json) console.log(JSON.stringify(swept));
  }
  const totals = tally.totals();
  if (!json) console.log(sweepReport(tally));
  console.log(JSON.stringify(totals));
  if (totals.deadLetters > 0 || totals.unreadable > 0) process.exitCode = 2;
}
