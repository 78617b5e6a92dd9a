import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { composeInstrumentation, knownCounters, type Instrumentation, type MeteredNode } from '../operators/instrumentation.ts';
import { recordingInstrumentation } from '../operators/testing/recordingInstrumentation.ts';
import { duration } from './duration.ts';
import { createLogger } from './logger.ts';
import { type StateLog, stateLog } from './stateLog.ts';

type Line = { level: string; msg: string } & Record<string, unknown>;

const guardNode: MeteredNode = { name: 'neo4j-write', kind: 'guard', role: 'sink' };
const dlqNode: MeteredNode = { name: 'neo4j-dlq', kind: 'deadLetter', role: 'sink' };
const tp = { topic: 'eng.events.v1', partition: 3 };

/** A state log writing through the worker's logger into memory. */
function logged(options: { pauseThresholdMs?: number } = {}): { lines: Line[]; states: StateLog } {
  const lines: Line[] = [];
  const log = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Line) } });
  const states = stateLog({ log, ...options });
  return { lines, states };
}

describe('state log', () => {
  let states: StateLog | undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    states?.stop();
    vi.useRealTimers();
  });

  it('logs each breaker change once, at its level, with context; a starting closed breaker says nothing', () => {
    const made = logged();
    states = made.states;
    const meter = states.instrumentation.node('sink:neo4j', guardNode);
    meter.breakerState('closed');
    for (let i = 0; i < 3; i += 1) meter.write(5, 'error', 10);
    meter.breakerState('open');
    meter.breakerState('open');
    meter.write(0, 'rejected', 10);
    meter.breakerState('halfOpen');
    meter.breakerState('closed');
    meter.breakerState('closed');

    expect(made.lines.map(({ level, msg }) => [level, msg])).toEqual([
      ['warn', 'breaker of neo4j-write in sink:neo4j opened: its store is not written and the source is paused until a trial write after 3 failed writes'],
      ['info', 'breaker of neo4j-write in sink:neo4j half-open: trying one write'],
      ['info', 'breaker of neo4j-write in sink:neo4j closed: writing again'],
    ]);
    expect(made.lines[0]).toMatchObject({ subTopology: 'sink:neo4j', node: 'neo4j-write', breaker: 'open', previous: 'closed', failedWrites: 3 });
  });

  it('logs a restarted sub-topology’s new closed breaker only when the old one was not closed', () => {
    const made = logged();
    states = made.states;
    const first = states.instrumentation.node('sink:neo4j', guardNode);
    first.breakerState('closed');
    const restarted = states.instrumentation.node('sink:neo4j', guardNode);
    restarted.breakerState('closed');
    expect(made.lines).toEqual([]);
    restarted.breakerState('open');
    states.instrumentation.node('sink:neo4j', guardNode).breakerState('closed');
    expect(made.lines.map((l) => l.breaker)).toEqual(['open', 'closed']);
  });

  it('sums dead letters per stage over each interval: one line each, counts by error class, nothing for a quiet interval', async () => {
    const made = logged();
    states = made.states;
    const neo4j = states.instrumentation.node('sink:neo4j', dlqNode);
    const normalize = states.instrumentation.node('normalize', { name: 'normalize-dlq', kind: 'deadLetter', role: 'sink' });
    neo4j.deadLettered('sink:neo4j', 'Neo4jError');
    neo4j.deadLettered('sink:neo4j', 'SwitchyardError');
    neo4j.deadLettered('sink:neo4j', 'Neo4jError');
    normalize.deadLettered('decode', 'DecodeError');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(made.lines).toEqual([]);

    await vi.advanceTimersByTimeAsync(1);
    expect(made.lines.map(({ level, msg }) => [level, msg])).toEqual([
      ['warn', 'dead-lettered 3 records at sink:neo4j in the last 10 s (Neo4jError ×2, SwitchyardError ×1)'],
      ['warn', 'dead-lettered 1 record at decode in the last 10 s (DecodeError ×1)'],
    ]);
    expect(made.lines[0]).toMatchObject({ subTopology: 'sink:neo4j', node: 'neo4j-dlq', stage: 'sink:neo4j', deadLettered: 3, errorClasses: { Neo4jError: 2, SwitchyardError: 1 }, intervalMs: 10_000 });

    await vi.advanceTimersByTimeAsync(10_000);
    expect(made.lines).toHaveLength(2);
    neo4j.deadLettered('sink:neo4j', 'Neo4jError');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(made.lines.slice(2).map((l) => l.msg)).toEqual(['dead-lettered 1 record at sink:neo4j in the last 10 s (Neo4jError ×1)']);
  });

  it('logs what is counted when it stops, so a shutdown loses no dead-letter line', () => {
    const made = logged();
    states = made.states;
    states.instrumentation.node('sink:neo4j', dlqNode).deadLettered('sink:neo4j', 'Neo4jError');
    states.stop();
    states = undefined;
    expect(made.lines.map((l) => l.deadLettered)).toEqual([1]);
  });

  it('logs a partition paused past the threshold once, with the reason as it is then, and once when it resumes', async () => {
    const made = logged({ pauseThresholdMs: 30_000 });
    states = made.states;
    const partitions = states.instrumentation.partitions?.('sink:neo4j');
    let reason = '1000 records taken and not finished';
    partitions?.paused(tp, () => reason);
    partitions?.paused(tp, () => 'a second report of the same pause');
    reason = 'held by neo4j-write:breaker';
    await vi.advanceTimersByTimeAsync(29_000);
    expect(made.lines).toEqual([]);

    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(made.lines.map(({ level, msg }) => [level, msg])).toEqual([['warn', 'partition eng.events.v1/3 of sink:neo4j paused for 30 s: held by neo4j-write:breaker']]);
    expect(made.lines[0]).toMatchObject({ subTopology: 'sink:neo4j', topic: 'eng.events.v1', partition: 3, pausedMs: 30_000 });

    partitions?.ended(tp, 'resumed');
    partitions?.ended(tp, 'resumed');
    expect(made.lines.slice(1).map(({ level, msg }) => [level, msg])).toEqual([['info', 'partition eng.events.v1/3 of sink:neo4j resumed after 1 min 30 s paused']]);
  });

  it('says nothing of pauses shorter than the threshold, and tells how a long one ended otherwise', async () => {
    const made = logged({ pauseThresholdMs: 30_000 });
    states = made.states;
    const partitions = states.instrumentation.partitions?.('normalize');
    for (let i = 0; i < 100; i += 1) {
      partitions?.paused(tp, () => 'busy');
      await vi.advanceTimersByTimeAsync(200);
      partitions?.ended(tp, 'resumed');
    }
    await vi.advanceTimersByTimeAsync(60_000);
    expect(made.lines).toEqual([]);

    partitions?.paused(tp, () => 'busy');
    await vi.advanceTimersByTimeAsync(45_000);
    partitions?.ended(tp, 'revoked');
    expect(made.lines.map((l) => l.msg)).toEqual(['partition eng.events.v1/3 of normalize paused for 30 s: busy', 'partition eng.events.v1/3 of normalize was revoked (a rebalance) after 45 s paused']);
  });

  it('never throws into the operator when the logger does', () => {
    const log = createLogger({ level: 'info', destination: { write: () => { throw new Error('disk full'); } } });
    states = stateLog({ log });
    const meter = states.instrumentation.node('sink:neo4j', guardNode);
    expect(() => {
      meter.breakerState('open');
      meter.deadLettered('sink:neo4j', 'Neo4jError');
      states?.flush();
    }).not.toThrow();
  });

  it('rejects a threshold that is not a positive number, naming it', () => {
    const log = createLogger({ level: 'silent' });
    expect(() => stateLog({ log, pauseThresholdMs: 0 })).toThrow(/pauseThresholdMs must be a positive number/);
  });
});

