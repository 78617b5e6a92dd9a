/**
 * Whatever GitHub (or anyone posting to the gateway) sends, the normalizer answers with an
 * outcome and never throws: random bodies for every event it reads, and the real fixtures with
 * fields deleted or replaced at random depths. Every event it yields is valid Avro, a redelivered
 * webhook (the same delivery id, received later) yields the same ids, and another delivery of the
 * same body yields them too, but for the delivery id itself where it is part of one (the kinds
 * without a time of their own).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../normalizer.ts';
import { expectContract } from '../testing/normalizerProperties.ts';
import { GITHUB_EVENTS, github } from './index.ts';
import { DELIVERY, fixture, type Json, type JsonObject, RECEIVED_LATER, webhook, without, withValue } from '../testing/github.ts';

/** The shared contract checks, plus what holds for GitHub; returns the kind for the statistics. */
function checkOutcome(outcome: Outcome): Outcome['kind'] {
  expectContract(outcome);
  if (outcome.kind === 'normalized') for (const event of outcome.events) expect(event).toMatchObject({ source: 'github', projectKey: null });
  return outcome.kind;
}

const OTHER_DELIVERY = 'another-delivery';

/**
 * Normalizes one body as delivered, redelivered a minute later, and as another delivery: the same
 * outcome kind each time; the redelivery's ids are the first's, and the other delivery's differ
 * from them only where the first's delivery id stands.
 */
function normalizeTwice(eventName: string, body: string): Outcome['kind'] {
  const first = github.normalize(webhook(eventName, body));
  const redelivered = github.normalize(webhook(eventName, body, DELIVERY, RECEIVED_LATER));
  const other = github.normalize(webhook(eventName, body, OTHER_DELIVERY));
  expect(redelivered.kind).toBe(first.kind);
  expect(other.kind).toBe(first.kind);
  const ids = (outcome: Outcome) => (outcome.kind === 'normalized' ? outcome.events.map((event) => event.eventId) : []);
  expect(ids(redelivered)).toEqual(ids(first));
  expect(ids(other)).toEqual(ids(first).map((id) => id.replaceAll(DELIVERY, OTHER_DELIVERY)));
  return checkOutcome(first);
}

const ACTIONS: Record<string, readonly string[]> = {
  push: [],
  pull_request: ['opened', 'closed', 'synchronize', 'ready_for_review', 'reopened', 'edited', 'labeled', 'review_requested', 'assigned', 'locked'],
  pull_request_review: ['submitted', 'dismissed', 'edited'],
  pull_request_review_comment: ['created', 'edited', 'deleted'],
  pull_request_review_thread: ['resolved', 'unresolved'],
  issue_comment: ['created', 'edited', 'deleted', 'pinned'],
  commit_comment: ['created'],
  deployment: ['created'],
  deployment_status: ['created'],
  workflow_run: ['completed', 'requested'],
  workflow_job: ['completed', 'in_progress'],
  issues: ['opened', 'edited', 'closed', 'reopened', 'labeled', 'unlabeled', 'assigned'],
  team: ['created', 'edited', 'deleted', 'added_to_repository', 'removed_from_repository', 'archived'],
  team_add: [],
  membership: ['added', 'removed'],
  organization: ['member_added', 'member_removed', 'member_invited'],
  member: ['added', 'edited', 'removed'],
  repository: ['created', 'renamed', 'transferred', 'archived', 'unarchived', 'deleted', 'edited'],
  create: [],
  delete: [],
  release: ['published', 'released', 'created', 'edited', 'deleted', 'prereleased', 'unpublished'],
  check_run: ['completed', 'created'],
  check_suite: ['completed', 'requested'],
  label: ['created', 'edited', 'deleted'],
  milestone: ['created', 'opened', 'closed', 'edited', 'deleted'],
};

const eventNames = fc.constantFrom(...GITHUB_EVENTS);

/** Any JSON text, any JS value's JSON (or none), or text that is not JSON. */
const anyBody = fc.oneof(
  fc.json(),
  fc.anything().map((value) => {
    try {
      return JSON.stringify(value) ?? 'undefined';
    } catch {
      return String(value); // e.g. a BigInt
    }
  }),
  fc.string(),
);

/** An object with a plausible action and random fields, so the action gate lets it through. */
const withAction = (eventName: string) =>
  fc
    .tuple(fc.constantFrom(...(ACTIONS[eventName]!.length > 0 ? ACTIONS[eventName]! : ['none'])), fc.dictionary(fc.string(), fc.jsonValue()))
    .map(([action, fields]) => JSON.stringify({ ...fields, action }));

