/**
 * `switchyard replay PATH | --synthetic N | --samples`: webhooks onto the raw topics, as the
 * ingress gateway would produce them, with a progress bar on a terminal (plain lines otherwise)
 * and a summary: sent per topic, skipped with the reason. Exit 0 when the replay ran to the end
 * (what was skipped is in the summary), 1 on an error (broker or registry unreachable, bad
 * options), 130 when interrupted (after the batch in flight).
 *
 * PATH is a JSON file, a JSON-lines file or a directory of them (replay/README.md says how each
 * webhook's source and event are told). Brokers, topic prefix and registry come from the
 * environment and .env, as for every command (config/).
 */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Command, InvalidArgumentError } from 'commander';
import kafkajs from 'kafkajs';
import { createCodec } from '../../avro/codec.ts';
import { loadEnvFile, loadKafkaConfig, registryClientArgs } from '../../config/index.ts';
import { ConfigError } from '../../config/errors.ts';
import { readRegistryConfig } from '../../config/registry.ts';
import { Problems } from '../../config/spec.ts';
import { progressReporter } from '../../replay/progress.ts';
import { readWebhooks } from '../../replay/read.ts';
import { replay } from '../../replay/replay.ts';
import { sampleWebhooks } from '../../replay/samples.ts';
import { syntheticWebhooks } from '../../replay/synthetic.ts';
import { isUnreadable, toOnDisk, type ReplayInput } from '../../replay/webhook.ts';
import { RAW_TOPICS } from '../../topology/sources.ts';

const { Kafka, logLevel } = kafkajs;

interface ReplayFlags {
  readonly synthetic?: number;
  readonly seed: number;
  readonly firstIndex: number;
  readonly samples?: boolean;
  readonly rate?: number;
  readonly batchSize?: number;
  readonly topic: Readonly<Record<string, string>>;
  readonly dryRun?: boolean;
}

/**
 * Where to replay to, from the environment and .env: KAFKA_BROKERS (and TLS/SASL),
 * SWITCHYARD_TOPIC_PREFIX and SCHEMA_REGISTRY_URL, each defaulting to the local stack.
 * The one place this command reads configuration.
 */
function replayConfig() {
  loadEnvFile();
  const { kafka, topics } = loadKafkaConfig();
  const problems = new Problems();
  const registry = readRegistryConfig(process.env, problems);
  if (problems.list.length > 0) throw new ConfigError(problems.list);
  // A command fails fast where a worker would keep retrying.
  return { kafka: { retry: { retries: 3 }, connectionTimeout: 5_000, ...kafka }, rawTopics: topics.names.raw, registry };
}

const whole = (flag: string, min: number) => (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`${flag} must be a whole number ≥ ${min}`);
  return Number(value);
};

const positive = (flag: string) => (value: string): number => {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} must be a positive number`);
  return n;
};


function topicOverride(value: string, previous: Readonly<Record<string, string>>): Record<string, string> {
  const match = /^([^=]+)=(.+)$/.exec(value);
  if (!match || !(RAW_TOPICS as readonly string[]).includes(match[1]!)) throw new InvalidArgumentError(`--topic must be RAW=TOPIC with RAW one of ${RAW_TOPICS.join(', ')}`);
  return { ...previous, [match[1]!]: match[2]! };
}

/** What to replay, and how many when that is known. */
function inputsOf(path: string | undefined, flags: ReplayFlags): { inputs: Iterable<ReplayInput> | AsyncIterable<ReplayInput>; total?: number } {
  const chosen = [path !== undefined, flags.synthetic !== undefined, flags.samples === true].filter(Boolean).length;
  if (chosen !== 1) throw new Error('replay: give exactly one of PATH, --synthetic N or --samples');
  if (flags.synthetic !== undefined) return { inputs: syntheticWebhooks({ count: flags.synthetic, seed: flags.seed, firstIndex: flags.firstIndex }), total: flags.synthetic };
  if (flags.samples) {
    const samples = sampleWebhooks();
    return { inputs: samples, total: samples.length };
  }
  return { inputs: readWebhooks(path!) };
}

/** `--dry-run`: the webhooks in the on-disk form, one JSON line each, and the unreadable on stderr. */
async function printWebhooks(inputs: Iterable<ReplayInput> | AsyncIterable<ReplayInput>): Promise<void> {
  for await (const input of inputs) {
    if (isUnreadable(input)) {
      process.stderr.write(`replay: skipped ${input.origin}: ${input.reason}\n`);
    } else if (!process.stdout.write(`${JSON.stringify(toOnDisk(input))}\n`)) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
}

export function replayCommand(): Command {
  return new Command('replay')
    .description('produce webhooks to the raw topics: from PATH (a .json or .jsonl file, or a directory of them), --synthetic N generated ones, or --samples; progress on stderr, then a summary of what was sent and what was skipped, and why')
    .argument('[path]', 'a JSON file, a JSON-lines file, or a directory tree of them (see replay/README.md)')
    .option('--synthetic <n>', 'N synthetic webhooks with a realistic mix of the four sources', whole('--synthetic', 0))
    .option('--seed <s>', 'seed of --synthetic: the same seed, the same webhooks', whole('--seed', 0), 1)
    .option('--first-index <i>', 'index of the first --synthetic webhook, to continue an earlier run with new ids', whole('--first-index', 0), 0)
    .option('--samples', 'the sample webhooks `npm start` replays (replay/samples.ts)')
    .option('--rate <r>', 'at most R webhooks per second (default: as fast as the broker takes them)', positive('--rate'))
    .option('--batch-size <n>', 'records per produce request (default 500)', whole('--batch-size', 1))
    .option('--topic <raw=topic>', `produce a raw topic's webhooks to another topic (repeatable; raw topics: ${RAW_TOPICS.join(', ')})`, topicOverride, {})
    .option('--dry-run', 'print the webhooks as JSON lines (the form replay reads back) instead of producing them')
    .action(async (path: string | undefined, flags: ReplayFlags) => {
      const { inputs, total } = inputsOf(path, flags);
      if (flags.dryRun) return printWebhooks(inputs);
      const config = replayConfig();
      const kafka = new Kafka({ clientId: 'switchyard-replay', ...config.kafka, logLevel: logLevel.ERROR });
      const codec = createCodec(new SchemaRegistry(registryClientArgs(config.registry)));
      const reporter = progressReporter(total === undefined ? {} : { total });
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop).once('SIGTERM', stop);
      try {
        const summary = await replay({
          kafka,
          codec,
          webhooks: inputs,
          topics: { ...config.rawTopics, ...flags.topic },
          onProgress: (p) => reporter.update(p),
          signal: abort.signal,
          ...(flags.rate === undefined ? {} : { rate: flags.rate }),
          ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
        });
        reporter.done(summary);
        if (abort.signal.aborted) process.exitCode = 130;
      } finally {
        process.off('SIGINT', stop).off('SIGTERM', stop);
      }
    });
}
