/**
 * The state changes a person must see, in the worker's log, once each: an {@link Instrumentation}
 * that logs, composed with the Prometheus one (`composeInstrumentation`), so the operators stay
 * store-agnostic and report through the one seam they already have.
 *
 * - A breaker opening (warn), going half-open and closing (info): only on a change, with how
 *   many writes failed since the last change. A sub-topology that restarts reports `closed` for
 *   its new breaker; that is logged only when the old one was not closed.
 * - Dead letters: one warn line per stage and interval (default 10 s) with the count by error
 *   class, never one per record: a poison burst of 50,000 records is one line, not 50,000.
 * - A partition paused longer than a threshold (default 30 s): one warn line when it crosses it,
 *   with the reason as it is then, and one info line when the pause ends. Shorter pauses are the
 *   normal breathing of backpressure and are not logged.
 *
 * A meter must never throw (it is called on the hot path): a line that cannot be written is
 * dropped.
 */
import type { Logger } from 'pino';
import {
  type BreakerState,
  type Instrumentation,
  type MeteredNode,
  type NodeMeter,
  type PartitionMeter,
  type PauseEnd,
  type PauseReason,
  noCounter,
} from '../operators/instrumentation.ts';
import type { TopicPartition } from '../operators/record.ts';
import { duration } from './duration.ts';

export interface StateLogOptions {
  readonly log: Logger;
  /** Dead letters are counted over this and logged once per stage; default 10,000 ms. */
  readonly deadLetterIntervalMs?: number;
  /** A partition paused at least this long is logged, and its resume; default 30,000 ms. */
  readonly pauseThresholdMs?: number;
  /** How often paused partitions are looked at; default 1,000 ms (a line comes at most this late). */
  readonly pauseCheckMs?: number;
}

export interface StateLog {
  readonly instrumentation: Instrumentation;
  /** Logs the dead letters counted so far now rather than at the end of the interval. */
  flush(): void;
  /** Flushes and stops the timers (they never keep the process alive either way). */
  stop(): void;
}

interface Breaker {
  state: BreakerState;
  failedWrites: number;
}

interface DeadLetters {
  readonly subTopology: string;
  readonly node: string;
  readonly stage: string;
  readonly byClass: Map<string, number>;
}

interface Pause {
  readonly subTopology: string;
  readonly tp: TopicPartition;
  readonly since: number;
  readonly reason: PauseReason;
  logged: boolean;
}

const BREAKER_LINES: Record<BreakerState, { level: 'warn' | 'info'; text: string }> = {
  open: { level: 'warn', text: 'opened: its store is not written and the source is paused until a trial write' },
  halfOpen: { level: 'info', text: 'half-open: trying one write' },
  closed: { level: 'info', text: 'closed: writing again' },
};

const PAUSE_ENDS: Record<PauseEnd, string> = { resumed: 'resumed', revoked: 'was revoked (a rebalance)', stopped: 'stopped with its sub-topology' };

