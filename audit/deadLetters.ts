/**
 * Does the dead-letter topic hold exactly the records that should have failed?
 *
 * Reads the whole DLQ topic (committed records only, as Switchyard's consumers read), decodes
 * each dead letter with the codec (avro/schemas/DeadLetter.avsc), and identifies the record it
 * carries by what the producer of that record knows it by:
 *
 * - a raw webhook (the normalize stage's input): its `deliveryId`;
 * - a normalized event (a sink's input): its `eventId`;
 * - bytes that decode as neither (the poison that broke the decoder): its position,
 *   `<topic>/<partition>@<offset>`.
 *
 * The audit fails when an expected id is not there, or an id is there that was not expected.
 * The same record dead-lettered twice (a worker killed after the dead letter was acknowledged
 * and before its offset was committed redelivers it; dead letters are at-least-once) is reported
 * as a note with the count, not a failure. `byReason` counts dead letters per stage and error
 * class, e.g. `{ "normalize MalformedBytesError": 3 }`.
 */
import { randomBytes } from 'node:crypto';
import type kafkajs from 'kafkajs';
import type { Codec } from '../avro/codec.ts';
import type { DeadLetter } from '../avro/generated/types.ts';
import { findings, type AuditResult } from './result.ts';

export interface DeadLetterAuditOptions {
  readonly kafka: kafkajs.Kafka;
  /** The dead-letter topic (`switchyard.dlq` unless renamed). */
  readonly topic: string;
  readonly codec: Pick<Codec, 'decode'>;
  /** Ids (see above) of the records that should be dead-lettered; repeats are one. */
  readonly expected: readonly string[];
  /** How long to wait for the topic's records; 60 s by default. */
  readonly timeoutMs?: number;
}

export interface DeadLetterAudit extends AuditResult {
  /** Dead letters per `<stage> <errorClass>`, duplicates included. */
  readonly byReason: Readonly<Record<string, number>>;
  /** How many dead letters the topic holds, duplicates included. */
  readonly total: number;
}

/** The id of the record a dead letter carries (see the header). */
export async function deadLetterIdOf(letter: DeadLetter, codec: Pick<Codec, 'decode'>): Promise<string> {
  if (letter.value !== null) {
    try {
      return (await codec.decode('github-events', letter.value)).value.deliveryId;
    } catch {
      // not a raw webhook
    }
    try {
      return (await codec.decode('eng.events.v1', letter.value)).value.eventId;
    } catch {
      // not an event either: the bytes are the poison
    }
  }
  return `${letter.topic}/${letter.partition}@${letter.offset}`;
}

export async function auditDeadLetters(options: DeadLetterAuditOptions): Promise<DeadLetterAudit> {
  const letters = await Promise.all((await readTopic(options.kafka, options.topic, options.timeoutMs ?? 60_000)).map(async (bytes) => (await options.codec.decode('switchyard.dlq', bytes)).value));
  const expected = new Set(options.expected);
  const found = findings('dlq');
  const byReason: Record<string, number> = {};
  const byId = new Map<string, DeadLetter[]>();
  for (const letter of letters) {
    const reason = `${letter.stage} ${letter.errorClass}`;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
    const id = await deadLetterIdOf(letter, options.codec);
    byId.set(id, [...(byId.get(id) ?? []), letter]);
  }
  for (const id of expected) {
    if (byId.has(id)) found.present();
    else found.missing(`${id} was not dead-lettered`);
  }
  let repeated = 0;
  for (const [id, list] of byId) {
    const first = list[0]!;
    if (!expected.has(id)) found.mismatched(`unexpected dead letter ${id} (${first.stage}, ${first.errorClass}: ${first.errorMessage.slice(0, 200)})`);
    repeated += list.length - 1;
  }
  if (repeated > 0) found.note(`${repeated} dead letter(s) repeat a record already dead-lettered (at-least-once after a crash)`);
  return { ...found.result(expected.size), byReason, total: letters.length };
}

/**
 * Every committed value of the topic, from the beginning up to its end offsets as they were when
 * called. A transactional topic ends in commit markers (and may hold aborted records) that are
 * never delivered, so reading also stops when nothing arrived for QUIET_MS after the group had
 * time to join; an expected dead letter not read by then is reported missing.
 */
const QUIET_MS = 3_000;
const JOIN_MS = 10_000;

async function readTopic(kafka: kafkajs.Kafka, topic: string, timeoutMs: number): Promise<Buffer[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, { low: BigInt(o.low), high: BigInt(o.high) }]));
    const pending = new Set([...ends].filter(([, o]) => o.high > o.low).map(([p]) => p));
    if (pending.size === 0) return [];
    const groupId = `switchyard-audit-${randomBytes(6).toString('hex')}`;
    const consumer = kafka.consumer({ groupId, readUncommitted: false });
    const values: Buffer[] = [];
    let lastArrival = Date.now();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          lastArrival = Date.now();
          const end = ends.get(partition)!;
          if (BigInt(message.offset) >= end.high) return; // written after the audit began
          if (message.value !== null) values.push(message.value);
          if (BigInt(message.offset) + 1n >= end.high) pending.delete(partition);
        },
      });
      // Joining a new group takes seconds: quiet only counts once the first records could have come.
      const started = Date.now();
      const quiet = () => Date.now() - lastArrival > QUIET_MS && Date.now() - started > JOIN_MS;
      while (pending.size > 0 && Date.now() - started < timeoutMs && !quiet()) await new Promise((resolve) => setTimeout(resolve, 100));
      return values;
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
  } finally {
    await admin.disconnect();
  }
}
