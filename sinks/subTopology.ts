/**
 * A store's sink sub-topology (DESIGN.md "Stores"): its own consumer group on `eng.events.v1`,
 * so a ClickHouse outage never holds back Neo4j.
 *
 *     eng.events.v1 ─ decode ─┬─ decoded ─ accepts(handlers) ─ batch ─ guard(sink.write) ─┬─ failures ─ deadLetter
 *                             └─ failed ──────────────────────────────────────────────────┘
 *
 * The store's handlers (handlers.ts) decide which events reach it; an event it keeps nothing of
 * is finished at once. What cannot be decoded is dead-lettered by the one decode policy
 * (operators/decode.ts). The batch, retry, breaker and rate limit come from the store's settings
 * (settings.ts), applied by the shared operators: while the breaker is open the partitions are
 * paused and nothing is dead-lettered, so an outage backs up Kafka and every event lands once
 * the store returns. A batch that keeps failing while the store's `health()` says it is up holds
 * a poison event: the guard searches it by halves and dead-letters only the events that fail
 * alone (operators/bisect.ts), so one bad event never stalls the store nor takes innocent ones
 * to the dead-letter queue. Writes are idempotent (the Sink contract), so a redelivery after a
 * crash, or a half written again by that search, changes nothing.
 */
import type { Codec } from '../avro/codec.ts';
import type { EngEvent } from '../avro/generated/types.ts';
import { batch, deadLetter, decode, filter, guard, guardOptionsFrom, merge, type Failure, type SubTopologySpec } from '../operators/index.ts';
import { accepts, type Handlers } from './handlers.ts';
import type { SinkSettings } from './settings.ts';
import type { Sink } from './sink.ts';

export interface SinkSubTopologyOptions {
  readonly sink: Sink;
  /** The store's handlers (its descriptor's): the events it keeps. */
  readonly handlers: Handlers<unknown>;
  readonly codec: Codec;
  readonly settings: SinkSettings;
  readonly topics?: { readonly events: string; readonly deadLetters: string };
  readonly groupId?: string;
  /** The DLQ's max.message.bytes, read at start: a dead letter over it is written without the event's bytes. */
  readonly deadLetterMaxBytes?: number;
}

export function sinkSubTopology(options: SinkSubTopologyOptions): SubTopologySpec {
  const { sink, handlers, codec, settings } = options;
  const topics = options.topics ?? { events: 'eng.events.v1', deadLetters: 'switchyard.dlq' };
  const stage = `sink:${sink.store}`;
  const storeAnswers = async () => (await sink.health()).healthy;
  // Node names are unique across the whole topology: each carries its store.

  return {
    groupId: options.groupId ?? `switchyard.${stage}`,
    topics: [topics.events],
    sourceName: `${sink.store}-events`,
    fromBeginning: true,
    // Room for a full batch to fill while the one before it is written: under the source's
    // default bound (1,000 per partition) ClickHouse's 5,000-event batch could never fill, so
    // every batch waited out its batchMaxWaitMs.
    maxInFlightPerPartition: Math.max(1_000, 2 * settings.batchMaxRecords),
    pipeline: (records, { producer, flow, scheduler }) => {
      const { decoded, failed } = decode(records, async (bytes): Promise<EngEvent> => (await codec.decode('eng.events.v1', bytes)).value, { name: `${sink.store}-decode`, stage, scheduler });
      const writeFailures = decoded.pipe(
        filter((event) => accepts(handlers, event), { name: `${sink.store}-accepts` }),
        batch({ name: `${sink.store}-batch`, maxRecords: settings.batchMaxRecords, maxWaitMs: settings.batchMaxWaitMs, scheduler }),
        guard((batch) => sink.write(batch.map((r) => r.value)), { ...guardOptionsFrom(settings, storeAnswers), name: stage, flow, scheduler }),
      );
      return merge<Failure<unknown, unknown>>([failed, writeFailures], { name: `${sink.store}-failures` }).pipe(
        deadLetter(producer, { name: `${sink.store}-dlq`, topic: topics.deadLetters, encode: (entry) => codec.encodeSync('switchyard.dlq', entry), ...(options.deadLetterMaxBytes === undefined ? {} : { maxBytes: options.deadLetterMaxBytes }) }),
      );
    },
  };
}
