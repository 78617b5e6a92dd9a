import type { FlowControl } from './flowControl.ts';
import type { ProducedBatch, ProducerPort, RecordMetadata, TransactionPort } from './kafka/port.ts';
import type { OffsetTracker } from './offsetTracker.ts';
import type { TopicPartitionOffset } from './record.ts';

/**
 * The producer of an exactly-once sub-topology (consume → transform → produce, like
 * `normalize`): every send joins the open transaction (one is begun on the first send), and
 * {@link commit} ends it together with the consumed offsets (sendOffsets), so outputs and
 * progress become visible atomically — or not at all.
 *
 * After a failed commit or an abort the producer refuses everything: the records whose outputs
 * were discarded have already been acked, so the only safe continuation is to stop and read
 * again from the committed offsets.
 */
export class TransactionalProducer implements ProducerPort {
  readonly #producer: ProducerPort;
  #open: Promise<TransactionPort> | undefined;
  readonly #sends = new Set<Promise<unknown>>();
  #failure: unknown;

  constructor(producer: ProducerPort) {
    this.#producer = producer;
  }

  connect(): Promise<void> {
    return this.#producer.connect();
  }

  async disconnect(): Promise<void> {
    await this.abort().catch(() => {});
    await this.#producer.disconnect();
  }

  send(batch: ProducedBatch): Promise<readonly RecordMetadata[]> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    this.#open ??= this.#producer.transaction();
    const sent = this.#open.then((transaction) => transaction.send(batch));
    this.#sends.add(sent);
    void sent.finally(() => this.#sends.delete(sent)).catch(() => {});
    return sent;
  }

  transaction(): Promise<TransactionPort> {
    return Promise.reject(new Error('an exactly-once producer manages its own transactions'));
  }

  /** End the open transaction with these consumed offsets (a transaction of offsets alone if none is open). */
  async commit(consumerGroupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    await Promise.allSettled([...this.#sends]);
    const open = this.#open ?? (offsets.length > 0 ? this.#producer.transaction() : undefined);
    this.#open = undefined;
    if (open === undefined) return;
    try {
      const transaction = await open;
      if (offsets.length > 0) await transaction.sendOffsets({ consumerGroupId, offsets });
      await transaction.commit();
    } catch (error) {
      this.#failure = error;
      await open.then((t) => t.abort()).catch(() => {});
      throw error;
    }
  }

  /** Discard the open transaction (on revocation: its records will be read again by the new owner). */
  async abort(): Promise<void> {
    const open = this.#open;
    this.#open = undefined;
    if (open === undefined) return;
    this.#failure ??= new Error('the transaction was aborted: outputs of acked records were discarded');
    await Promise.allSettled([...this.#sends]);
    await (await open).abort();
  }
}

/**
 * The commit step of an exactly-once sub-topology: hold the source, wait until nothing is in
 * flight, then commit the transaction with the watermarks of that moment. Committing earlier
 * watermarks would let outputs of records past them into the transaction, and a restart would
 * produce those outputs twice.
 */
export function exactlyOnceCommit(options: {
  readonly tracker: OffsetTracker;
  readonly flow: FlowControl;
  readonly producer: TransactionalProducer;
  readonly groupId: string;
}): () => Promise<readonly TopicPartitionOffset[]> {
  const { tracker, flow, producer, groupId } = options;
  const drained = () => tracker.partitions().every((tp) => tracker.inFlight(tp) === 0);
  return async () => {
    flow.pause('exactly-once:commit');
    try {
      if (!drained()) {
        await new Promise<void>((resolve) => {
          const stop = tracker.onSettle(() => {
            if (!drained()) return;
            stop();
            resolve();
          });
        });
      }
      const offsets = tracker.partitions().flatMap((tp) => {
        const offset = tracker.committable(tp);
        return offset === undefined ? [] : [{ ...tp, offset }];
      });
      await producer.commit(groupId, offsets);
      return offsets;
    } finally {
      flow.resume('exactly-once:commit');
    }
  };
}