/** The fixtures and the variants the tests build, by event name. */
function realPayloads(): Array<[string, JsonObject]> {
  const closed = fixture('pull_request/closed.payload.json');
  let merged = withValue(closed, ['pull_request', 'merged'], true);
  merged = withValue(merged, ['pull_request', 'merged_at'], '2019-05-15T15:21:18Z');
  merged = withValue(merged, ['pull_request', 'merged_by'], (closed['pull_request'] as JsonObject)['user']!);
  const push = withValue(withValue(fixture('push/payload.json'), ['deleted'], false), ['commits'], [
    {
      id: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      distinct: true,
      message: 'PROJ-1 Initial commit',
      timestamp: '2019-05-15T15:19:25-05:00',
      url: 'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      author: { name: 'Codertocat', email: '21031067+Codertocat@users.noreply.github.com', username: 'Codertocat' },
      committer: { name: 'GitHub', email: 'noreply@github.com' },
      added: ['README.md'],
      removed: [],
      modified: [],
    },
  ]);
  const submitted = fixture('pull_request_review/submitted.payload.json');
  return [
    ['push', push],
    ['push', fixture('push/payload.json')],
    ['pull_request', fixture('pull_request/opened.payload.json')],
    ['pull_request', closed],
    ['pull_request', merged],
    ['pull_request', fixture('pull_request/synchronize.payload.json')],
    ['pull_request_review', submitted],
    ['pull_request_review', withValue(submitted, ['action'], 'dismissed')],
    ['deployment', fixture('deployment/payload.json')],
    ['deployment_status', fixture('deployment_status/payload.json')],
    ['workflow_run', fixture('workflow_run/completed.payload.json')],
    ['workflow_job', fixture('workflow_job/completed.payload.json')],
    ['issues', fixture('issues/opened.payload.json')],
    ['issues', fixture('issues/reopened.payload.json')],
    ['issues', fixture('issues/labeled.payload.json')],
    ['issues', fixture('issues/unlabeled.payload.json')],
    ['issues', withValue(withValue(fixture('issues/opened.payload.json'), ['action'], 'closed'), ['issue', 'closed_at'], '2019-05-16T00:00:00Z')],
    // Kinds without a time of their own, whose ids hold the delivery id.
    ['label', fixture('label/edited.payload.json')],
    ['membership', fixture('membership/added.payload.json')],
    ['create', fixture('create/payload.json')],
  ];
}

type Path = (string | number)[];

/** Every path into a JSON value, grouped by depth (1 = a top-level field). */
function pathsByDepth(value: Json): Path[][] {
  const byDepth: Path[][] = [];
  const walk = (node: Json, path: Path): void => {
    if (path.length > 0) (byDepth[path.length - 1] ??= []).push(path);
    if (Array.isArray(node)) node.forEach((child, index) => walk(child, [...path, index]));
    else if (node !== null && typeof node === 'object') for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
  };
  walk(value, []);
  return byDepth;
}

/** One edit: at a depth and a path within it (both taken modulo what exists), delete or replace. */
const mutation = fc.record({
  depth: fc.nat(),
  index: fc.nat(),
  replacement: fc.option(fc.jsonValue() as fc.Arbitrary<Json>, { nil: undefined }),
});

function mutate(body: JsonObject, edit: { depth: number; index: number; replacement: Json | undefined }): JsonObject {
  const byDepth = pathsByDepth(body);
  if (byDepth.length === 0) return body;
  const atDepth = byDepth[edit.depth % byDepth.length]!;
  const path = atDepth[edit.index % atDepth.length]!;
  return edit.replacement === undefined ? without(body, path) : withValue(body, path, edit.replacement);
}

describe('github normalizer, for any input', () => {
  it('answers random bodies of every event it reads with an outcome, never an exception', () => {
    fc.assert(fc.property(eventNames, anyBody, (eventName, body) => void normalizeTwice(eventName, body)), { numRuns: 500 });
  });

  it('answers random bodies with a known action with an outcome', () => {
    fc.assert(
      fc.property(eventNames.chain((eventName) => fc.tuple(fc.constant(eventName), withAction(eventName))), ([eventName, body]) => void normalizeTwice(eventName, body)),
      { numRuns: 500 },
    );
  });

  it('answers mutated real payloads with an outcome; what it normalizes is valid Avro', () => {
    const payloads = realPayloads();
    const kinds = new Set<Outcome['kind']>();
    fc.assert(
      fc.property(fc.nat(payloads.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, edits) => {
        const [eventName, original] = payloads[which]!;
        const body = edits.reduce(mutate, original);
        kinds.add(normalizeTwice(eventName, JSON.stringify(body)));
      }),
      { numRuns: 2000 },
    );
    // The mutations reach both sides: payloads that still normalize, and payloads that do not.
    expect(kinds).toContain('normalized');
    expect(kinds).toContain('invalid');
  });

  it('normalizes every unmutated real payload into valid Avro', () => {
    for (const [eventName, body] of realPayloads()) expect(normalizeTwice(eventName, JSON.stringify(body))).not.toBe('invalid');
  });
});
