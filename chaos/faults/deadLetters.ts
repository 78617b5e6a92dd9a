/**
 * The fault run's dead-letter verdict: the DLQ holds every poison record, each from the stage
 * that should have refused it and with a reason that says why (the pattern of its
 * `ExpectedLetter`), and nothing else. A count alone would pass a DLQ that holds the right
 * number of the wrong records, or the right records dead-lettered for the wrong reason (a
 * timeout, a stack overflow, a retry limit).
 *
 * Records are identified as audit/deadLetters.ts identifies them (`deadLetterIdOf`); the same
 * record dead-lettered twice by one stage (at-least-once after a restart) is a note.
 */
import { randomBytes } from 'node:crypto';
import type kafkajs from 'kafkajs';
import type { Codec } from '../../avro/codec.ts';
import type { DeadLetter } from '../../avro/generated/types.ts';
import { deadLetterIdOf } from '../../audit/deadLetters.ts';
import { findings, type AuditResult } from '../../audit/result.ts';
import type { ExpectedLetter } from './poisons.ts';

export interface LetterVerdict extends AuditResult {
  /** Dead letters per `<stage> <errorClass>`, repeats included. */
  readonly byReason: Readonly<Record<string, number>>;
  /** Which expected letters were found: `<poison> <stage>` → the reason it carried. */
  readonly matched: Readonly<Record<string, string>>;
  readonly total: number;
}

export const reasonOf = (letter: Pick<DeadLetter, 'errorClass' | 'errorMessage'>): string => `${letter.errorClass}: ${letter.errorMessage}`;

export function judgeDeadLetters(letters: readonly { readonly id: string; readonly letter: DeadLetter }[], expected: readonly ExpectedLetter[]): LetterVerdict {
  const found = findings('dlq');
  const byReason: Record<string, number> = {};
  const matched: Record<string, string> = {};
  const claimed = new Set<ExpectedLetter>();
  const seen = new Map<string, number>();
  for (const { id, letter } of letters) {
    byReason[`${letter.stage} ${letter.errorClass}`] = (byReason[`${letter.stage} ${letter.errorClass}`] ?? 0) + 1;
    const key = `${id} ${letter.stage}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if ((seen.get(key) ?? 0) > 1) continue;
    const owner = expected.find((e) => e.ids.includes(id) && e.stage === letter.stage);
    const brief = `${id.slice(0, 120)} (${letter.stage}, ${reasonOf(letter).slice(0, 240)})`;
    if (!owner) found.mismatched(`unexpected dead letter ${brief}`);
    else if (!owner.reason.test(reasonOf(letter))) found.mismatched(`${owner.poison}: dead-lettered for the wrong reason, expected ${owner.reason}: ${brief}`);
    else {
      claimed.add(owner);
      matched[`${owner.poison} ${owner.stage}`] = reasonOf(letter).slice(0, 300);
    }
  }
  const required = expected.filter((e) => !e.optional);
  for (const e of required) {
    if (claimed.has(e)) found.present();
    else if (!letters.some(({ id, letter }) => e.ids.includes(id) && letter.stage === e.stage)) found.missing(`${e.poison}: no dead letter from ${e.stage} for ${e.ids.join(' or ').slice(0, 160)}`);
  }
  const repeats = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
  if (repeats > 0) found.note(`${repeats} dead letter(s) repeat one already written by the same stage (at-least-once after a restart)`);
  return { ...found.result(required.length), byReason, matched, total: letters.length };
}

/** Every committed dead letter of the topic, decoded and identified, up to the end offsets as they were when called. */
export async function readDeadLetters(kafka: kafkajs.Kafka, topic: string, codec: Pick<Codec, 'decode'>, timeoutMs = 60_000): Promise<{ id: string; letter: DeadLetter }[]> {
  const admin = kafka.admin();
  await admin.connect();
  const values: Buffer[] = [];
  try {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.high)]));
    const pending = new Set([...(await admin.fetchTopicOffsets(topic))].filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => o.partition));
    if (pending.size > 0) {
      const groupId = `switchyard-fault-audit-${randomBytes(6).toString('hex')}`;
      const consumer = kafka.consumer({ groupId, readUncommitted: false });
      let lastArrival = Date.now();
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ partition, message }) => {
            lastArrival = Date.now();
            const end = ends.get(partition) ?? 0n;
            if (BigInt(message.offset) >= end) return;
            if (message.value !== null) values.push(message.value);
            if (BigInt(message.offset) + 1n >= end) pending.delete(partition);
          },
        });
        // A transactional topic ends in markers never delivered: stop after a quiet spell once the group had time to join.
        const started = Date.now();
        const quiet = () => Date.now() - lastArrival > 3_000 && Date.now() - started > 10_000;
        while (pending.size > 0 && Date.now() - started < timeoutMs && !quiet()) await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        await consumer.disconnect();
        await admin.deleteGroups([groupId]).catch(() => undefined);
      }
    }
  } finally {
    await admin.disconnect();
  }
  return Promise.all(
    values.map(async (bytes) => {
      const letter = (await codec.decode('switchyard.dlq', bytes)).value;
      return { id: await deadLetterIdOf(letter, codec), letter };
    }),
  );
}
