/**
 * The small topology the topology and driver tests share. `normalize`: source → decode → split
 * (github, jira, default other) → github and other: batch → guard(sink) → one deadLetter, which
 * also takes what cannot be decoded; jira: `to` a topic that `fan-out` reads: mapValues → filter
 * → fanOut (audit, search) → batch → guard(sink) → deadLetter.
 */
import { batch } from '../batch.ts';
import { deadLetter } from '../deadLetter.ts';
import { decode } from '../decode.ts';
import { fanOut } from '../fanOut.ts';
import { filter } from '../filter.ts';
import { type BatchWriter, guard } from '../guard.ts';
import { mapValues } from '../mapValues.ts';
import { merge } from '../merge.ts';
import { branch, split } from '../split.ts';
import type { Failure } from '../record.ts';
import { to } from '../to.ts';
import { TopologyBuilder } from '../topology.ts';

export interface Event {
  readonly id: number;
  readonly source: 'github' | 'jira' | 'notion';
}

type Writer = BatchWriter<Buffer | null, Event>;

export interface Sinks {
  readonly github: Writer;
  readonly other: Writer;
  readonly audit: Writer;
  readonly search: Writer;
}

const retry = { maxAttempts: 3, initialDelayMs: 10, random: () => 1 };
const parse = (bytes: Buffer | null) => JSON.parse(bytes?.toString() ?? 'null') as Event;

export function exampleTopology(sinks: Sinks) {
  return new TopologyBuilder()
    .subTopology('normalize', {
      groupId: 'test.normalize',
      topics: ['raw-events'],
      sourceName: 'raw',
      fromBeginning: true,
      pipeline: (records, { producer, flow, scheduler }) => {
        const { decoded, failed } = decode(records, parse, { name: 'decode', stage: 'decode', scheduler });
        const { github, jira, other } = split(decoded, {
          name: 'by-source',
          branches: [branch('github', (e: Event) => e.source === 'github'), branch('jira', (e: Event) => e.source === 'jira')],
          defaultBranch: 'other',
        });
        const failures = merge<Failure<Buffer | null, unknown>>(
          [
            failed,
            github.pipe(batch({ name: 'github-batch', maxRecords: 3, maxWaitMs: 100, scheduler }), guard(sinks.github, { name: 'sink:github', breaker: false, retry, scheduler, flow })),
            other.pipe(batch({ name: 'other-batch', maxRecords: 3, maxWaitMs: 100, scheduler }), guard(sinks.other, { name: 'sink:other', breaker: false, retry, scheduler, flow })),
          ],
          { name: 'failures' },
        );
        return [failures.pipe(deadLetter(producer, { name: 'dlq' })), jira.pipe(to(producer, { topic: 'eng.events', name: 'to-events' }))];
      },
    })
    .subTopology('fan-out', {
      groupId: 'test.fan-out',
      topics: ['eng.events'],
      fromBeginning: true,
      pipeline: (records, { producer, flow, scheduler }) => {
        const events = records.pipe(mapValues(parse), filter((e: Event) => e.id >= 0));
        const { audit, search } = fanOut(events, {
          name: 'stores',
          branches: [branch('audit', () => true), branch('search', (e: Event) => e.id > 2)],
        });
        const sink = (write: Writer, name: string) => guard(write, { name, breaker: false, retry, scheduler, flow });
        return [
          audit.pipe(batch({ maxRecords: 10, maxWaitMs: 50, scheduler }), sink(sinks.audit, 'sink:audit'), deadLetter(producer)),
          search.pipe(batch({ maxRecords: 10, maxWaitMs: 50, scheduler }), sink(sinks.search, 'sink:search'), deadLetter(producer)),
        ];
      },
    });
}
