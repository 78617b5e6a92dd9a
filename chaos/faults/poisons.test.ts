import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../avro/schemas.ts';
import { expectedEvents } from '../../replay/index.ts';
import { identityKey } from '../../sinks/identity.ts';
import { choosePoisons, EVENTS_TOPIC_MAX_BYTES, NEVER_ISSUED_SCHEMA_ID, poisonWebhooks, rawPoisons } from './poisons.ts';

const { webhooks, letters } = poisonWebhooks(42);
const named = (name: string) => webhooks.find((w) => w.poison === name)!;

describe('poisonWebhooks', () => {
  it('makes a commit whose Neo4j developer key is over the 8,167-byte index limit', () => {
    const [event] = expectedEvents(named('neo4jKey').webhook);
    expect(event?.type).toBe('commit.pushed');
    const author = (event!.payload as { author: Parameters<typeof identityKey>[0] }).author;
    expect(Buffer.byteLength(identityKey(author)!)).toBeGreaterThan(8_167);
    expect(letters.find((l) => l.poison === 'neo4jKey')).toMatchObject({ stage: 'sink:neo4j', ids: [event!.eventId] });
  });

  it('puts a NUL in a text field, not in the event id', () => {
    const [event] = expectedEvents(named('nulText').webhook);
    expect(JSON.stringify(event)).toContain('\\u0000');
    expect(event!.eventId).not.toContain('\u0000');
  });

  it('makes an event over the events topic limit from a webhook well under the raw topics’ 1 MB', () => {
    const { webhook } = named('oversized');
    const raw = loadSchema('RawWebhook').toBuffer(webhook).length;
    const event = loadSchema('EngEvent').toBuffer(expectedEvents(webhook)[0]!).length;
    expect(raw).toBeLessThan(1_000_000);
    expect(event).toBeGreaterThan(EVENTS_TOPIC_MAX_BYTES);
  });

  it('nests the deep body 10,000 levels', () => {
    const body = named('deepJson').webhook.body;
    expect(body.startsWith('{"a":'.repeat(10_000))).toBe(true);
  });

  it('gives every poison webhook a delivery id of its own, and different shas from run to run', () => {
    const ids = webhooks.map((w) => w.webhook.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);
    const again = poisonWebhooks(42);
    expect(expectedEvents(again.webhooks[0]!.webhook)[0]!.eventId).not.toBe(expectedEvents(webhooks[0]!.webhook)[0]!.eventId);
  });

  it('never accepts a stack overflow as the reason for the deep body', () => {
    const deep = letters.find((l) => l.poison === 'deepJson')!;
    expect(deep.reason.test('RangeError: Maximum call stack size exceeded')).toBe(false);
    expect(deep.reason.test('SchemaMismatchError: JSON nested deeper than 64 levels at $.a.a')).toBe(true);
  });
});

describe('rawPoisons', () => {
  it('gives bytes that are neither Avro (magic 0) nor JSON, and a framed record with an id no registry issued', () => {
    const [notAvro, unknownId] = rawPoisons();
    expect(notAvro!.value[0]).not.toBe(0);
    expect(notAvro!.value[0]).not.toBe('{'.charCodeAt(0));
    expect(unknownId!.value[0]).toBe(0);
    expect(unknownId!.value.readInt32BE(1)).toBe(NEVER_ISSUED_SCHEMA_ID);
    expect(unknownId!.reason.test(`UnknownSchemaIdError: schema id ${NEVER_ISSUED_SCHEMA_ID} is not in the schema registry`)).toBe(true);
  });
});

describe('choosePoisons', () => {
  it('is every poison when unset, none on request, a subset by name, and refuses a typo', () => {
    expect(choosePoisons(undefined).size).toBe(6);
    expect(choosePoisons('none').size).toBe(0);
    expect([...choosePoisons('neo4jKey, notAvro')]).toEqual(['neo4jKey', 'notAvro']);
    expect(() => choosePoisons('neo4jkey')).toThrow(/CHAOS_POISONS: unknown poison neo4jkey/);
  });
});
