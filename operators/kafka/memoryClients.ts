/** The consumer and producer of the in-memory broker (see `memory.ts`). */
import { type TopicPartition, type TopicPartitionOffset, tpKey } from '../record.ts';
import type { MemoryBroker } from './memory.ts';
import type { ConsumerHandlers, ConsumerPort, ProducedBatch, ProducerPort, RecordMetadata, TransactionPort } from './port.ts';

export class MemoryConsumer implements ConsumerPort {
  readonly #broker: MemoryBroker;
  readonly #groupId: string;
  topics: string[] = [];
  #fromBeginning = false;
  #handlers: ConsumerHandlers | undefined;
  #assigned: TopicPartition[] = [];
  readonly #positions = new Map<string, number>();
  readonly #paused = new Set<string>();
  #running = false;

  constructor(broker: MemoryBroker, groupId: string) {
    this.#broker = broker;
    this.#groupId = groupId;
  }

  get assignment(): readonly TopicPartition[] {
    return this.#assigned;
  }

  async connect(): Promise<void> {}

  async subscribe(options: { topics: readonly string[]; fromBeginning?: boolean }): Promise<void> {
    this.topics = [...options.topics];
    this.#fromBeginning = options.fromBeginning ?? false;
  }

  async run(handlers: ConsumerHandlers): Promise<void> {
    this.#handlers = handlers;
    this.#running = true;
    this.#broker.group(this.#groupId).members.push(this);
    await this.#broker.rebalance(this.#groupId);
  }

  pause(tps: readonly TopicPartition[]): void {
    for (const tp of tps) this.#paused.add(tpKey(tp));
  }

  resume(tps: readonly TopicPartition[]): void {
    for (const tp of tps) this.#paused.delete(tpKey(tp));
  }

  isPaused(tp: TopicPartition): boolean {
    return this.#paused.has(tpKey(tp));
  }

  async commitOffsets(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    const group = this.#broker.group(this.#groupId);
    if (!group.members.includes(this)) throw new Error(`consumer is not a member of group ${this.#groupId}`);
    for (const o of offsets) group.committed.set(tpKey(o), o.offset);
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    const group = this.#broker.group(this.#groupId);
    await this.revokeAll();
    group.members.splice(group.members.indexOf(this), 1);
    await this.#broker.rebalance(this.#groupId);
  }

  async disconnect(): Promise<void> {
    await this.stop();
  }

  /** @internal */
  async revokeAll(): Promise<void> {
    const revoked = this.#assigned;
    this.#assigned = [];
    this.#positions.clear();
    if (revoked.length > 0) await this.#handlers?.onRevoked(revoked);
  }

  /** @internal Like kafkajs: fetching starts from the committed offset, else the beginning or the end. */
  assign(tps: TopicPartition[], committed: ReadonlyMap<string, string>, end: (tp: TopicPartition) => number): void {
    this.#assigned = tps;
    for (const tp of tps) {
      const offset = committed.get(tpKey(tp));
      this.#positions.set(tpKey(tp), offset !== undefined ? Number(offset) : this.#fromBeginning ? 0 : end(tp));
    }
    if (tps.length > 0) this.#handlers?.onAssigned(tps);
  }

  /** @internal */
  async fetchRound(maxBatchSize: number): Promise<number> {
    if (!this.#running || this.#handlers === undefined) return 0;
    let taken = 0;
    for (const tp of [...this.#assigned]) {
      const key = tpKey(tp);
      const position = this.#positions.get(key);
      if (position === undefined || this.#paused.has(key)) continue;
      const messages = this.#broker.log(tp).slice(position, position + maxBatchSize);
      if (messages.length === 0) continue;
      const n = await this.#handlers.eachBatch({ topic: tp.topic, partition: tp.partition, messages });
      // A rebalance during the handler re-positioned the partition; what it took is not ours to count.
      if (this.#positions.get(key) !== position) continue;
      this.#positions.set(key, position + n);
      taken += n;
    }
    return taken;
  }
}

export class MemoryProducer implements ProducerPort {
  readonly #broker: MemoryBroker;
  readonly #transactionalId: string | undefined;

  constructor(broker: MemoryBroker, transactionalId: string | undefined) {
    this.#broker = broker;
    this.#transactionalId = transactionalId;
  }

  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}

  send(batch: ProducedBatch): Promise<readonly RecordMetadata[]> {
    return this.#broker.produce(batch);
  }

  async transaction(): Promise<TransactionPort> {
    if (this.#transactionalId === undefined) throw new Error('transaction() needs a producer with a transactionalId');
    const broker = this.#broker;
    const sends: ProducedBatch[] = [];
    const offsets: { groupId: string; offsets: readonly TopicPartitionOffset[] }[] = [];
    let open = true;
    const check = () => {
      if (!open) throw new Error('transaction is already committed or aborted');
    };
    return {
      send: async (batch) => {
        check();
        broker.checkSize(batch);
        sends.push(batch);
        return [];
      },
      sendOffsets: async ({ consumerGroupId, offsets: o }) => {
        check();
        offsets.push({ groupId: consumerGroupId, offsets: o });
      },
      commit: async () => {
        check();
        open = false;
        // Atomic: everything becomes visible, with the offsets, at once.
        for (const batch of sends) broker.append(batch);
        for (const { groupId, offsets: o } of offsets) for (const tpo of o) broker.group(groupId).committed.set(tpKey(tpo), tpo.offset);
      },
      abort: async () => {
        check();
        open = false;
      },
    };
  }
}

export function toBuffer(value: Buffer | string | null): Buffer | null {
  if (value === null) return null;
  return typeof value === 'string' ? Buffer.from(value) : value;
}
