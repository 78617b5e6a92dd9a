/**
 * The contract between the sources and the stores, on every fixture and sample: a source's events
 * are only worth normalizing if the stores can keep them. For every source of a registry, every
 * fixture it lists and every sample it adds to `npm start` (`Normalizer.samples`) is normalized,
 * and
 *
 * - none is invalid: fixtures and samples are what the source sends, so an invalid one is a bug
 *   in the normalizer or the fixture (a skipped one is fine, and named below with why);
 * - every source yields events, and every event is a valid EngEvent of avro/schemas/EngEvent.avsc
 *   (what the codec would refuse to write to eng.events.v1);
 * - every store of sinks/registry.ts whose handlers accept an event builds rows for it (a handler
 *   that accepts and writes nothing would lose the event silently);
 * - every kind yielded has a row in the routing table.
 *
 * Run twice: over topology/sources.ts's SOURCES, and over a registry that adds the throwaway
 * GitLab source of test/fixtures/throwaway-source/ beside them, as its one registry line would:
 * its commits and merge requests reach the stores with no edit outside its folder.
 *
 * Over SOURCES alone, every handler of every store (✓ or Maybe) writes rows for some fixture or
 * sample of its kind: a kind that nothing yields is a handler no test runs. The samples are needed
 * for that: GitHub's only push fixture deletes a tag (no commits) and none of its pull requests is
 * merged, while its samples push a commit and merge a pull request.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { loadSchema } from '../../avro/schemas.ts';
import { inferWebhook } from '../../replay/infer.ts';
import { rawKey } from '../../topology/rawRecord.ts';
import { accepts, rowsOf, type Kind } from '../../sinks/handlers.ts';
import { STORES } from '../../sinks/registry.ts';
import type { Normalizer, Outcome } from '../../topology/normalizer.ts';
import { rowOf, storesFor } from '../../topology/routing.ts';
import { SOURCES } from '../../topology/sources.ts';
import { gitlab } from '../fixtures/throwaway-source/index.ts';

/** A fixture or sample of a source, and what its normalizer made of it. */
interface Normalized {
  readonly normalizer: Normalizer<string>;
  /** `fixture push/payload.json` or `sample 3 (pull_request)`. */
  readonly name: string;
  readonly isFixture: boolean;
  readonly outcome: Outcome;
  readonly events: readonly EngEvent[];
}

interface Delivery {
  readonly name: string;
  readonly isFixture: boolean;
  readonly source: string;
  readonly eventName: string;
  readonly body: string;
}

/** A source's fixtures, then its samples, as the gateway would have delivered them. */
function deliveries(normalizer: Normalizer<string>): Delivery[] {
  return [
    ...normalizer.fixtures().map((f) => ({ name: `fixture ${f.name}`, isFixture: true, source: f.source, eventName: f.eventName, body: readFileSync(f.file, 'utf8') })),
    ...normalizer.samples().map((s, i) => ({ name: `sample ${i} (${s.eventName})`, isFixture: false, source: s.source, eventName: s.eventName, body: JSON.stringify(s.body) })),
  ];
}

/** Every fixture and sample of every source in `sources`, normalized. */
function normalizeAll(sources: readonly Normalizer<string>[]): Normalized[] {
  return sources.flatMap((normalizer) =>
    deliveries(normalizer).map(({ name, isFixture, source, eventName, body }) => {
      const deliveryId = `${normalizer.source} ${name}`;
      const outcome = normalizer.normalize({ source, eventName, deliveryId, receivedAt: 0, headers: { ...normalizer.headers(eventName, deliveryId) }, body });
      return { normalizer, name, isFixture, outcome, events: outcome.kind === 'normalized' ? outcome.events : [] };
    }),
  );
}

const eventsOf = (normalized: readonly Normalized[]) => normalized.flatMap((n) => n.events.map((event) => ({ n, event })));

/** What a store writes for an event (its handlers' rows; none when it does not accept the event). */
const rowsIn = (store: (typeof STORES)[number], event: EngEvent): readonly unknown[] => rowsOf<unknown>(store.handlers, event);

const where = (n: Normalized, event: EngEvent) => `${n.normalizer.source} ${n.name} (${event.eventId})`;

const engEventType = loadSchema('EngEvent');

/** The paths at which an event is not a valid EngEvent in Avro; none when it is one. */
function avroProblems(event: EngEvent): string[] {
  const paths: string[] = [];
  engEventType.isValid(event, { errorHook: (path) => paths.push(path.join('.') || '(the event)') });
  return paths;
}

