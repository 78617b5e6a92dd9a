/**
 * A store's sink sub-topology (DESIGN.md "Stores"): its own consumer group on `eng.events.v1`,
 * so a ClickHouse outage never holds back Neo4j.
 *
 *     eng.events.v1 ─ decode ─ routesTo(store) ─ batch ─ guard(sink.write) ─┬─ (written: committed)
 *                        └─ undecodable ─────────────────────────────────────┴─ deadLetter
 *
 * The routing table decides which events reach the store; an event routed elsewhere is
 * finished at once. The batch, retry, breaker and rate limit come from the store's settings
 * (settings.ts), applied by the shared operators: while the breaker is open the partitions are
 * paused and nothing is dead-lettered, so an outage backs up Kafka and every event lands once
 * the store returns. Writes are idempotent (the Sink contract), so a redelivery after a crash
 * changes nothing.
 */
import { map, type Observable } from 'rxjs';
import type { Codec } from '../avro/codec.ts';
import type { EngEvent } from '../avro/generated/types.ts';
import { batch, branch, deadLetter, filter, guard, mapValues, mapValuesAsync, merge, split, SwitchyardError, type Failure, type SubTopologySpec } from '../operators/index.ts';
import { routesTo } from '../topology/routing.ts';
import type { SinkSettings } from './settings.ts';
import type { Sink } from './sink.ts';

export interface SinkSubTopologyOptions {
  readonly sink: Sink;
  readonly codec: Codec;
  readonly settings: SinkSettings;
  readonly topics?: { readonly events: string; readonly deadLetters: string };
  readonly groupId?: string;
}

type Decoded = { readonly ok: true; readonly event: EngEvent } | { readonly ok: false; readonly error: unknown };

export function sinkSubTopology(options: SinkSubTopologyOptions): SubTopologySpec {
  const { sink, codec, settings } = options;
  const topics = options.topics ?? { events: 'eng.events.v1', deadLetters: 'switchyard.dlq' };
  const stage = `sink:${sink.store}`;
  // Node names are unique across the whole topology: each carries its store.

  const decode = async (bytes: Buffer | null): Promise<Decoded> => {
    try {
      if (bytes === null) throw new SwitchyardError('the record has no value (a tombstone)', 'SWY_EMPTY_RECORD');
      return { ok: true, event: (await codec.decode('eng.events.v1', bytes)).value };
    } catch (error) {
      // A registry that does not answer is worth waiting for: stop rather than dead-letter.
      if (error instanceof SwitchyardError && error.retriable) throw error;
      return { ok: false, error };
    }
  };

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
      const decoded = records.pipe(mapValuesAsync(decode, { name: `${sink.store}-decode` }));
      const { failed, events } = split(decoded, { name: `${sink.store}-decoded`, branches: [branch('failed', (d: Decoded) => !d.ok), branch('events', (d: Decoded) => d.ok)] });
      const undecodable = failed.pipe(map((record): Failure<unknown, Decoded> => ({ record, error: (record.value as { error: unknown }).error, stage, attempts: 1, failedAt: scheduler.now() })));
      const writeFailures = events.pipe(
        mapValues((d: Decoded) => (d as { event: EngEvent }).event, { name: `${sink.store}-event` }),
        filter((event: EngEvent) => routesTo(sink.store, event), { name: `routes-to-${sink.store}` }),
        batch({ name: `${sink.store}-batch`, maxRecords: settings.batchMaxRecords, maxWaitMs: settings.batchMaxWaitMs, scheduler }),
        guard((batch) => sink.write(batch.map((r) => r.value)), {
          name: stage,
          flow,
          scheduler,
          retry: { maxAttempts: settings.retryMaxAttempts === 0 ? Number.POSITIVE_INFINITY : settings.retryMaxAttempts, initialDelayMs: settings.retryInitialDelayMs, maxDelayMs: 30_000 },
          breaker: { errorThresholdPercentage: settings.breakerErrorPercent, volumeThreshold: settings.breakerVolumeThreshold, resetTimeout: settings.breakerResetMs },
          // Options, not an instance: guard builds the limiter when the sub-topology runs, not when
          // the graph is traced or described.
          limiter: settings.rateLimitPerSecond > 0 ? { reservoir: settings.rateLimitPerSecond, reservoirRefreshAmount: settings.rateLimitPerSecond, reservoirRefreshInterval: 1_000, maxConcurrent: 1 } : false,
        }),
      );
      const failures: Observable<Failure<unknown, unknown>> = merge<Failure<unknown, unknown>>([undecodable, writeFailures], { name: `${sink.store}-failures` });
      return failures.pipe(deadLetter<unknown, unknown>(producer, { name: `${sink.store}-dlq`, topic: topics.deadLetters, encode: (entry) => codec.encodeSync('switchyard.dlq', entry) }));
    },
  };
}
