/**
 * Test support for any source's normalizer.
 *
 * `describeNormalizerProperties` registers the properties every normalizer must have, checked
 * with fast-check over its own fixtures:
 *
 * - random JSON (and non-JSON) bodies under every supported event name, random event names, and
 *   fixtures mutated one to three times (a field deleted, or any value replaced by random JSON,
 *   at any depth) never make it throw;
 * - every outcome keeps the contract (`expectContract`): normalized events are valid EngEvents
 *   for avsc, skipped has a reason, invalid has a JSON path starting with `$` and a reason;
 * - replaying a webhook gives the same outcome, and the ids do not depend on the time it was
 *   received nor on its delivery id (GitHub's kinds without a time of their own take the
 *   delivery id, GitHub's GUID of the event: they have their own property test,
 *   topology/github/properties.test.ts).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { loadSchema } from '../../avro/schemas.ts';
import type { Normalizer, Outcome } from '../normalizer.ts';

const engEvent = loadSchema('EngEvent');

/** A RawWebhook as the gateway would put it on the raw topic. */
export function rawWebhook(source: string, eventName: string, body: string, deliveryId = 'delivery-1'): RawWebhook {
  return { source, eventName, deliveryId, receivedAt: 1_700_000_000_000, headers: {}, body };
}

/** The text of a fixture file in `dir` (a folder URL, e.g. `new URL('./fixtures/', import.meta.url)`). */
export function readFixture(dir: URL, file: string): string {
  return readFileSync(new URL(file, dir), 'utf8');
}

/**
 * A `normalize(file, eventName, edit?, source?)` for a source's example-based tests: the fixture
 * `file` in `dir`, parsed and handed to `edit` (to break or change a field), normalized as one
 * webhook delivered under `deliveryId` (from `source`, by default the normalizer's), its outcome
 * checked against the contract before it is returned.
 */
export function fixtureNormalizer(normalizer: Normalizer, dir: URL, deliveryId: string) {
  return (file: string, eventName: string, edit?: (body: any) => void, source = normalizer.source): Outcome => {
    const body = JSON.parse(readFixture(dir, file));
    edit?.(body);
    const outcome = normalizer.normalize(rawWebhook(source, eventName, JSON.stringify(body), deliveryId));
    expectContract(outcome);
    return outcome;
  };
}

/** Asserts that an outcome keeps the normalizer contract (see the module comment). */
export function expectContract(outcome: Outcome): void {
  switch (outcome.kind) {
    case 'normalized':
      for (const event of outcome.events) {
        const problems: string[] = [];
        engEvent.isValid(event, { errorHook: (path, value) => problems.push(`${path.join('.')} = ${JSON.stringify(value)}`) });
        expect(problems, `${event.eventId} is not a valid EngEvent`).toEqual([]);
      }
      break;
    case 'skipped':
      expect(outcome.reason).toMatch(/\S/);
      break;
    case 'invalid':
      expect(outcome.path).toMatch(/^\$/);
      expect(outcome.reason).toMatch(/\S/);
      break;
    default:
      expect.unreachable(`unknown outcome ${JSON.stringify(outcome)}`);
  }
}

type Path = readonly (string | number)[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every node's path in a JSON value, the root (`[]`) first. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const children = Array.isArray(value) ? value.map((child, index) => [index, child] as const) : isObject(value) ? Object.entries(value) : [];
  return [prefix, ...children.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

interface Mutation {
  readonly at: number;
  readonly kind: 'delete' | 'replace';
  readonly value: unknown;
}

/** The value with one node (the `at`-th, modulo their number) deleted or replaced. */
function mutate(value: unknown, { at, kind, value: replacement }: Mutation): unknown {
  const paths = pathsOf(value);
  const path = paths[at % paths.length]!;
  if (path.length === 0) return replacement;
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown> | unknown[];
  const key = path.at(-1)!;
  if (kind === 'replace') (parent as Record<string | number, unknown>)[key] = replacement;
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete (parent as Record<string | number, unknown>)[key];
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'replace'),
  value: fc.jsonValue({ maxDepth: 3 }),
});

/** A JSON value mutated one to three times, each time at a random node. */
export function mutated(value: unknown): fc.Arbitrary<unknown> {
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => mutations.reduce(mutate, value));
}

export interface FixtureCase {
  /** The fixture's file name, to name its test. */
  readonly file: string;
  /** The RawWebhook eventName the fixture arrives under. */
  readonly eventName: string;
  /** The RawWebhook source (github, jira, notion, alertmanager, prometheus). */
  readonly source: string;
  /** The fixture's JSON text. */
  readonly body: string;
}

/** Normalizes twice (and once more under another delivery), checks the contract and the replay. */
function expectReplayable(normalizer: Normalizer, webhook: RawWebhook): void {
  const outcome = normalizer.normalize(webhook);
  expectContract(outcome);
  expect(normalizer.normalize(webhook)).toEqual(outcome);
  const redelivered = normalizer.normalize({ ...webhook, deliveryId: 'delivery-2', receivedAt: webhook.receivedAt + 60_000 });
  const ids = (result: Outcome) => (result.kind === 'normalized' ? result.events.map((event) => event.eventId) : result);
  expect(ids(redelivered)).toEqual(ids(outcome));
}

/** Registers the contract properties for a normalizer, over its fixtures (see the module comment). */
export function describeNormalizerProperties(normalizer: Normalizer, fixtures: readonly FixtureCase[], numRuns = 200): void {
  const eventNames = [...new Set(fixtures.map((fixture) => fixture.eventName))];
  const sources = [...new Set(fixtures.map((fixture) => fixture.source))];

  describe(`${normalizer.source} normalizer properties`, () => {
    it('every fixture keeps the contract and replays identically', () => {
      for (const { source, eventName, body } of fixtures) expectReplayable(normalizer, rawWebhook(source, eventName, body));
    });

    it('random bodies under every supported event name never throw', () => {
      const body = fc.oneof(fc.jsonValue().map((value) => JSON.stringify(value)), fc.string());
      fc.assert(
        fc.property(fc.constantFrom(...sources), fc.constantFrom(...eventNames), body, (source, eventName, text) => {
          expectReplayable(normalizer, rawWebhook(source, eventName, text));
        }),
        { numRuns },
      );
    });

    it('random event names are skipped or handled, never thrown on', () => {
      fc.assert(
        fc.property(fc.constantFrom(...fixtures), fc.string(), (fixture, eventName) => {
          expectReplayable(normalizer, rawWebhook(fixture.source, eventName, fixture.body));
        }),
        { numRuns },
      );
    });

    it.each(fixtures.map((fixture) => [fixture.file, fixture] as const))('mutated %s never throws', (_file, fixture) => {
      fc.assert(
        fc.property(mutated(JSON.parse(fixture.body)), (value) => {
          expectReplayable(normalizer, rawWebhook(fixture.source, fixture.eventName, JSON.stringify(value)));
        }),
        { numRuns },
      );
    });
  });
}