function describeContract(title: string, sources: readonly Normalizer<string>[]): Normalized[] {
  const normalized = normalizeAll(sources);
  const events = eventsOf(normalized);

  describe(title, () => {
    it('lists fixtures for every source, and yields events of each', () => {
      for (const normalizer of sources) {
        expect(normalizer.fixtures().length, normalizer.source).toBeGreaterThan(0);
        expect(events.filter(({ n }) => n.normalizer === normalizer).length, normalizer.source).toBeGreaterThan(0);
      }
    });

    it('finds no fixture or sample invalid', () => {
      const invalid = normalized.flatMap(({ normalizer, name, outcome }) => (outcome.kind === 'invalid' ? [`${normalizer.source} ${name}: ${outcome.path}: ${outcome.reason}`] : []));
      expect(invalid).toEqual([]);
    });

    it('yields only events that are valid EngEvents in Avro', () => {
      const problems = events.flatMap(({ n, event }) => avroProblems(event).map((path) => `${where(n, event)}: ${path}`));
      expect(problems).toEqual([]);
    });

    it('gets rows from every store that accepts an event', () => {
      const empty = events.flatMap(({ n, event }) => STORES.filter((store) => accepts(store.handlers, event) && rowsIn(store, event).length === 0).map((store) => `${store.name}: no rows for ${where(n, event)}`));
      expect(empty).toEqual([]);
    });

    it('gives every kind it yields a row of the routing table', () => {
      const kinds = new Set(events.map(({ event }) => event.type));
      expect([...kinds].filter((kind) => !safeRow(kind))).toEqual([]);
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

const ofSources = describeContract('every source of topology/sources.ts', SOURCES);

describe('the fixtures and samples of topology/sources.ts', () => {
  it('skip only what their sources do not use, each for its reason', () => {
    const skipped = ofSources.flatMap(({ normalizer, name, outcome }) => (outcome.kind === 'skipped' ? [`${normalizer.source} ${name}`] : []));
    expect(skipped).toEqual([
      'github fixture check_run/completed.github-actions.payload.json', // GitHub Actions' own: workflow_job carries it
      'github fixture check_suite/completed.github-actions.payload.json', // GitHub Actions' own: workflow_run carries it
      'github fixture organization/member_invited.payload.json', // an invitation, no membership yet
      'github fixture organization/renamed.payload.json', // no store keys by an organization's login
      'github fixture ping/payload.json', // an event Switchyard does not read
      'github fixture push/payload.json', // deletes a tag: no commits to emit
      'jira fixture jira-issue_updated.commented.json', // no changelog: a comment, nothing of the issue changed
      'prometheus fixture query_result.error.json', // a failed query: nothing sampled
      'prometheus fixture query_result.scalar.json', // a scalar: no series to sample
    ]);
  });

  it('run every handler of every store: some event of its kind reaches the store and gets rows', () => {
    const events = eventsOf(ofSources);
    const untried = STORES.flatMap((store) =>
      Object.entries(store.handlers)
        .filter(([, handler]) => handler !== null)
        .map(([kind]) => kind as Kind)
        .flatMap((kind) => {
          const ofKind = events.filter(({ event }) => event.type === kind);
          if (ofKind.length === 0) return [`${store.name} handles ${kind}, but no fixture or sample yields it`];
          return ofKind.some(({ event }) => accepts(store.handlers, event) && rowsIn(store, event).length > 0) ? [] : [`${store.name} handles ${kind}, but gets rows for none of its ${ofKind.length} event(s)`];
        }),
    );
    expect(untried).toEqual([]);
  });
});

const registry = [...SOURCES, gitlab];
const withThrowaway = describeContract('a throwaway GitLab source, in a registry beside them', registry);

describe('the throwaway GitLab source', () => {
  const own = withThrowaway.filter((n) => n.normalizer === gitlab);

  it('normalizes its pushes and merge requests into the kinds GitHub’s become, with source gitlab', () => {
    const events = own.filter((n) => n.isFixture).flatMap((n) => n.events);
    expect(events.map((e) => [e.type, e.source])).toEqual([
      ['pull_request.merged', 'gitlab'],
      ['pull_request.opened', 'gitlab'],
      ['commit.pushed', 'gitlab'],
      ['commit.pushed', 'gitlab'],
    ]);
  });

  it('is keyed by project, told from its bodies and given its headers by its own folder, as replay sends it', () => {
    for (const fixture of gitlab.fixtures()) {
      const body = readFileSync(fixture.file, 'utf8');
      expect(rawKey({ source: 'gitlab', body }, undefined, registry), fixture.name).toBe('acme/payments-api');
      expect(inferWebhook(fixture.file, JSON.parse(body), registry), fixture.name).toEqual({ source: 'gitlab', eventName: fixture.eventName });
    }
    expect(gitlab.headers('push', 'd-1')).toEqual({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-event-uuid': 'd-1' });
  });

  it('reaches stores: every event of it goes to at least one, with rows', () => {
    for (const { n, event } of eventsOf(own)) {
      const stores = storesFor(event);
      expect(stores, where(n, event)).not.toEqual([]);
      for (const name of stores) expect(rowsIn(STORES.find((s) => s.name === name)!, event).length, `${name}: ${where(n, event)}`).toBeGreaterThan(0);
    }
  });
});
