/**
 * The fault run's dead-letter verdict: the DLQ holds every poison record, each from the stage
 * that should have refused it and with a reason that says why (the pattern of its
 * `ExpectedLetter`), and nothing else. A count alone would pass a DLQ that holds the right
 * number of the wrong records, or the right records dead-lettered for the wrong reason (a
 * timeout, a stack overflow, a retry limit).
 *
 * The letters are read and identified by audit/deadLetters.ts (`readDeadLetters`); the same
 * record dead-lettered twice by one stage (at-least-once after a restart) is a note.
 */
import type { DeadLetter } from '../../avro/generated/types.ts';
import type { IdentifiedLetter } from '../../audit/deadLetters.ts';
import { findings, type AuditResult } from '../../audit/result.ts';
import type { ExpectedLetter } from './poisons.ts';

export interface LetterVerdict extends AuditResult {
  /** Dead letters per `<stage> <errorClass>`, repeats included. */
  readonly byReason: Readonly<Record<string, number>>;
  /** Which expected letters were found: `<poison> <stage>` → the reason it carried. */
  readonly matched: Readonly<Record<string, string>>;
  readonly total: number;
}

const reasonOf = (letter: Pick<DeadLetter, 'errorClass' | 'errorMessage'>): string => `${letter.errorClass}: ${letter.errorMessage}`;

export function judgeDeadLetters(letters: readonly IdentifiedLetter[], expected: readonly ExpectedLetter[]): LetterVerdict {
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
