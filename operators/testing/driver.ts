import { VirtualTimeScheduler } from 'rxjs';
import type { DeadLetterEntry } from '../deadLetter.ts';
import { MemoryBroker } from '../kafka/memory.ts';
import type { Instrumentation } from '../instrumentation.ts';
import type { ConsumedMessage, ProducedMessage } from '../kafka/port.ts';
import type { RecordHeaders } from '../record.ts';
import { type RunningTopology, runTopology } from '../runner.ts';
import type { Topology } from '../topology.ts';

export interface TestDriverOptions {
  /** Partitions per topic; topics not named have 1. */
  readonly partitions?: Readonly<Record<string, number>>;
  /** Default 1000 ms of virtual time. */
  readonly commitIntervalMs?: number;
  readonly maxInFlightPerPartition?: number;
  readonly only?: readonly string[];
  readonly maxBatchSize?: number;
  /** Errors of sub-topologies and commits; default: collected in `errors`. */
  readonly onError?: (subTopology: string, error: unknown) => void;
  /** Meters of the nodes, as `RunOptions.instrumentation`. */
  readonly instrumentation?: Instrumentation;
}

export interface InputRecord {
  readonly key?: Buffer | string | null;
  /** Objects are sent as JSON. */
  readonly value: Buffer | string | object | null;
  readonly headers?: RecordHeaders;
  readonly partition?: number;
  readonly timestamp?: number;
}

/** A dead letter as the default JSON encoding wrote it, with its Kafka headers. */
export type ReadDeadLetter = Omit<DeadLetterEntry, 'key' | 'value' | 'headers'> & {
  readonly key: string | null;
  readonly value: string | null;
  readonly kafkaHeaders: RecordHeaders;
};

/**
 * Kafka Streams' TopologyTestDriver for Switchyard: runs a topology on the in-memory broker with
 * a virtual clock. Pipe records in, advance time, read what was produced, dead-lettered and
 * committed — no broker, no real waiting. Time-driven operators (batch waits, retry backoff,
 * commits) must use the pipeline context's scheduler; opossum and bottleneck keep real timers.
 *
 * Between steps the driver lets promises settle and delivers records until nothing moves, so
 * async sinks that resolve promptly finish within the step that fed them.
 */
export class TopologyTestDriver {
  readonly broker: MemoryBroker;
  readonly scheduler = new VirtualTimeScheduler();
  readonly errors: { subTopology: string; error: unknown }[] = [];
  #running: RunningTopology | undefined;

  private constructor(options: TestDriverOptions) {
    this.broker = new MemoryBroker({ now: () => this.scheduler.now(), ...(options.maxBatchSize === undefined ? {} : { maxBatchSize: options.maxBatchSize }) });
  }

  static async start(topology: Topology, options: TestDriverOptions = {}): Promise<TopologyTestDriver> {
    const driver = new TopologyTestDriver(options);
    for (const [topic, partitions] of Object.entries(options.partitions ?? {})) driver.broker.createTopic(topic, partitions);
    driver.#running = await runTopology(topology, {
      kafka: driver.broker,
      scheduler: driver.scheduler,
      commitIntervalMs: options.commitIntervalMs ?? 1000,
      onError: options.onError ?? ((subTopology, error) => driver.errors.push({ subTopology, error })),
      ...(options.only === undefined ? {} : { only: options.only }),
      ...(options.maxInFlightPerPartition === undefined ? {} : { maxInFlightPerPartition: options.maxInFlightPerPartition }),
      ...(options.instrumentation === undefined ? {} : { instrumentation: options.instrumentation }),
    });
    await driver.settle();
    return driver;
  }

  get running(): RunningTopology {
    if (this.#running === undefined) throw new Error('driver is not started');
    return this.#running;
  }

  now(): number {
    return this.scheduler.now();
  }

  async pipeInput(topic: string, records: readonly InputRecord[]): Promise<void> {
    const messages: ProducedMessage[] = records.map((r) => ({
      key: r.key ?? null,
      value: r.value === null || typeof r.value === 'string' || Buffer.isBuffer(r.value) ? r.value : JSON.stringify(r.value),
      ...(r.headers === undefined ? {} : { headers: r.headers }),
      ...(r.partition === undefined ? {} : { partition: r.partition }),
      timestamp: String(r.timestamp ?? this.now()),
    }));
    this.broker.append({ topic, messages });
    await this.settle();
  }

  /** Move the virtual clock, running what falls due in order and settling after each step. */
  async advanceTime(ms: number): Promise<void> {
    const target = this.scheduler.frame + ms;
    for (;;) {
      await this.settle();
      const next = this.scheduler.actions[0];
      if (next === undefined || next.delay > target) break;
      this.#runUntil(next.delay);
    }
    this.scheduler.frame = target;
    await this.settle();
  }

  /** Let promises resolve and deliver records until nothing moves. */
  async settle(): Promise<void> {
    let quiet = 0;
    for (let round = 0; round < 1000 && quiet < 3; round++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.#runUntil(this.scheduler.frame);
      quiet = (await this.broker.deliver()) === 0 ? quiet + 1 : 0;
    }
  }

  readOutput(topic: string): ConsumedMessage[] {
    return this.broker.messages(topic);
  }

  readOutputValues<T = unknown>(topic: string, decode: (value: Buffer) => T = (v) => JSON.parse(v.toString()) as T): (T | null)[] {
    return this.readOutput(topic).map((m) => (m.value === null ? null : decode(m.value)));
  }

  deadLetters(topic = 'switchyard.dlq'): ReadDeadLetter[] {
    return this.readOutput(topic).map((m) => {
      const entry = JSON.parse(m.value?.toString() ?? 'null') as Record<string, unknown>;
      const text = (b: unknown) => (typeof b === 'string' ? Buffer.from(b, 'base64').toString() : null);
      return { ...(entry as unknown as ReadDeadLetter), key: text(entry['key']), value: text(entry['value']), kafkaHeaders: m.headers };
    });
  }

  /** Committed offsets of a group, as `topic/partition` → next offset to read. */
  committed(groupId: string): Record<string, string> {
    return Object.fromEntries(this.broker.committed(groupId).map((o) => [`${o.topic}/${o.partition}`, o.offset]));
  }

  /** Graceful stop: drain, commit, disconnect. */
  async close(): Promise<void> {
    const stopping = this.running.stop({ timeoutMs: 5000 });
    for (let i = 0; i < 50; i++) {
      const done = await Promise.race([stopping.then(() => true), this.advanceTime(0).then(() => false)]);
      if (done) return;
    }
    await stopping;
  }

  #runUntil(frame: number): void {
    const next = this.scheduler.actions[0];
    if (next === undefined || next.delay > frame) return;
    this.scheduler.maxFrames = frame;
    this.scheduler.flush();
  }
}
