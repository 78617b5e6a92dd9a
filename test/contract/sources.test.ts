/**
 * The contract between the sources and the stores, on every fixture: a source's events are only
 * worth normalizing if the stores can keep them. For every source of a registry, every fixture it
 * lists is normalized, and
 *
 * - every store of sinks/registry.ts whose handlers accept an event builds rows for it (a handler
 *   that accepts and writes nothing would lose the event silently);
 * - every kind a fixture yields has a row in the routing table;
 * - every store with a handler for a kind (✓ or Maybe) gets rows for at least one fixture of that
 *   kind, when any fixture yields the kind: no handler goes untried for want of a fixture.
 *
 * Run twice: over topology/sources.ts's SOURCES, and over a registry that adds the throwaway
 * GitLab source of test/fixtures/throwaway-source/ beside them, as its one registry line would:
 * its commits and merge requests reach the stores with no edit outside its folder.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EngEvent, RawWebhook } from '../../avro/generated/types.ts';
import { inferWebhook } from '../../replay/infer.ts';
import { rawKey } from '../../replay/key.ts';
import { accepts, rowsOf, type Kind } from '../../sinks/handlers.ts';
import { STORES } from '../../sinks/registry.ts';
import type { Fixture, Normalizer } from '../../topology/normalizer.ts';
import { rowOf, storesFor } from '../../topology/routing.ts';
import { SOURCES } from '../../topology/sources.ts';
import { gitlab } from '../fixtures/throwaway-source/index.ts';

interface Normalized {
  readonly normalizer: Normalizer<string>;
  readonly fixture: Fixture;
  readonly events: readonly EngEvent[];
}

/** Every fixture of every source in `sources`, normalized as the gateway would have delivered it. */
function normalizeFixtures(sources: readonly Normalizer<string>[]): Normalized[] {
  return sources.flatMap((normalizer) =>
    normalizer.fixtures().map((fixture) => {
      const deliveryId = `fixture:${fixture.name}`;
      const webhook: RawWebhook = { source: fixture.source, eventName: fixture.eventName, deliveryId, receivedAt: 0, headers: { ...normalizer.headers(fixture.eventName, deliveryId) }, body: readFileSync(fixture.file, 'utf8') };
      const outcome = normalizer.normalize(webhook);
      return { normalizer, fixture, events: outcome.kind === 'normalized' ? outcome.events : [] };
    }),
  );
}

/** What a store writes for an event (its handlers' rows; none when it does not accept the event). */
const rowsIn = (store: (typeof STORES)[number], event: EngEvent): readonly unknown[] => rowsOf<unknown>(store.handlers, event);

const where = (n: Normalized, event: EngEvent) => `${n.normalizer.source} fixture ${n.fixture.name} (${event.eventId})`;

function describeContract(title: string, sources: readonly Normalizer<string>[]): Normalized[] {
  const normalized = normalizeFixtures(sources);
  const events = normalized.flatMap((n) => n.events.map((event) => ({ n, event })));

  describe(title, () => {
    it('lists fixtures for every source, and they yield events', () => {
      for (const normalizer of sources) expect(normalizer.fixtures().length, normalizer.source).toBeGreaterThan(0);
      expect(events.length).toBeGreaterThan(0);
    });

    it('gets rows from every store that accepts an event of a fixture', () => {
      const empty = events.flatMap(({ n, event }) => STORES.filter((store) => accepts(store.handlers, event) && rowsIn(store, event).length === 0).map((store) => `${store.name}: no rows for ${where(n, event)}`));
      expect(empty).toEqual([]);
    });

    it('gives every kind it yields a row of the routing table', () => {
      const kinds = new Set(events.map(({ event }) => event.type));
      expect([...kinds].filter((kind) => !safeRow(kind))).toEqual([]);
    });

    it('tries every store handler of a kind on a fixture that reaches it', () => {
      const kinds = new Set(events.map(({ event }) => event.type));
      const untried = [...kinds].flatMap((kind) =>
        STORES.filter((store) => store.handlers[kind] !== null)
          .filter((store) => !events.some(({ event }) => event.type === kind && accepts(store.handlers, event) && rowsIn(store, event).length > 0))
          .map((store) => `${store.name} handles ${kind}, but no fixture of it reaches the store`),
      );
      expect(untried).toEqual([]);
    });
  });
  return normalized;
}

function safeRow(kind: Kind): boolean {
  try {
    return rowOf(kind).kinds.includes(kind);
  } catch {
    return false;
  }
}

describeContract('every source of topology/sources.ts', SOURCES);

const registry = [...SOURCES, gitlab];
const withThrowaway = describeContract('a throwaway GitLab source, in a registry beside them', registry);

describe('the throwaway GitLab source', () => {
  const own = withThrowaway.filter((n) => n.normalizer === gitlab);

  it('normalizes its pushes and merge requests into the kinds GitHub’s become, with source gitlab', () => {
    const events = own.flatMap((n) => n.events);
    expect(events.map((e) => [e.type, e.source])).toEqual([
      ['pull_request.merged', 'gitlab'],
      ['pull_request.opened', 'gitlab'],
      ['commit.pushed', 'gitlab'],
      ['commit.pushed', 'gitlab'],
    ]);
  });

  it('is keyed by project, told from its bodies and given its headers by its own folder, as replay sends it', () => {
    for (const { fixture } of own) {
      const body = readFileSync(fixture.file, 'utf8');
      expect(rawKey({ source: 'gitlab', body }, undefined, registry), fixture.name).toBe('acme/payments-api');
      expect(inferWebhook(fixture.file, JSON.parse(body), registry), fixture.name).toEqual({ source: 'gitlab', eventName: fixture.eventName });
    }
    expect(gitlab.headers('push', 'd-1')).toEqual({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-event-uuid': 'd-1' });
  });

  it('reaches stores: every event of it goes to at least one, with rows', () => {
    for (const { n, event } of own.flatMap((n) => n.events.map((event) => ({ n, event })))) {
      const stores = storesFor(event);
      expect(stores, where(n, event)).not.toEqual([]);
      for (const name of stores) expect(rowsIn(STORES.find((s) => s.name === name)!, event).length, `${name}: ${where(n, event)}`).toBeGreaterThan(0);
    }
  });
});
