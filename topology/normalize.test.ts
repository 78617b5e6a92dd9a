/**
 * The normalize sub-topology on the test driver, with a JSON codec instead of the Schema Registry:
 * what becomes of each kind of raw record (normalized, skipped, invalid, a tombstone, a normalizer
 * that throws, a registry that does not answer), and which sources it reads.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Codec } from '../avro/codec.ts';
import type { EngEvent, RawWebhook } from '../avro/generated/types.ts';
import { ErrorCodes, SwitchyardError, TopologyBuilder } from '../operators/index.ts';
import { TopologyTestDriver } from '../operators/testing/driver.ts';
import { recordingInstrumentation } from '../operators/testing/recordingInstrumentation.ts';
import { jsonCodec } from '../test/support/jsonCodec.ts';
import { fixtureNamed } from './fixtures.ts';
import { github } from './github/index.ts';
import { DEFAULT_TOPICS, normalizeSubTopology, type NormalizeOptions } from './normalize.ts';
import type { Normalizer } from './normalizer.ts';
import { SOURCES } from './sources.ts';

class NormalizerBug extends Error {}

/** A source whose normalizer has a bug: it throws for every webhook. */
const broken: Normalizer<string> = {
  ...github,
  source: 'broken',
  senders: [],
  topic: 'broken-events',
  normalize: () => {
    throw new NormalizerBug('read past the last commit');
  },
};

const KEY = 'Codertocat/Hello-World';
const GROUP = 'switchyard.normalize';
const options: NormalizeOptions = { codec: jsonCodec, channels: { byProject: {}, defaultChannel: null }, sources: [...SOURCES, broken] };

/** A webhook as the gateway puts it on its raw topic; the body of a GitHub fixture unless given. */
function webhook(fixture: string, options: { readonly source?: string; readonly body?: object } = {}): RawWebhook {
  const { eventName, file } = fixtureNamed(github, fixture);
  const body = options.body === undefined ? readFileSync(file, 'utf8') : JSON.stringify(options.body);
  return { source: options.source ?? 'github', eventName, deliveryId: `delivery-${fixture}`, receivedAt: Date.parse('2026-11-25T10:00:00Z'), headers: {}, body };
}

let driver: TopologyTestDriver | undefined;

afterEach(async () => {
  await driver?.close();
  driver = undefined;
});

/** Runs normalize on one raw record, past the output batches' wait and the first commit. */
async function normalizeOne(topic: string, value: RawWebhook | null, codec: Codec = jsonCodec) {
  const meters = recordingInstrumentation();
  const started = await TopologyTestDriver.start(new TopologyBuilder().subTopology('normalize', normalizeSubTopology({ ...options, codec })).build(), { instrumentation: meters });
  driver = started;
  await started.pipeInput(topic, [{ key: KEY, value }]);
  await started.advanceTime(1_000);
  return {
    meters,
    errors: started.errors,
    events: started.readOutputValues<EngEvent>(DEFAULT_TOPICS.events),
    keys: started.readOutput(DEFAULT_TOPICS.events).map((m) => m.key?.toString()),
    derived: [...started.readOutput(DEFAULT_TOPICS.jiraCommands), ...started.readOutput(DEFAULT_TOPICS.slackNotifications)],
    deadLetters: started.deadLetters(DEFAULT_TOPICS.deadLetters),
    committed: started.committed(GROUP),
  };
}

