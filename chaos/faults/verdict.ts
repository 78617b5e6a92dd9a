/**
 * The fault run's verdict and its one JSON line. Passed means all of: no unplanned worker exit,
 * a clean planned stop, every store's audit and the DLQ's, lag back at the live edge after every
 * fault and at 0 after the last, each within twice the longest outage.
 */
import { describeResult, type AuditResult } from '../../audit/index.ts';
import type { LetterVerdict } from './deadLetters.ts';
import type { WorkerExit } from './workerKeeper.ts';

export interface FaultFigure {
  readonly fault: string;
  readonly outageSeconds: number;
  /** Until every group was back near the replay's live edge; null when it never was within the wait. */
  readonly recoverySeconds: number | null;
}

export interface RunOutcome {
  readonly figures: readonly FaultFigure[];
  readonly longestOutageSeconds: number;
  /** From the later of the last fault's end and the replay's until lag 0; null when never. */
  readonly recoverySeconds: number | null;
  readonly exits: readonly WorkerExit[];
  /** The planned SIGTERM's exit code. */
  readonly finalExit: number | string;
}

/** Lines are cut: a poison's 9 KB key would otherwise fill the screen. */
const cut = (line: string, max = 400) => (line.length > max ? `${line.slice(0, max)}…` : line);

/** `print` shows the audits as they are; `log` narrates what failed the run. */
export function judge(outcome: RunOutcome, stores: readonly AuditResult[], dlq: LetterVerdict, log: (line: string) => void, print: (line: string) => void = console.log): { ok: boolean; figures: Record<string, unknown> } {
  for (const result of [...stores, dlq]) {
    print(describeResult(result));
    for (const line of result.details) print(`    ${cut(line)}`);
    for (const line of result.notes.slice(0, 4)) print(`    note: ${cut(line)}`);
  }
  for (const [which, reason] of Object.entries(dlq.matched)) print(`    dead-lettered as expected: ${which}: ${cut(reason, 200)}`);

  const limit = 2 * outcome.longestOutageSeconds;
  const slow = outcome.figures.filter((f) => f.recoverySeconds === null || f.recoverySeconds > limit);
  for (const f of slow) log(`  ${f.fault}: lag not back within ${limit} s (${f.recoverySeconds ?? 'never'})`);
  const drained = outcome.recoverySeconds !== null && outcome.recoverySeconds <= limit;
  if (!drained) log(`  lag not 0 within ${limit} s after the last fault (${outcome.recoverySeconds ?? 'never'})`);
  for (const exit of outcome.exits) log(`  worker ${exit.pid} exited unplanned at ${exit.atSeconds} s (${exit.code})`);
  const ok = stores.every((r) => r.ok) && dlq.ok && outcome.exits.length === 0 && outcome.finalExit === 0 && slow.length === 0 && drained;
  return {
    ok,
    figures: {
      injected: outcome.figures,
      longestOutageSeconds: outcome.longestOutageSeconds,
      recoverySeconds: outcome.recoverySeconds,
      recoveryLimitSeconds: limit,
      recoveredInTime: drained && slow.length === 0,
      audits: Object.fromEntries(stores.map((r) => [r.store, { ok: r.ok, expected: r.expected, present: r.present, missing: r.missing, duplicated: r.duplicated, mismatched: r.mismatched }])),
      deadLetters: { ok: dlq.ok, total: dlq.total, byReason: dlq.byReason, missing: dlq.missing, unexpected: dlq.mismatched },
      workerExits: outcome.exits,
      workerFinalExit: outcome.finalExit,
    },
  };
}