/** Starts the dead-letter and pause timers; pass `instrumentation` to the runner. */
export function stateLog(options: StateLogOptions): StateLog {
  const { log } = options;
  const deadLetterIntervalMs = positive(options.deadLetterIntervalMs ?? 10_000, 'deadLetterIntervalMs');
  const pauseThresholdMs = positive(options.pauseThresholdMs ?? 30_000, 'pauseThresholdMs');
  const pauseCheckMs = positive(options.pauseCheckMs ?? 1_000, 'pauseCheckMs');
  const breakers = new Map<string, Breaker>();
  const deadLetters = new Map<string, DeadLetters>();
  const pauses = new Map<string, Pause>();

  const write = (level: 'warn' | 'info', fields: Record<string, unknown>, message: string) => {
    try {
      log[level](fields, message);
    } catch {
      // A meter never throws; the metrics still say what the line would have.
    }
  };

  const flush = () => {
    for (const [key, { subTopology, node, stage, byClass }] of deadLetters) {
      const count = [...byClass.values()].reduce((sum, n) => sum + n, 0);
      const classes = [...byClass].sort(([, a], [, b]) => b - a);
      const seconds = Math.round(deadLetterIntervalMs / 1000);
      write(
        'warn',
        { subTopology, node, stage, deadLettered: count, errorClasses: Object.fromEntries(classes), intervalMs: deadLetterIntervalMs },
        `dead-lettered ${count} ${count === 1 ? 'record' : 'records'} at ${stage} in the last ${seconds} s (${classes.map(([name, n]) => `${name} ×${n}`).join(', ')})`,
      );
      deadLetters.delete(key);
    }
  };

  const checkPauses = () => {
    const now = Date.now();
    for (const pause of pauses.values()) {
      if (pause.logged || now - pause.since < pauseThresholdMs) continue;
      pause.logged = true;
      const { subTopology, tp } = pause;
      let reason: string;
      try {
        reason = pause.reason();
      } catch (error) {
        reason = `(its reason could not be told: ${error instanceof Error ? error.message : String(error)})`;
      }
      const pausedMs = now - pause.since;
      write('warn', { subTopology, topic: tp.topic, partition: tp.partition, pausedMs, reason }, `partition ${tp.topic}/${tp.partition} of ${subTopology} paused for ${duration(pausedMs)}: ${reason}`);
    }
  };

  const deadLetterTimer = setInterval(flush, deadLetterIntervalMs).unref();
  const pauseTimer = setInterval(checkPauses, pauseCheckMs).unref();

  const node = (subTopology: string, metered: MeteredNode): NodeMeter => {
    const key = `${subTopology}\u0000${metered.name}`;
    const context = { subTopology, node: metered.name };
    return {
      recordsIn: () => {},
      recordsOut: () => {},
      batchSize: () => {},
      write: (_ms, outcome) => {
        const breaker = breakers.get(key);
        if (breaker !== undefined && (outcome === 'error' || outcome === 'partial')) breaker.failedWrites += 1;
      },
      breakerState: (state) => {
        const breaker = breakers.get(key);
        if (breaker === undefined) {
          breakers.set(key, { state, failedWrites: 0 });
          // A breaker starts closed: only a new one that is not is news.
          if (state === 'closed') return;
        } else if (breaker.state === state) return;
        const previous = breaker?.state;
        const failedWrites = breaker?.failedWrites ?? 0;
        breakers.set(key, { state, failedWrites: 0 });
        const { level, text } = BREAKER_LINES[state];
        const after = state === 'open' && failedWrites > 0 ? ` after ${failedWrites} failed ${failedWrites === 1 ? 'write' : 'writes'}` : '';
        write(level, { ...context, breaker: state, previous, failedWrites }, `breaker of ${metered.name} in ${subTopology} ${text}${after}`);
      },
      deadLettered: (stage, errorClass) => {
        const dlKey = `${key}\u0000${stage}`;
        let entry = deadLetters.get(dlKey);
        if (entry === undefined) deadLetters.set(dlKey, (entry = { ...context, stage, byClass: new Map() }));
        entry.byClass.set(errorClass, (entry.byClass.get(errorClass) ?? 0) + 1);
      },
    };
  };

  const partitions = (subTopology: string): PartitionMeter => {
    const keyOf = (tp: TopicPartition) => `${subTopology}\u0000${tp.topic}\u0000${tp.partition}`;
    return {
      paused: (tp, reason) => {
        const key = keyOf(tp);
        if (!pauses.has(key)) pauses.set(key, { subTopology, tp, since: Date.now(), reason, logged: false });
      },
      ended: (tp, how) => {
        const key = keyOf(tp);
        const pause = pauses.get(key);
        if (pause === undefined) return;
        pauses.delete(key);
        if (!pause.logged) return;
        const pausedMs = Date.now() - pause.since;
        write('info', { subTopology, topic: tp.topic, partition: tp.partition, pausedMs, how }, `partition ${tp.topic}/${tp.partition} of ${subTopology} ${PAUSE_ENDS[how]} after ${duration(pausedMs)} paused`);
      },
    };
  };

  return {
    instrumentation: { node, counter: () => noCounter, partitions },
    flush,
    stop: () => {
      clearInterval(deadLetterTimer);
      clearInterval(pauseTimer);
      flush();
    },
  };
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`state log ${name} must be a positive number of milliseconds, got ${value}`);
  return value;
}
