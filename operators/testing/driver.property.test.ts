import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../errors.ts';
import type { StreamRecord } from '../record.ts';
import { type Event, exampleTopology } from './pipelines.ts';
import { TopologyTestDriver } from './driver.ts';
import { recordingSink } from './recordingSink.ts';

type Rec = StreamRecord<Buffer | null, Event>;

const scenario = fc.record({
  events: fc.array(fc.constantFrom<Event['source']>('github', 'jira', 'notion'), { minLength: 1, maxLength: 30 }),
  poisoned: fc.uniqueArray(fc.nat(29), { maxLength: 5 }),
  flakyCalls: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { maxLength: 3 }),
  steps: fc.array(fc.integer({ min: 0, max: 150 }), { minLength: 1, maxLength: 6 }),
});

describe('TopologyTestDriver properties', () => {
  it('commits never pass an unfinished record; at the end every record is written or dead-lettered and the commit is at the end', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ events, poisoned, flakyCalls, steps }) => {
        const poison = new Set(poisoned);
        const sinks = {
          github: recordingSink<Buffer | null, Event>({ fail: (r: Rec) => (poison.has(r.value.id) ? new PermanentError('poison') : undefined) }),
          other: recordingSink<Buffer | null, Event>({ fail: (_, call) => (flakyCalls.includes(call) ? new Error('flaky') : undefined) }),
          audit: recordingSink<Buffer | null, Event>(),
          search: recordingSink<Buffer | null, Event>(),
        };
        const topology = exampleTopology({ github: sinks.github.write, other: sinks.other.write, audit: sinks.audit.write, search: sinks.search.write }).build();
        const driver = await TopologyTestDriver.start(topology, { commitIntervalMs: 50, maxInFlightPerPartition: 7 });
        const input = events.map((source, id) => ({ id, source }));
        await driver.pipeInput('raw-events', input.map((e) => ({ value: e })));

        const finished = (id: number) => {
          const e = input[id]!;
          if (e.source === 'jira') return driver.readOutputValues<Event>('eng.events').some((x) => x?.id === id);
          const sink = e.source === 'github' ? sinks.github : sinks.other;
          return sink.written.some((r) => r.value.id === id) || driver.deadLetters().some((d) => d.offset === id);
        };
        const check = () => {
          const committed = Number(driver.committed('test.normalize')['raw-events/0'] ?? 0);
          for (let id = 0; id < committed; id++) expect(finished(id)).toBe(true);
        };
        for (const ms of steps) {
          await driver.advanceTime(ms);
          check();
        }
        await driver.advanceTime(2000); // beyond every batch wait and retry backoff
        check();
        expect(driver.committed('test.normalize')).toEqual({ 'raw-events/0': String(input.length) });
        const dead = driver.deadLetters().map((d) => d.offset).sort((a, b) => a - b);
        const expectedDead = input.filter((e) => e.source === 'github' && poison.has(e.id)).map((e) => e.id);
        // Poisoned github records are dead-lettered; `other` records may be too, if the flaky calls used up their attempts.
        for (const id of expectedDead) expect(dead).toContain(id);
        for (const id of dead) expect(input[id]?.source === 'notion' || expectedDead.includes(id)).toBe(true);
        expect(driver.errors).toEqual([]);
        await driver.close();
      }),
      { numRuns: 40 },
    );
  });
});
