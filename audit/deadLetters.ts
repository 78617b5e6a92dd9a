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
import type kafkajs from 'kafkajs';
import type { Codec } from '../avro/codec.ts';
import type { DeadLetter } from '../avro/generated/types.ts';
import { readTopic } from './readTopic.ts';
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

/** A dead letter and the id of the record it carries. */
export interface IdentifiedLetter {
  readonly id: string;
  readonly letter: DeadLetter;
}

/**
 * Every committed dead letter of the topic (audit/readTopic.ts: up to its end offsets as they
 * were when called), decoded and identified: what both this audit and the fault run's judge
 * (chaos/faults/deadLetters.ts) read.
 */
export async function readDeadLetters(kafka: kafkajs.Kafka, topic: string, codec: Pick<Codec, 'decode'>, timeoutMs = 60_000): Promise<IdentifiedLetter[]> {
  const values = await readTopic(kafka, topic, timeoutMs);
  return Promise.all(
    values.map(async (bytes) => {
      const letter = (await codec.decode('switchyard.dlq', bytes)).value;
      return { id: await deadLetterIdOf(letter, codec), letter };
    }),
  );
}

export async function auditDeadLetters(options: DeadLetterAuditOptions): Promise<DeadLetterAudit> {
  const letters = await readDeadLetters(options.kafka, options.topic, options.codec, options.timeoutMs);
  const expected = new Set(options.expected);
  const found = findings('dlq');
  const byReason: Record<string, number> = {};
  const byId = new Map<string, DeadLetter[]>();
  for (const { id, letter } of letters) {
    const reason = `${letter.stage} ${letter.errorClass}`;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
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
