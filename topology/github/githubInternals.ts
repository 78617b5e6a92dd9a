/**
 * What every GitHub event file shares: the zod pieces for the parts of a webhook body that recur
 * (timestamps, ids, users, the repository), the `Identity` of a GitHub account, and the envelope
 * every event gets (actor, repository, delivery id, deterministic id).
 *
 * The numeric schemas are as narrow as the Avro fields they end up in (`int` is 32-bit, `long`
 * is what avsc keeps without precision loss), so a payload that parses always yields an event
 * that encodes: an out-of-range number is reported against its JSON path, not discovered by the
 * producer.
 */
import { z } from 'zod';
import type { EngEvent, EngEventType, Identity, RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, type EventParts, type Outcome, skipped } from '../normalizer.ts';
import { isoMillis, parseBody } from '../payload.ts';

/**
 * An ISO-8601 date-time as GitHub sends it (`2019-05-15T15:20:30Z`, `…-05:00` for commit
 * timestamps), as epoch milliseconds. Stricter than `isoMillis` alone, which takes whatever
 * `Date.parse` takes (`"1"`, years ±271821 that no Avro timestamp can hold).
 */
export const timestamp = z.iso.datetime({ offset: true }).pipe(isoMillis);

/** An Avro `int`: counts and numbers within a repository. */
export const int32 = z.int32();

/** A GitHub database id, kept in an Avro `long` (avsc keeps ±(2^53 − 2) exactly). */
export const githubId = z.int().min(0).max(2 ** 53 - 2);

/** A GitHub account as webhooks embed it (sender, pull_request.user, review.user, creator, …). */
export const user = z.looseObject({
  id: githubId,
  login: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
});

/** The repository every repository webhook carries; only its owner/name is used. */
export const repository = z.looseObject({ full_name: z.string() });

/** The parts of the body every event reads: the repository and who caused the event. */
export const webhookBase = { repository, sender: user.optional() };

export function identity(account: z.infer<typeof user>): Identity {
  return { source: 'github', accountId: String(account.id), login: account.login, displayName: account.name ?? null, email: account.email ?? null };
}

/** Empty text is GitHub's "none" for descriptions and URLs. */
export const nonEmpty = (text: string | null | undefined): string | null => (text === undefined || text === null || text === '' ? null : text);

/** A timestamp as it appears in an event id: canonical, so `…Z` and `…+00:00` give one id. */
export const idTime = (millis: number): string => new Date(millis).toISOString();

/** What an event file hands `githubEvent` besides the webhook. */
export interface GitHubEventParts<T extends EngEventType> extends Pick<EventParts<T>, 'type' | 'naturalKey' | 'occurredAt' | 'payload'> {
  readonly body: z.infer<z.ZodObject<typeof webhookBase>>;
}

/** An EngEvent of a GitHub webhook: the envelope is the same for every type. */
export function githubEvent<T extends EngEventType>(webhook: RawWebhook, parts: GitHubEventParts<T>): EngEvent {
  const { body, ...rest } = parts;
  return engEvent(webhook, { ...rest, source: 'github', actor: body.sender === undefined ? null : identity(body.sender), repository: body.repository.full_name });
}

/**
 * Reads an action-based webhook in two steps: first only its `action`, so an action Switchyard
 * does not use is skipped however the rest of the body looks, then the full schema of the action.
 * The body is parsed from JSON once.
 */
export function byAction<A extends string>(
  webhook: RawWebhook,
  supported: readonly A[],
  read: (action: A, body: unknown) => Outcome,
): Outcome {
  const head = parseBody(z.looseObject({ action: z.string() }), webhook.body);
  if (!head.ok) return invalid(head.path, head.reason);
  const action = head.value.action;
  if (!(supported as readonly string[]).includes(action)) {
    return skipped(`${webhook.eventName} action "${action}" is not used`);
  }
  return read(action as A, head.value);
}