describe('normalize', () => {
  it('puts the events of a webhook on eng.events.v1, keyed as the webhook, and finishes it', async () => {
    const run = await normalizeOne('github-events', webhook('pull_request/opened.payload.json'));
    expect(run.errors).toEqual([]);
    expect(run.events.map((e) => [e?.type, e?.source])).toEqual([['pull_request.opened', 'github']]);
    expect(run.keys).toEqual([KEY]);
    expect(run.derived).toEqual([]);
    expect(run.deadLetters).toEqual([]);
    expect(run.committed['github-events/0']).toBe('1');
  });

  it('counts a skipped webhook by source and event, puts nothing out and finishes it', async () => {
    const run = await normalizeOne('github-events', webhook('ping/payload.json'));
    expect(run.errors).toEqual([]);
    expect(run.meters.counts.get('events_skipped')).toEqual([{ source: 'github', event: 'ping' }]);
    expect(run.events).toEqual([]);
    expect(run.derived).toEqual([]);
    expect(run.deadLetters).toEqual([]);
    expect(run.committed['github-events/0']).toBe('1');
  });

  it('dead-letters an invalid payload with the JSON path of what is missing', async () => {
    const run = await normalizeOne('github-events', webhook('pull_request/opened.payload.json', { body: { action: 'opened', pull_request: {} } }));
    expect(run.errors).toEqual([]);
    expect(run.events).toEqual([]);
    expect(run.deadLetters).toMatchObject([{ topic: 'github-events', offset: 0, stage: 'normalize', errorClass: 'InvalidPayloadError', errorPath: '$.repository', attempts: 1 }]);
    expect(run.meters.get('dlq').deadLetters).toEqual([{ stage: 'normalize', errorClass: 'InvalidPayloadError' }]);
    expect(run.committed['github-events/0']).toBe('1');
  });

  it('dead-letters a tombstone (SWY_EMPTY_RECORD)', async () => {
    const run = await normalizeOne('github-events', null);
    expect(run.errors).toEqual([]);
    expect(run.events).toEqual([]);
    // The dead letter carries the error's class and message, not its code: the message is SWY_EMPTY_RECORD's.
    expect(run.deadLetters).toMatchObject([{ topic: 'github-events', offset: 0, stage: 'normalize', errorClass: 'SwitchyardError', errorMessage: 'the record has no value (a tombstone)', errorPath: null }]);
    expect(run.committed['github-events/0']).toBe('1');
  });

  it('dead-letters the webhook of a normalizer that throws, with the thrown class, and goes on', async () => {
    const run = await normalizeOne('broken-events', webhook('push/payload.json', { source: 'broken' }));
    expect(run.errors).toEqual([]);
    expect(run.events).toEqual([]);
    expect(run.deadLetters).toMatchObject([{ topic: 'broken-events', offset: 0, stage: 'normalize', errorClass: 'NormalizerBug', errorMessage: 'read past the last commit' }]);
    expect(run.committed['broken-events/0']).toBe('1');
  });

  it('stops, dead-lettering and committing nothing, when the registry does not answer (retriable)', async () => {
    const unreachable = { ...jsonCodec, decode: () => Promise.reject(new SwitchyardError('the schema registry did not answer', 'SWY_REGISTRY_UNAVAILABLE', { retriable: true })) } as Codec;
    const run = await normalizeOne('github-events', webhook('pull_request/opened.payload.json'), unreachable);
    expect(run.errors.map((e) => [e.subTopology, (e.error as SwitchyardError).code])).toEqual([['normalize', ErrorCodes.processing]]);
    expect(run.deadLetters).toEqual([]);
    expect(run.committed['github-events/0']).toBeUndefined();
  });
});

describe('the sources normalize reads', () => {
  it('are the raw topics of the sources it is given, when no topics are', () => {
    expect(normalizeSubTopology({ ...options, sources: [broken] }).topics).toEqual(['broken-events']);
    expect(normalizeSubTopology(options).topics).toEqual([...SOURCES.map((s) => s.topic), 'broken-events']);
  });

  it('must each have their topic in topics.raw: one that has not is rejected when built, by name', () => {
    const build = () => normalizeSubTopology({ ...options, topics: DEFAULT_TOPICS });
    expect(build).toThrow(SwitchyardError);
    expect(build).toThrow(/broken \(broken-events\)/);
    expect(build).toThrow(expect.objectContaining({ code: ErrorCodes.topology }));
    expect(normalizeSubTopology({ ...options, topics: { ...DEFAULT_TOPICS, raw: { ...DEFAULT_TOPICS.raw, 'broken-events': 'staging.broken-events' } } }).topics).toContain('staging.broken-events');
  });
});
