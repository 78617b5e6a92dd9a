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
import { MAX_JSON_DEPTH } from './jsonDepth.ts';
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

/** A pull request webhook whose title is `titleLength` characters: its event grows with it. */
function pullRequestTitled(titleLength: number, n: number): RawWebhook {
  const { file } = fixtureNamed(github, 'pull_request/opened.payload.json');
  const body = JSON.parse(readFileSync(file, 'utf8')) as { pull_request: { title: string; number: number } };
  body.pull_request.title = 'x'.repeat(titleLength);
  body.pull_request.number = n;
  return { ...webhook('pull_request/opened.payload.json', { body }), deliveryId: `delivery-${n}` };
}

/** Runs normalize on these raw records of github-events, past the batches' wait and a commit. */
async function normalizeMany(values: readonly (RawWebhook | string)[], extra: Partial<NormalizeOptions> = {}, setUp: (d: TopologyTestDriver) => void = () => {}) {
  const started = await TopologyTestDriver.start(new TopologyBuilder().subTopology('normalize', normalizeSubTopology({ ...options, ...extra })).build());
  driver = started;
  setUp(started);
  await started.pipeInput('github-events', values.map((value) => ({ key: KEY, value })));
  await started.advanceTime(1_000);
  return { errors: started.errors, events: started.readOutputValues<EngEvent>(DEFAULT_TOPICS.events), deadLetters: started.deadLetters(DEFAULT_TOPICS.deadLetters), committed: started.committed(GROUP) };
}

describe('normalize and records larger than their topic takes', () => {
  const LIMIT = 4_000;

  it('dead-letters an event over the output topic\'s max.message.bytes, with its size and the limit, and normalizes the next', async () => {
    const run = await normalizeMany([pullRequestTitled(10_000, 1), pullRequestTitled(10, 2)], { maxMessageBytes: { events: LIMIT } });
    expect(run.errors).toEqual([]);
    expect(run.events.map((e) => e?.type)).toEqual(['pull_request.opened']);
    expect(run.deadLetters).toHaveLength(1);
    const [letter] = run.deadLetters;
    expect(letter).toMatchObject({ offset: 0, stage: 'normalize', errorClass: 'RecordTooLargeError' });
    expect(letter?.errorMessage).toMatch(new RegExp(`^the normalized event of (\\d+) bytes is over eng\\.events\\.v1's max\\.message\\.bytes of ${LIMIT}: not produced$`));
    expect(Number(/of (\d+) bytes/.exec(letter?.errorMessage ?? '')?.[1])).toBeGreaterThan(10_000);
    expect(run.committed['github-events/0']).toBe('2');
  });

  it('does the same in exactly-once mode: the check comes before the transaction, which commits the rest', async () => {
    const run = await normalizeMany([pullRequestTitled(10_000, 1), pullRequestTitled(10, 2)], { maxMessageBytes: { events: LIMIT }, exactlyOnce: { transactionalId: 'normalize-test' } });
    expect(run.errors).toEqual([]);
    expect(run.events).toHaveLength(1);
    expect(run.deadLetters.map((d) => d.errorClass)).toEqual(['RecordTooLargeError']);
    expect(run.committed['github-events/0']).toBe('2');
  });

  it('sends a batch of events under the limit in as many sends as keep each record batch within it', async () => {
    const values = Array.from({ length: 6 }, (_, i) => pullRequestTitled(1_500, i + 1));
    const run = await normalizeMany(values, { maxMessageBytes: { events: LIMIT } }, (d) => d.broker.setMaxMessageBytes(DEFAULT_TOPICS.events, LIMIT));
    expect(run.errors).toEqual([]);
    expect(run.events).toHaveLength(6);
    expect(run.committed['github-events/0']).toBe('6');
  });

  it('without the limit, the broker refuses the send and the sub-topology stops with SWY_RECORD_REFUSED (not retriable), committing nothing', async () => {
    const run = await normalizeMany([pullRequestTitled(10_000, 1)], {}, (d) => d.broker.setMaxMessageBytes(DEFAULT_TOPICS.events, LIMIT));
    expect(run.errors.map((e) => [(e.error as SwitchyardError).code, (e.error as SwitchyardError).retriable])).toEqual([[ErrorCodes.recordRefused, false]]);
    expect((run.errors[0]?.error as Error).message).toMatch(/MESSAGE_TOO_LARGE \(Kafka error 10\)/);
    expect(run.committed['github-events/0']).toBeUndefined();
  });
});

describe('normalize and deeply nested JSON', () => {
  const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

  it(`dead-letters a body nested 10,000 deep with "body nests deeper than ${MAX_JSON_DEPTH} levels", and normalizes the next`, async () => {
    const deepBody = { ...webhook('pull_request/opened.payload.json'), body: `{"action":"opened","x":${deep(10_000)}}` };
    const run = await normalizeMany([deepBody, pullRequestTitled(10, 2)]);
    expect(run.errors).toEqual([]);
    expect(run.deadLetters).toMatchObject([{ offset: 0, stage: 'normalize', errorClass: 'JsonTooDeepError', errorPath: '$' }]);
    expect(run.deadLetters[0]?.errorMessage).toMatch(new RegExp(`^body nests deeper than ${MAX_JSON_DEPTH} levels`));
    expect(run.events.map((e) => e?.type)).toEqual(['pull_request.opened']);
    expect(run.committed['github-events/0']).toBe('2');
  });

  it('checks a JSON envelope before the codec reads it (the codec re-serializes its body, which recursed)', async () => {
    const envelope = `{"source":"github","eventName":"pull_request","deliveryId":"d","receivedAt":0,"headers":{},"body":${deep(10_000)}}`;
    const run = await normalizeMany([envelope]);
    expect(run.errors).toEqual([]);
    expect(run.deadLetters).toMatchObject([{ errorClass: 'JsonTooDeepError', errorMessage: expect.stringMatching(/^the raw record \(a JSON envelope\) nests deeper than 512 levels/) }]);
  });

  it(`takes a body exactly ${MAX_JSON_DEPTH} deep`, async () => {
    // One level is the body object itself.
    const body = `{"action":"opened","x":${deep(MAX_JSON_DEPTH - 1)}}`;
    const run = await normalizeMany([{ ...webhook('pull_request/opened.payload.json'), body }]);
    expect(run.deadLetters.map((d) => d.errorClass)).not.toContain('JsonTooDeepError');
  });
});
