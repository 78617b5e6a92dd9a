/**
 * The replay of the fault run: `replay()` at a steady rate, carried through a Kafka outage. The
 * replay is the ingress's stand-in, not the system under test, so when its producer gives up
 * (the broker was SIGKILLed) it starts again from the first webhook the broker had not
 * acknowledged. A batch in flight when the broker died may have landed in part and be sent again:
 * the same webhook twice on a raw topic is a redelivery, which the stores must absorb by event id
 * anyway, and the audits check "exactly once after idempotency".
 */
import type kafkajs from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Codec } from '../../avro/codec.ts';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { messageOf } from '../../operators/errors.ts';
import { replay } from '../../replay/index.ts';

export interface FeedSummary {
  readonly sent: number;
  /** Times the replay was started again after its producer failed. */
  readonly resumes: number;
  readonly elapsedMs: number;
}

export interface FeedOptions {
  readonly kafka: kafkajs.Kafka;
  readonly codec: Codec;
  readonly webhooks: readonly RawWebhook[];
  readonly topics: Readonly<Record<string, string>>;
  readonly rate: number;
  readonly log: (line: string) => void;
}

export function feed(options: FeedOptions): { readonly done: Promise<FeedSummary>; acknowledged(): number } {
  let acknowledged = 0;
  const started = Date.now();
  const done = (async () => {
    let resumes = 0;
    while (acknowledged < options.webhooks.length) {
      const from = acknowledged;
      try {
        await replay({
          kafka: options.kafka,
          codec: options.codec,
          webhooks: options.webhooks.slice(from),
          topics: options.topics,
          rate: options.rate,
          batchSize: 200,
          onProgress: (progress) => void (acknowledged = from + progress.sent),
        });
        acknowledged = options.webhooks.length;
      } catch (error) {
        resumes += 1;
        options.log(`replay: producer failed after ${acknowledged.toLocaleString('en-US')} webhooks (${messageOf(error)}); resuming in 2 s`);
        await sleep(2_000);
      }
    }
    return { sent: acknowledged, resumes, elapsedMs: Date.now() - started };
  })();
  return { done, acknowledged: () => acknowledged };
}
