import { describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../avro/generated/types.ts';
import { judgeDeadLetters } from './deadLetters.ts';
import type { ExpectedLetter } from './poisons.ts';

const letter = (stage: string, errorClass: string, errorMessage: string): DeadLetter =>
  ({ key: null, value: null, headers: {}, topic: 't', partition: 0, offset: 1, timestamp: null, stage, errorClass, errorMessage, errorPath: null, attempts: 1, failedAt: 0 }) as DeadLetter;

const expected: ExpectedLetter[] = [
  { poison: 'neo4jKey', ids: ['e1'], stage: 'sink:neo4j', reason: /too large/i },
  { poison: 'nulText', ids: ['e2'], stage: 'sink:postgres', reason: /0x00/ },
  { poison: 'nulText', ids: ['e2'], stage: 'sink:pinecone', reason: /0x00/, optional: true },
  { poison: 'oversized', ids: ['d3', 'e3'], stage: 'normalize', reason: /max\.message\.bytes/ },
];
const good = [
  { id: 'e1', letter: letter('sink:neo4j', 'Neo4jError', 'Property value is too large to index') },
  { id: 'e2', letter: letter('sink:postgres', 'DatabaseError', 'invalid byte sequence for encoding "UTF8": 0x00') },
  { id: 'e3', letter: letter('normalize', 'RecordTooLargeError', '300000 bytes over max.message.bytes 262144') },
];

describe('judgeDeadLetters', () => {
  it('passes when every required letter is there with its reason, and nothing else', () => {
    const verdict = judgeDeadLetters(good, expected);
    expect(verdict.ok).toBe(true);
    expect(verdict.present).toBe(3);
    expect(verdict.byReason).toEqual({ 'sink:neo4j Neo4jError': 1, 'sink:postgres DatabaseError': 1, 'normalize RecordTooLargeError': 1 });
    expect(Object.keys(verdict.matched).sort()).toEqual(['neo4jKey sink:neo4j', 'nulText sink:postgres', 'oversized normalize']);
  });

  it('fails a poison dead-lettered for the wrong reason, even with the right count', () => {
    const wrong = [...good.slice(1), { id: 'e1', letter: letter('sink:neo4j', 'RetriesExhaustedError', 'gave up after 10 attempts') }];
    const verdict = judgeDeadLetters(wrong, expected);
    expect(verdict.ok).toBe(false);
    expect(verdict.details.join('\n')).toMatch(/neo4jKey: dead-lettered for the wrong reason/);
  });

  it('fails an innocent record in the DLQ and a missing poison', () => {
    const verdict = judgeDeadLetters([...good.slice(0, 2), { id: 'innocent', letter: letter('sink:neo4j', 'Neo4jError', 'Property value is too large') }], expected);
    expect(verdict.ok).toBe(false);
    expect(verdict.missing).toBe(1);
    expect(verdict.details.join('\n')).toMatch(/unexpected dead letter innocent/);
    expect(verdict.details.join('\n')).toMatch(/oversized: no dead letter from normalize/);
  });

  it('accepts an optional letter and notes a repeat without failing', () => {
    const verdict = judgeDeadLetters([...good, good[0]!, { id: 'e2', letter: letter('sink:pinecone', 'DatabaseError', 'invalid byte 0x00') }], expected);
    expect(verdict.ok).toBe(true);
    expect(verdict.matched['nulText sink:pinecone']).toMatch(/0x00/);
    expect(verdict.notes.join()).toMatch(/1 dead letter/);
  });

  it('fails an empty DLQ', () => {
    expect(judgeDeadLetters([], expected)).toMatchObject({ ok: false, missing: 3 });
  });
});
