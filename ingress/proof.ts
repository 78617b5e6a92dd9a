/**
 * Whether a delivery proves it comes from its sender, on the raw body bytes as they arrived
 * (never a re-serialization: one changed byte is another body), in constant time.
 *
 * HMAC-SHA256 with node:crypto: `createHmac` over the bytes and `timingSafeEqual` against the
 * header's digest, for each configured secret (several while rotating), every secret tried so
 * the time says nothing of which matched. @octokit/webhooks-methods does the same for GitHub but
 * takes the payload as a string, which the body would have to be decoded into and re-encoded
 * from; the bytes need no round trip, and one function serves GitHub, Jira and Notion alike.
 *
 * Authorization (bearer, basic): both sides hashed with SHA-256 before `timingSafeEqual`, which
 * needs equal lengths and would otherwise leak the token's length.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Proof } from '../topology/receiver.ts';
import type { Credential } from './config.ts';

/** Why a delivery is not proven; `missing`: no signature or credentials at all. */
export type Unproven = { readonly reason: 'missing' | 'malformed' | 'mismatch'; readonly detail: string };

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** Checks what can be checked before the body is read: a missing or malformed signature, or the credentials. */
export function checkHeaders(proof: Proof, credentials: readonly Credential[], headers: Readonly<Record<string, string>>): Unproven | undefined {
  if (proof.kind === 'authorization') return checkAuthorization(credentials, headers.authorization);
  const header = headers[proof.header];
  if (header === undefined) return { reason: 'missing', detail: `${proof.header} is missing: the delivery is not signed` };
  if (!SIGNATURE.test(header.trim())) return { reason: 'malformed', detail: `${proof.header} must be sha256= and 64 hex digits` };
  return undefined;
}

/** Checks the body's signature (an `hmac-sha256` proof; an `authorization` one was settled by its headers). */
export function checkBody(proof: Proof, credentials: readonly Credential[], headers: Readonly<Record<string, string>>, body: Uint8Array): Unproven | undefined {
  if (proof.kind === 'authorization') return undefined;
  const match = SIGNATURE.exec((headers[proof.header] ?? '').trim());
  if (match === null) return { reason: 'malformed', detail: `${proof.header} must be sha256= and 64 hex digits` };
  const given = Buffer.from(match[1]!, 'hex');
  let matched = false;
  for (const credential of credentials) {
    if (credential.kind !== 'secret') continue;
    const expected = createHmac('sha256', credential.secret).update(body).digest();
    // Every secret is tried, matched or not: how long this takes says nothing of which one matched.
    matched = timingSafeEqual(expected, given) || matched;
  }
  return matched ? undefined : { reason: 'mismatch', detail: `${proof.header} does not match the body under any configured secret` };
}

const digest = (value: Buffer | string): Buffer => createHash('sha256').update(value).digest();

function checkAuthorization(credentials: readonly Credential[], header: string | undefined): Unproven | undefined {
  if (header === undefined) return { reason: 'missing', detail: 'Authorization is missing: configure the sender to send a bearer token or basic auth' };
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (space <= 0 || (scheme !== 'bearer' && scheme !== 'basic')) return { reason: 'malformed', detail: 'Authorization must be Bearer <token> or Basic <credentials>' };
  const given = digest(scheme === 'bearer' ? value : Buffer.from(value, 'base64'));
  let matched = false;
  for (const credential of credentials) {
    if (credential.kind === 'bearer' && scheme === 'bearer') matched = timingSafeEqual(digest(credential.token), given) || matched;
    if (credential.kind === 'basic' && scheme === 'basic') matched = timingSafeEqual(digest(Buffer.concat([Buffer.from(`${credential.user}:`), credential.password])), given) || matched;
  }
  return matched ? undefined : { reason: 'mismatch', detail: 'Authorization does not match any configured credentials' };
}
