/**
 * `switchyard normalize --source github --event push FILE`: what Switchyard makes of one webhook
 * payload, without Kafka. Prints the normalized events as JSON lines; or one line saying it was
 * skipped, and why; or that it would be dead-lettered, with the JSON path and reason.
 * Exit 0 for normalized or skipped, 2 for dead-lettered.
 */
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { normalizerFor, sourceNames } from '../../topology/sources.ts';

export function normalizeCommand(): Command {
  return new Command('normalize')
    .description('normalize one webhook payload (a JSON file, or - for stdin) and print the events as JSON lines; exit 2 if it would be dead-lettered')
    .requiredOption('--source <source>', `the webhook's source: ${sourceNames().join(', ')}`, (value) => {
      if (!normalizerFor(value)) throw new InvalidArgumentError(`unknown source; one of ${sourceNames().join(', ')}`);
      return value;
    })
    .requiredOption('--event <name>', "the source's own name for the event, the RawWebhook's eventName (X-GitHub-Event, Jira's webhookEvent, Notion's type, …)")
    .option('--delivery <id>', 'the delivery id to record as provenance', 'cli')
    .argument('<file>', 'the webhook body (JSON), or - to read stdin')
    .action((file: string, options: { source: string; event: string; delivery: string }) => {
      const normalizer = normalizerFor(options.source)!;
      const body = readFileSync(file === '-' ? 0 : file, 'utf8');
      const webhook: RawWebhook = { source: options.source, eventName: options.event, deliveryId: options.delivery, receivedAt: Date.now(), headers: {}, body };
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
    });
}
