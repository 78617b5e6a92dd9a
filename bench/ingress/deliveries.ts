/**
 * The ingress bench's traffic: real GitHub payloads (topology/github/fixtures: the ten of
 * BENCH_FIXTURES, the events a platform receives most, 7–29 KB, taken in turn), each delivery signed as GitHub signs it and carrying its own
 * X-GitHub-Delivery; and, for the bare producer, the very record the ingress would produce for it
 * (the RawWebhook of the same headers and body, through the codec and `rawRecordOf`).
 *
 * A body's signature depends on its bytes only, so each fixture is signed once; the per-delivery
 * headers (the delivery id) are not signed, as with GitHub. Every fixture names the same
 * repository, so every record has the same key and goes to one partition, on both sides.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Codec } from '../../avro/codec.ts';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { hmacSignature } from '../../ingress/testing/signedRequest.ts';
import { githubReceiver } from '../../topology/github/receiver.ts';
import { rawRecordOf } from '../../topology/rawRecord.ts';

export const GITHUB_FIXTURES = fileURLToPath(new URL('../../topology/github/fixtures/', import.meta.url));
/** The payloads sent, `<event>/<file>` under GITHUB_FIXTURES. */
export const BENCH_FIXTURES = [
  'deployment/payload.json',
  'deployment_status/payload.json',
  'issues/opened.payload.json',
  'ping/payload.json',
  'pull_request/closed.payload.json',
  'pull_request/opened.payload.json',
  'pull_request/synchronize.payload.json',
  'pull_request_review/submitted.payload.json',
  'push/payload.json',
  'workflow_run/completed.payload.json',
] as const;

/** One fixture as sent: the body's bytes, its event and its signature. */
export interface Fixture {
  readonly event: string;
  readonly file: string;
  readonly body: Buffer;
  readonly signature: string;
}

/** One delivery: which fixture, under which delivery id. */
export interface Delivery {
  readonly fixture: Fixture;
  readonly id: string;
}

export function readFixtures(secret: string, folder = GITHUB_FIXTURES): Fixture[] {
  return BENCH_FIXTURES.map((name) => {
    const body = readFileSync(path.join(folder, name));
    return { event: name.split('/')[0]!, file: name, body, signature: hmacSignature(secret, body) };
  });
}

/** `count` deliveries of the fixtures in turn, each with a new delivery id. */
export function deliveriesOf(fixtures: readonly Fixture[], count: number): Delivery[] {
  return Array.from({ length: count }, (_, i) => ({ fixture: fixtures[i % fixtures.length]!, id: randomUUID() }));
}

/** The headers GitHub sends with a delivery (names as GitHub writes them). */
export function headersOf(delivery: Delivery): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'GitHub-Hookshot/bench',
    'X-GitHub-Event': delivery.fixture.event,
    'X-GitHub-Delivery': delivery.id,
    'X-GitHub-Hook-ID': '123456789',
    'X-GitHub-Hook-Installation-Target-Type': 'repository',
    'X-GitHub-Hook-Installation-Target-ID': '35129377',
    'X-Hub-Signature-256': delivery.fixture.signature,
    'Content-Length': String(delivery.fixture.body.length),
  };
}

/** The record the ingress produces for `delivery`: the same envelope, through the same codec and keying rule. */
export function recordOf(codec: Codec, delivery: Delivery): { readonly key: string; readonly value: Buffer } {
  const sent = Object.fromEntries(Object.entries(headersOf(delivery)).map(([name, value]) => [name.toLowerCase(), value]));
  const kept: Record<string, string> = {};
  for (const name of ['user-agent', ...githubReceiver.keptHeaders]) if (sent[name] !== undefined) kept[name] = sent[name];
  const webhook: RawWebhook = { source: 'github', eventName: delivery.fixture.event, deliveryId: delivery.id, receivedAt: Date.now(), headers: kept, body: delivery.fixture.body.toString('utf8') };
  const record = rawRecordOf(codec, webhook);
  if ('reason' in record) throw new Error(`${delivery.fixture.file} has no raw record: ${record.reason}`);
  return { key: record.key, value: record.value };
}