describe('composeInstrumentation', () => {
  it('reports to every part, and a counter name no part knows still throws', () => {
    const recorded = recordingInstrumentation();
    const lines: Line[] = [];
    const states = stateLog({ log: createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Line) } }) });
    const strict: Instrumentation = { ...recorded, counter: knownCounters(new Map([['events_skipped', recorded.counter('events_skipped')]])) };
    try {
      const both = composeInstrumentation(strict, states.instrumentation);
      const meter = both.node('sink:neo4j', guardNode);
      meter.breakerState('closed');
      meter.breakerState('open');
      meter.deadLettered('sink:neo4j', 'Neo4jError');
      both.counter('events_skipped').inc({ source: 'github' });
      expect(recorded.get('neo4j-write')).toMatchObject({ breakerStates: ['closed', 'open'], deadLetters: [{ stage: 'sink:neo4j', errorClass: 'Neo4jError' }] });
      expect(recorded.counts.get('events_skipped')).toEqual([{ source: 'github' }]);
      expect(lines.map((l) => l.breaker)).toEqual(['open']);
      expect(() => both.counter('events_skiped')).toThrow(/no counter events_skiped/);
      expect(both.partitions).toBeDefined();
    } finally {
      states.stop();
    }
  });
});

describe('duration', () => {
  it('reads like a person would say it', () => {
    expect([duration(400), duration(30_000), duration(90_000), duration(300_000), duration(3_660_000), duration(7_200_000)]).toEqual(['0 s', '30 s', '1 min 30 s', '5 min', '1 h 1 min', '2 h']);
  });
});
