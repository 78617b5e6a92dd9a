import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../audit/index.ts';
import type { LetterVerdict } from './deadLetters.ts';
import { judge, type RunOutcome } from './verdict.ts';

const audit = (store: string, ok = true): AuditResult => ({ store, expected: 10, present: ok ? 10 : 9, missing: ok ? 0 : 1, duplicated: 0, mismatched: 0, details: [], notes: [], ok });
const dlq: LetterVerdict = { ...audit('dlq'), byReason: { 'normalize MalformedBytesError': 1 }, matched: {}, total: 1 };
const outcome: RunOutcome = {
  figures: [
    { fault: 'kafka-sigkill', outageSeconds: 8, recoverySeconds: 5 },
    { fault: 'clickhouse-stopped', outageSeconds: 30, recoverySeconds: 12 },
  ],
  longestOutageSeconds: 30,
  recoverySeconds: 3,
  exits: [],
  finalExit: 0,
};
const run = (o: Partial<RunOutcome>, stores = [audit('postgres')], letters = dlq) => {
  const lines: string[] = [];
  return { ...judge({ ...outcome, ...o }, stores, letters, (line) => lines.push(line), () => {}), lines };
};

describe('judge', () => {
  it('passes a run where everything held, with the figures the JSON line carries', () => {
    const { ok, figures } = run({});
    expect(ok).toBe(true);
    expect(figures).toMatchObject({ recoveryLimitSeconds: 60, recoveredInTime: true, workerExits: [], deadLetters: { byReason: { 'normalize MalformedBytesError': 1 } } });
  });

  it('fails on one unplanned worker exit, whatever else held', () => {
    const { ok, lines } = run({ exits: [{ pid: 7, code: 1, atSeconds: 42 }] });
    expect(ok).toBe(false);
    expect(lines.join()).toMatch(/worker 7 exited unplanned at 42 s/);
  });

  it('fails a fault whose lag never came back, and a final drain over twice the longest outage', () => {
    expect(run({ figures: [{ fault: 'neo4j-sigkill', outageSeconds: 15, recoverySeconds: null }], longestOutageSeconds: 15 }).ok).toBe(false);
    expect(run({ recoverySeconds: 61 }).ok).toBe(false);
    expect(run({ recoverySeconds: null }).lines.join()).toMatch(/lag not 0 within 60 s/);
  });

  it('fails a store audit, the DLQ audit, or an unclean planned stop', () => {
    expect(run({}, [audit('postgres'), audit('neo4j', false)]).ok).toBe(false);
    expect(run({}, [audit('postgres')], { ...dlq, ok: false }).ok).toBe(false);
    expect(run({ finalExit: 'SIGKILL' }).ok).toBe(false);
  });
});
