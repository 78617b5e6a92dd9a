/**
 * The limits read at start, on the in-memory broker (which refuses a batch over a topic's
 * max.message.bytes, as Kafka does): the DLQ's is read with the outputs', and reaches every
 * deadLetter of the whole topology, normalize's (exactly-once) and the sinks'. A dead letter over
 * it is written without the record's value, saying so, instead of being refused at every restart.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { RawWebhook } from '../avro/generated/types.ts';
import { ConnectHeaders } from '../operators/deadLetter.ts';
import { MemoryBroker } from '../operators/kafka/memory.ts';
import { TopologyTestDriver } from '../operators/testing/driver.ts';
import type { Sink } from '../sinks/sink.ts';
import { SINK_DEFAULTS } from '../sinks/settings.ts';
import { jsonCodec } from '../test/support/jsonCodec.ts';
import { fixtureNamed } from './fixtures.ts';
import { github } from './github/index.ts';
import { DEFAULT_TOPICS } from './normalize.ts';
import { readOutputLimits } from './outputLimits.ts';
import { switchyardTopology } from './switchyard.ts';

const EVENTS_LIMIT = 4_000;
const DLQ_LIMIT = 8_000;

let driver: TopologyTestDriver | undefined;
afterEach(async () => {
  await driver?.close();
  driver = undefined;
});

/** A pull request whose title alone is over the events topic's limit: its dead letter (the raw webhook, headers, error) is over the DLQ's. */
function hugePullRequest(): RawWebhook {
  const { eventName, file } = fixtureNamed(github, 'pull_request/opened.payload.json');
  const body = JSON.parse(readFileSync(file, 'utf8')) as { pull_request: { title: string } };
  body.pull_request.title = 'x'.repeat(10_000);
  return { source: 'github', eventName, deliveryId: 'delivery-huge', receivedAt: Date.parse('2026-11-25T10:00:00Z'), headers: {}, body: JSON.stringify(body) };
}

const idleStore: Sink = { store: 'clickhouse', init: async () => {}, write: async () => {}, health: async () => ({ healthy: true }), close: async () => {} };

describe('readOutputLimits', () => {
  it("reads the DLQ's max.message.bytes with the outputs'", async () => {
    const broker = new MemoryBroker({ maxMessageBytes: 1_048_576 });
    broker.setMaxMessageBytes(DEFAULT_TOPICS.events, EVENTS_LIMIT);
    broker.setMaxMessageBytes(DEFAULT_TOPICS.deadLetters, DLQ_LIMIT);
    expect(await readOutputLimits(broker.admin(), DEFAULT_TOPICS)).toEqual({ events: EVENTS_LIMIT, jiraCommands: 1_048_576, slackNotifications: 1_048_576, deadLetters: DLQ_LIMIT });
  });
});

describe("dead letters over the DLQ's limit, in the whole topology", () => {
  it("normalize (exactly-once) and a sink write theirs without the record's value, with its size and the DLQ's limit, and go on", async () => {
    const topology = switchyardTopology({
      codec: jsonCodec,
      channels: { byProject: {}, defaultChannel: null },
      sinks: [idleStore],
      sinkSettings: SINK_DEFAULTS,
      normalize: { exactlyOnce: { transactionalId: 'limits-test' } },
      limits: { events: EVENTS_LIMIT, deadLetters: DLQ_LIMIT },
    });
    driver = await TopologyTestDriver.start(topology, { partitions: { [DEFAULT_TOPICS.events]: 1 } });
    driver.broker.setMaxMessageBytes(DEFAULT_TOPICS.deadLetters, DLQ_LIMIT);

    await driver.pipeInput('github-events', [{ key: 'Codertocat/Hello-World', value: hugePullRequest() }]);
    // An event the sink cannot decode, near the events topic's limit: its dead letter is over the DLQ's.
    await driver.pipeInput(DEFAULT_TOPICS.events, [{ key: 'k', value: `not json ${'y'.repeat(EVENTS_LIMIT)}` }]);
    await driver.advanceTime(1_000);
    await driver.settle();

    expect(driver.errors).toEqual([]);
    const letters = driver.deadLetters();
    expect(letters.map((l) => [l.stage, l.topic, l.offset])).toEqual(expect.arrayContaining([['normalize', 'github-events', 0], ['sink:clickhouse', DEFAULT_TOPICS.events, 0]]));
    expect(letters).toHaveLength(2);
    for (const letter of letters) {
      expect(letter.errorMessage).toMatch(new RegExp(`\\(the record's value of (\\d+) bytes is left out of this dead letter: the dead letter of \\d+ bytes is over switchyard\\.dlq's max\\.message\\.bytes of ${DLQ_LIMIT}\\)$`));
      expect(Number(letter.kafkaHeaders?.[ConnectHeaders.valueOmitted]?.toString())).toBeGreaterThan(EVENTS_LIMIT);
    }
    expect(driver.committed('switchyard.normalize')['github-events/0']).toBe('1');
    expect(driver.committed('switchyard.sink:clickhouse')[`${DEFAULT_TOPICS.events}/0`]).toBe('1');
  });
});
