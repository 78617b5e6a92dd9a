/**
 * Test helpers for the GitHub normalizer: fixtures, webhooks around them, outcomes unwrapped,
 * and edits of a payload at a JSON path. Used by topology/github's tests only; it sits here,
 * topology's one place for test helpers, so the source folder holds the normalizer, its
 * fixtures and its tests, and nothing a production import could reach by mistake.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { EngEvent, Identity, RawWebhook } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { github } from '../github/index.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** GitHub's documentation example of an X-GitHub-Delivery. */
export const DELIVERY = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
export const RECEIVED_AT = Date.parse('2024-03-01T12:00:00Z');
/** A minute after RECEIVED_AT: when a redelivery, or the same event through a second webhook (an organization's and a repository's), arrives. */
export const RECEIVED_LATER = RECEIVED_AT + 60_000;

/** The sender and author of most octokit examples. */
export const codertocat: Identity = { source: 'github', accountId: '21031067', login: 'Codertocat', displayName: null, email: null };

/** A payload from `topology/github/fixtures/`, e.g. `pull_request/opened.payload.json`; a fresh copy each call. */
export function fixture(path: string): JsonObject {
  return JSON.parse(readFileSync(new URL(`../github/fixtures/${path}`, import.meta.url), 'utf8')) as JsonObject;
}

/**
 * The envelope of an event of a Codertocat/Hello-World fixture (all but workflow_run), normalized
 * under DELIVERY; spread it into an expected EngEvent beside its id, type, time and payload.
 */
export const helloWorld = { source: 'github', actor: codertocat, repository: 'Codertocat/Hello-World', projectKey: null, deliveryId: DELIVERY } as const;

/** The webhook of `body`, delivered as `deliveryId` (GitHub's GUID of the event) and received at `receivedAt`. */
export function webhook(eventName: string, body: Json | string, deliveryId = DELIVERY, receivedAt = RECEIVED_AT): RawWebhook {
  return {
    source: 'github',
    eventName,
    deliveryId,
    receivedAt,
    headers: { 'x-github-event': eventName, 'x-github-delivery': deliveryId },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

export function normalize(eventName: string, body: Json | string, deliveryId = DELIVERY, receivedAt = RECEIVED_AT): Outcome {
  return github.normalize(webhook(eventName, body, deliveryId, receivedAt));
}

/** The events of a normalized outcome; fails the test for any other outcome. */
export function eventsOf(outcome: Outcome): readonly EngEvent[] {
  expect(outcome).toMatchObject({ kind: 'normalized' });
  return outcome.kind === 'normalized' ? outcome.events : [];
}

/** The one event of a normalized outcome. */
export function onlyEvent(outcome: Outcome): EngEvent {
  const events = eventsOf(outcome);
  expect(events).toHaveLength(1);
  return events[0]!;
}

/** The id of the one event `body` normalizes to, e.g. to compare a redelivery's with the first's. */
export function eventIdOf(eventName: string, body: Json | string, deliveryId = DELIVERY, receivedAt = RECEIVED_AT): string {
  return onlyEvent(normalize(eventName, body, deliveryId, receivedAt)).eventId;
}

/** Asserts that `body` is invalid at `path`, with a reason. */
export function expectInvalid(eventName: string, body: Json | string, path: string): void {
  expect(normalize(eventName, body)).toMatchObject({ kind: 'invalid', path, reason: expect.any(String) });
}

/** Removes the value at `path` (property names and array indexes) from a copy of `body`. */
export function without(body: JsonObject, path: readonly (string | number)[]): JsonObject {
  return edit(body, path, (parent, key) => {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  });
}

/** Sets the value at `path` in a copy of `body`. */
export function withValue(body: JsonObject, path: readonly (string | number)[], value: Json): JsonObject {
  return edit(body, path, (parent, key) => {
    if (Array.isArray(parent)) parent[key as number] = value;
    else parent[key as string] = value;
  });
}

function edit(body: JsonObject, path: readonly (string | number)[], change: (parent: Json[] | JsonObject, key: string | number) => void): JsonObject {
  const copy = structuredClone(body);
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key]!;
  change(parent as Json[] | JsonObject, path.at(-1)!);
  return copy;
}
