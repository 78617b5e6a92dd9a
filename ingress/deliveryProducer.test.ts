import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDeliveryProducer, KafkaUnavailableError, type ProducerPort } from './deliveryProducer.ts';

/** A producer whose sends the test settles, one by one, recording what each carried. */
function heldProducer() {
  const sends: { keys: string[]; topics: string[]; settle: (error?: Error) => void }[] = [];
  let connect: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const port: ProducerPort = {
    connect: () => new Promise<void>((resolve, reject) => (connect = { resolve, reject })),
    sendBatch: (batch) =>
      new Promise((resolve, reject) => {
        sends.push({ keys: batch.topicMessages.flatMap((t) => t.messages.map((m) => String(m.key))), topics: batch.topicMessages.map((t) => t.topic), settle: (error) => (error ? reject(error) : resolve(undefined)) });
      }),
    disconnect: async () => {},
  };
  return { port, sends, connected: () => connect!.resolve(), refused: (e: Error) => connect!.reject(e) };
}

const message = (key: string, bytes = 10) => ({ key, value: Buffer.alloc(bytes) });

afterEach(() => vi.useRealTimers());

describe('the ingress producer', () => {
  it('refuses at once before it is connected, then sends', async () => {
    const held = heldProducer();
    const producer = createDeliveryProducer({ producer: held.port, timeoutMs: 1_000, maxBatchBytes: () => 1_000_000 });
    producer.start();
    await expect(producer.produce('t', message('a'))).rejects.toThrow(/not connected to Kafka yet/);
    expect(producer.readiness()).toMatchObject({ ready: false });
    held.connected();
    await producer.connected;
    expect(producer.readiness()).toMatchObject({ ready: true });
    const acked = producer.produce('t', message('a'));
    expect(held.sends).toHaveLength(1);
    held.sends[0]!.settle();
    await expect(acked).resolves.toBeUndefined();
  });

  it('resolves a delivery only when its send is acknowledged, and sends what arrived meanwhile as one batch, in order', async () => {
    const held = heldProducer();
    const producer = createDeliveryProducer({ producer: held.port, timeoutMs: 5_000, maxBatchBytes: () => 1_000_000 });
    producer.start();
    held.connected();
    await vi.waitFor(() => expect(producer.readiness().ready).toBe(true));
    const settled: string[] = [];
    const first = producer.produce('t', message('1')).then(() => settled.push('1'));
    const rest = ['2', '3', '4'].map((k) => producer.produce(k === '3' ? 'u' : 't', message(k)).then(() => settled.push(k)));
    expect(held.sends.map((s) => s.keys)).toEqual([['1']]);
    await Promise.resolve();
    expect(settled).toEqual([]);
    held.sends[0]!.settle();
    await first;
    expect(held.sends.map((s) => s.keys)).toEqual([['1'], ['2', '4', '3']]);
    expect(held.sends[1]!.topics).toEqual(['t', 'u']);
    held.sends[1]!.settle();
    await Promise.all(rest);
    expect(settled).toEqual(['1', '2', '3', '4']);
  });

  // A record of a one-byte key and a 100-byte value takes 123 bytes in a batch (operators/kafka/recordSize.ts), the batch's header 61.
  it('keeps a batch within the largest bytes one send may carry', async () => {
    const held = heldProducer();
    const producer = createDeliveryProducer({ producer: held.port, timeoutMs: 5_000, maxBatchBytes: () => 61 + 2 * 123 });
    producer.start();
    held.connected();
    await vi.waitFor(() => expect(producer.readiness().ready).toBe(true));
    const all = ['a', 'b', 'c', 'd'].map((k) => producer.produce('t', message(k, 100)));
    held.sends[0]!.settle();
    await vi.waitFor(() => expect(held.sends).toHaveLength(2));
    expect(held.sends[1]!.keys).toEqual(['b', 'c']);
    held.sends[1]!.settle();
    await vi.waitFor(() => expect(held.sends).toHaveLength(3));
    held.sends[2]!.settle();
    await Promise.all(all);
  });

  it('rejects a delivery Kafka has not acknowledged in time; one still queued is withdrawn, never sent; new ones fail fast until the stalled send ends', async () => {
    vi.useFakeTimers();
    const held = heldProducer();
    const producer = createDeliveryProducer({ producer: held.port, timeoutMs: 1_000, maxBatchBytes: () => 1_000_000 });
    producer.start();
    held.connected();
    await vi.advanceTimersByTimeAsync(0);
    let lateAcks = 0;
    const inFlight = producer.produce('t', message('sent'), () => (lateAcks += 1));
    const queued = producer.produce('t', message('queued'));
    const outcomes = Promise.allSettled([inFlight, queued]);
    await vi.advanceTimersByTimeAsync(1_001);
    const [a, b] = await outcomes;
    expect(a).toMatchObject({ status: 'rejected', reason: expect.any(KafkaUnavailableError) });
    expect(b).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/did not acknowledge within 1000 ms/), code: 'SWY_INGRESS_KAFKA_UNAVAILABLE', retriable: true }) });
    expect(producer.readiness()).toMatchObject({ ready: false, reason: expect.stringMatching(/a send has waited 1 s/) });
    await expect(producer.produce('t', message('new'))).rejects.toThrow(/has not acknowledged a send for 1 s/);
    // The broker is back: the stalled send goes through (its delivery told of the late ack); the withdrawn one was never sent.
    held.sends[0]!.settle();
    await vi.advanceTimersByTimeAsync(0);
    expect(held.sends.map((s) => s.keys)).toEqual([['sent']]);
    expect(lateAcks).toBe(1);
    expect(producer.readiness().ready).toBe(true);
    const after = producer.produce('t', message('after'));
    expect(held.sends.map((s) => s.keys)).toEqual([['sent'], ['after']]);
    held.sends[1]!.settle();
    await expect(after).resolves.toBeUndefined();
  });

  it('rejects every delivery of a send that failed, and goes on with the next', async () => {
    const held = heldProducer();
    const errors: unknown[] = [];
    const producer = createDeliveryProducer({ producer: held.port, timeoutMs: 5_000, maxBatchBytes: () => 1_000_000, onError: (e) => errors.push(e) });
    producer.start();
    held.connected();
    await vi.waitFor(() => expect(producer.readiness().ready).toBe(true));
    const failed = producer.produce('t', message('x'));
    held.sends[0]!.settle(new Error('NOT_ENOUGH_REPLICAS'));
    await expect(failed).rejects.toThrow(/Kafka refused the delivery: NOT_ENOUGH_REPLICAS/);
    expect(errors).toHaveLength(1);
    const next = producer.produce('t', message('y'));
    held.sends[1]!.settle();
    await expect(next).resolves.toBeUndefined();
  });

  it('tries to connect again after a refusal, saying why it is not ready meanwhile', async () => {
    vi.useFakeTimers();
    const held = heldProducer();
    const producer = createDeliveryProducer({ producer: held.port, timeoutMs: 1_000, maxBatchBytes: () => 1_000_000, reconnectMs: 500 });
    producer.start();
    held.refused(new Error('ECONNREFUSED 127.0.0.1:9092'));
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.readiness()).toMatchObject({ ready: false, reason: 'not connected: ECONNREFUSED 127.0.0.1:9092' });
    await vi.advanceTimersByTimeAsync(500);
    held.connected();
    await vi.advanceTimersByTimeAsync(0);
    expect(producer.readiness().ready).toBe(true);
    await producer.close();
    await expect(producer.produce('t', message('late'))).rejects.toThrow(/shutting down/);
  });
});
