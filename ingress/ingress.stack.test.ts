/**
 * The ingress on the real stack (Kafka and the Schema Registry), over real HTTP on loopback,
 * with deliveries signed here with node:crypto from the shared fixtures: what each sender's
 * valid delivery leaves on its raw topic, byte for byte, and that every refusal (bad proof,
 * replay, oversize, not JSON, slow-loris, unconfigured sender) gets its status and leaves
 * nothing, or exactly one record, there.
 *
 * Every raw topic is fresh and made as `topics create` makes it (max.message.bytes =
 * RAW_MAX_MESSAGE_BYTES); one reader per topic runs for the whole file. "Landed" is polled with a
 * deadline; "nothing produced" is read to the topic's end offsets after the answer came (the
 * ingress answers 2xx only once Kafka acknowledged, and a refusal never produces).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import kafkajs from 'kafkajs';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createCodec, type Codec } from '../avro/codec.ts';
import { registerSchemas } from '../avro/registration.ts';
import type { RawTopic } from '../avro/schemas.ts';
import { localStack } from '../config/endpoints.ts';
import { readSection, type Env } from '../config/spec.ts';
import { RAW_MAX_MESSAGE_BYTES } from '../config/topics.ts';
import { ErrorCodes } from '../operators/errors.ts';
import { freshTopic } from '../test/support/kafka.ts';
import { schemaRegistry } from '../test/support/registry.ts';
import { PROMETHEUS_EVENT_NAMES } from '../topology/prometheus/webhooks.ts';
import { rawKey } from '../topology/rawRecord.ts';
import { madeUpDeliveryId } from '../topology/receiver.ts';
import type { Receiver } from '../topology/receiver.ts';
import { ingressConfig } from './config.ts';
import { startIngress, type StartedIngress } from './open.ts';
import { slowLoris, streamPost } from './testing/rawHttp.ts';
import { type LandedRecord, rawTopicReader, type RawTopicReader } from './testing/rawTopicReader.ts';
import { type Answer, basic, bearer, hmacSignature, send, signedRequest, USER_AGENTS } from './testing/signedRequest.ts';

const { Kafka, logLevel } = kafkajs;

const GITHUB_FIXTURES = fileURLToPath(new URL('../topology/github/fixtures', import.meta.url));
const githubFixture = (event: string, file = 'payload.json') => readFileSync(`${GITHUB_FIXTURES}/${event}/${file}`, 'utf8');
const fixture = (path: string) => readFileSync(new URL(`../topology/${path}`, import.meta.url), 'utf8');
const PUSH = githubFixture('push');

const SECRETS = {
  github: ['gh-old-secret', 'gh-new-secret'],
  jira: 'jira-admin-webhook-secret',
  notion: 'secret_notion_verification_token',
  alertmanager: { token: 'am-bearer-token', user: 'alertmanager', password: 'am:pass:word' },
} as const;
const MAIN_ENV: Env = {
  SWITCHYARD_INGRESS_GITHUB_SECRETS: SECRETS.github.join(','),
  SWITCHYARD_INGRESS_JIRA_SECRETS: SECRETS.jira,
  SWITCHYARD_INGRESS_NOTION_SECRETS: SECRETS.notion,
  SWITCHYARD_INGRESS_ALERTMANAGER_SECRETS: `bearer:${SECRETS.alertmanager.token},basic:${SECRETS.alertmanager.user}:${SECRETS.alertmanager.password}`,
  // The 20 MB delivery arrives and is acknowledged in well under a second here; the margin (the most the two may take together, 9 s) is for a busy machine.
  SWITCHYARD_INGRESS_REQUEST_TIMEOUT_MS: '3000',
  SWITCHYARD_INGRESS_PRODUCE_TIMEOUT_MS: '6000',
};
/** Headers that prove a delivery: never kept in the envelope. */
const PROOF_HEADERS = ['x-hub-signature-256', 'x-hub-signature', 'x-notion-signature', 'authorization'];
const RAW_TOPICS: readonly RawTopic[] = ['github-events', 'jira-events', 'notion-events', 'prometheus-metrics'];

const kafka = new Kafka({ clientId: 'ingress-stack-test', brokers: [...localStack.kafka.brokers], logLevel: logLevel.NOTHING });
let codec: Codec;
/** Logical raw topic → this file's fresh topic. */
let raw: Record<RawTopic, string>;
let readers: Record<RawTopic, RawTopicReader>;
let main: Started;

interface Started {
  readonly ingress: StartedIngress;
  readonly url: string;
  /** The ingress's log, one JSON line each. */
  readonly log: string[];
  readonly handshakes: [string, string][];
}

/** An ingress on this file's raw topics (or `topics`), with `env` as its settings, ready. */
async function ingressWith(env: Env, topics: Partial<Record<RawTopic, string>> = {}): Promise<Started> {
  const log: string[] = [];
  const handshakes: [string, string][] = [];
  const logger: Logger = pino({ level: 'info' }, { write: (line: string) => void log.push(line) });
  const names = { raw: { ...raw, ...topics }, events: 'unused-events', jiraCommands: 'unused-jira-commands', slackNotifications: 'unused-slack', deadLetters: 'unused-dlq' };
  const ingress = await startIngress({
    settings: readSection(ingressConfig, env),
    config: { kafka: { clientId: 'ingress-under-test', brokers: [...localStack.kafka.brokers] }, topics: { partitions: 2, replicationFactor: 1, prefix: '', names }, registry: { host: localStack.schemaRegistry.url } },
    logger,
    onHandshake: (receiver: Receiver, token: string) => void handshakes.push([receiver.route, token]),
    port: 0,
  });
  await ingress.readied;
  return { ingress, url: ingress.url, log, handshakes };
}

/** Each topic's records read to its end now: the mark to compare with after a refusal. */
async function marks(...topics: RawTopic[]): Promise<Map<RawTopic, number>> {
  return new Map(await Promise.all(topics.map(async (t) => [t, (await readers[t].toEnd()).length] as const)));
}

/** Nothing was produced to `topics` since `before`, read to their end offsets now. */
async function expectNothingProducedSince(before: Map<RawTopic, number>): Promise<void> {
  for (const [topic, count] of before) {
    const records = await readers[topic].toEnd();
    expect(records.slice(count).map((r) => r.webhook.deliveryId), `records produced to ${topic}`).toEqual([]);
  }
}

function expectProblem(answer: Answer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
}

function expectAccepted(answer: Answer, deliveryId: string): void {
  expect({ status: answer.status, body: answer.body }).toEqual({ status: 202, body: { accepted: true, deliveryId } });
}

/** The one record of `deliveryId` on `topic`, once it landed. */
async function landed(topic: RawTopic, deliveryId: string): Promise<LandedRecord> {
  await readers[topic].until((records) => records.some((r) => r.webhook.deliveryId === deliveryId), `delivery ${deliveryId}`);
  await readers[topic].toEnd();
  const records = readers[topic].of(deliveryId);
  expect(records, `records of ${deliveryId}`).toHaveLength(1);
  return records[0]!;
}

interface Expected {
  readonly text: string;
  readonly source: string;
  readonly eventName: string;
  readonly deliveryId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly sentAt: number;
}

/** The envelope carries the body byte for byte, its names, the kept headers only, and the replay key. */
function expectEnvelope(record: LandedRecord, expected: Expected): void {
  const { webhook } = record;
  // Compared as bytes (not toBe) so a mismatch of a 20 MB body says where, not the whole of both.
  const [got, want] = [Buffer.from(webhook.body, 'utf8'), Buffer.from(expected.text, 'utf8')];
  expect({ compare: Buffer.compare(got, want), length: got.length }).toEqual({ compare: 0, length: want.length });
  expect({ source: webhook.source, eventName: webhook.eventName, deliveryId: webhook.deliveryId }).toEqual({ source: expected.source, eventName: expected.eventName, deliveryId: expected.deliveryId });
  expect(webhook.headers).toEqual(expected.headers);
  for (const header of PROOF_HEADERS) expect(Object.keys(webhook.headers)).not.toContain(header);
  expect(record.key).toBe(rawKey(webhook));
  expect(webhook.receivedAt).toBeGreaterThanOrEqual(expected.sentAt - 1);
  expect(webhook.receivedAt).toBeLessThanOrEqual(Date.now());
}

/** A push delivery of about `bytes` bytes: the fixture with one commit whose message fills it (valid JSON, not ASCII only). */
function paddedPush(bytes: number): string {
  const body = JSON.parse(PUSH) as Record<string, unknown>;
  const commit = (message: string) => ({
    id: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    tree_id: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    distinct: true,
    message,
    timestamp: '2026-11-25T10:00:00Z',
    url: 'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    author: { name: 'Codertocat', email: 'codertocat@example.com', username: 'Codertocat' },
    committer: { name: 'Codertocat', email: 'codertocat@example.com', username: 'Codertocat' },
    added: [],
    removed: [],
    modified: ['README.md'],
  });
  const head = 'Größere Änderung 🚀: ';
  const line = 'A long generated changelog line, the kind a release commit carries.\n';
  const base = Buffer.byteLength(JSON.stringify({ ...body, commits: [commit(head)], head_commit: commit(head) }));
  // Each line is one byte longer in JSON (its \n is written \\n).
  const message = head + line.repeat(Math.max(0, Math.floor((bytes - base) / (line.length + 1))));
  return JSON.stringify({ ...body, commits: [commit(message)], head_commit: commit(head) });
}

/** A sample of the Prometheus text `metrics` (0 when absent). */
function metricValue(metrics: string, name: string, labels: Readonly<Record<string, string>>): number {
  for (const line of metrics.split('\n')) {
    const match = /^([A-Za-z_:][\w:]*)\{(.*)\} (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const got = Object.fromEntries([...match[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(match[3]);
  }
  return 0;
}

describe('the webhook ingress on the real stack', () => {
  beforeAll(async () => {
    const registry = schemaRegistry();
    await registerSchemas(registry);
    codec = createCodec(registry);
    raw = Object.fromEntries(await Promise.all(RAW_TOPICS.map(async (t) => [t, await freshTopic(2, t, { 'max.message.bytes': String(RAW_MAX_MESSAGE_BYTES) })] as const))) as Record<RawTopic, string>;
    readers = Object.fromEntries(await Promise.all(RAW_TOPICS.map(async (t) => [t, await rawTopicReader(kafka, codec, raw[t])] as const))) as Record<RawTopic, RawTopicReader>;
    main = await ingressWith(MAIN_ENV);
  });

  afterAll(async () => {
    await main?.ingress.close();
    await Promise.all(Object.values(readers ?? {}).map((r) => r.close()));
  });

  it("lands each sender's valid delivery byte for byte, with its names, its kept headers and no proof, keyed as replay keys it", async () => {
    const sentAt = Date.now();
    const github = (
      [['ping', 'payload.json'], ['push', 'payload.json'], ['deployment', 'payload.json'], ['issues', 'opened.payload.json'], ['pull_request', 'opened.payload.json'], ['workflow_run', 'completed.payload.json']] as const
    ).map(([event, file]) => ({ event, text: githubFixture(event, file), deliveryId: randomUUID() }));
    const jira = ['jira-issue_created.json', 'jira-issue_updated.status.json', 'sprint_started.json', 'comment_created.json'].map((file) => ({ text: fixture(`jira/fixtures/${file}`), deliveryId: randomUUID() }));
    const notion = ['page.created.json', 'page.properties_updated.json', 'comment.created.json', 'data_source.schema_updated.json'].map((file) => fixture(`notion/fixtures/${file}`));
    const alerts = [
      { text: fixture('prometheus/fixtures/alertmanager.firing.json'), authorization: bearer(SECRETS.alertmanager.token) },
      { text: fixture('prometheus/fixtures/alertmanager.resolved.json'), authorization: basic(SECRETS.alertmanager.user, SECRETS.alertmanager.password) },
    ];

    const answers = await Promise.all([
      ...github.map(({ event, text, deliveryId }) => send(main.url, signedRequest('github', { body: text, secret: SECRETS.github[1], event, deliveryId }))),
      ...jira.map(({ text, deliveryId }) => send(main.url, signedRequest('jira', { body: text, secret: SECRETS.jira, deliveryId }))),
      ...notion.map((text) => send(main.url, signedRequest('notion', { body: text, secret: SECRETS.notion }))),
      ...alerts.map(({ text, authorization }) => send(main.url, signedRequest('alertmanager', { body: text, authorization }))),
    ]);
    const expectedIds = [
      ...github.map((g) => g.deliveryId),
      ...jira.map((j) => j.deliveryId),
      ...notion.map((text) => (JSON.parse(text) as { id: string }).id),
      ...alerts.map(({ text }) => madeUpDeliveryId('alertmanager', text)),
    ];
    answers.forEach((answer, i) => expectAccepted(answer, expectedIds[i]!));

    for (const { event, text, deliveryId } of github) {
      expectEnvelope(await landed('github-events', deliveryId), { text, source: 'github', eventName: event, deliveryId, sentAt, headers: { 'user-agent': USER_AGENTS.github, 'x-github-event': event, 'x-github-delivery': deliveryId, 'x-github-hook-id': '412345678' } });
    }
    for (const { text, deliveryId } of jira) {
      const eventName = (JSON.parse(text) as { webhookEvent: string }).webhookEvent;
      expectEnvelope(await landed('jira-events', deliveryId), { text, source: 'jira', eventName, deliveryId, sentAt, headers: { 'user-agent': USER_AGENTS.jira, 'x-atlassian-webhook-identifier': deliveryId } });
    }
    for (const text of notion) {
      const { id, type } = JSON.parse(text) as { id: string; type: string };
      expectEnvelope(await landed('notion-events', id), { text, source: 'notion', eventName: type, deliveryId: id, sentAt, headers: { 'user-agent': USER_AGENTS.notion } });
    }
    for (const { text } of alerts) {
      const deliveryId = madeUpDeliveryId('alertmanager', text);
      expectEnvelope(await landed('prometheus-metrics', deliveryId), { text, source: 'alertmanager', eventName: PROMETHEUS_EVENT_NAMES.alerts, deliveryId, sentAt, headers: { 'user-agent': USER_AGENTS.alertmanager } });
    }
    // A push is keyed by its repository, not by the source alone.
    expect((await landed('github-events', github[1]!.deliveryId)).key).toBe('Codertocat/Hello-World');
  });

  it('lands a form-encoded GitHub delivery (payload=…, signed over the form bytes) with the JSON as its body', async () => {
    const sentAt = Date.now();
    const deliveryId = randomUUID();
    const form = new URLSearchParams({ payload: PUSH }).toString();
    expect(form).toContain('+'); // spaces as GitHub's form encoding writes them
    const answer = await send(main.url, signedRequest('github', { body: form, secret: SECRETS.github[0], event: 'push', deliveryId, contentType: 'application/x-www-form-urlencoded' }));
    expectAccepted(answer, deliveryId);
    expectEnvelope(await landed('github-events', deliveryId), { text: PUSH, source: 'github', eventName: 'push', deliveryId, sentAt, headers: { 'user-agent': USER_AGENTS.github, 'x-github-event': 'push', 'x-github-delivery': deliveryId, 'x-github-hook-id': '412345678' } });
  });

  it('takes a delivery signed with any of the configured secrets (rotation)', async () => {
    const ids = SECRETS.github.map(() => randomUUID());
    const answers = await Promise.all(SECRETS.github.map((secret, i) => send(main.url, signedRequest('github', { body: PUSH, secret, event: 'push', deliveryId: ids[i]! }))));
    answers.forEach((answer, i) => expectAccepted(answer, ids[i]!));
    for (const id of ids) expect((await landed('github-events', id)).webhook.body).toBe(PUSH);
  });

  it('refuses 401 a wrong secret, a missing, malformed or mismatched signature, a tampered body and wrong credentials, producing nothing', async () => {
    const before = await marks('github-events', 'jira-events', 'notion-events', 'prometheus-metrics');
    const push = (options: { secret?: string; headers?: Record<string, string> }) => signedRequest('github', { body: PUSH, event: 'push', deliveryId: randomUUID(), ...options });
    const original = push({ secret: SECRETS.github[1] });
    const tampered = Buffer.from(original.body);
    const at = tampered.indexOf('refs/tags/simple-tag') + 'refs/tags/'.length;
    tampered[at] = 'S'.charCodeAt(0); // one byte: still JSON, another tag
    const alerts = fixture('prometheus/fixtures/alertmanager.firing.json');
    const cases: [string, ReturnType<typeof signedRequest>][] = [
      ['GitHub, wrong secret', push({ secret: 'not-the-secret' })],
      ['GitHub, no signature', push({})],
      ['GitHub, malformed signature', push({ headers: { 'x-hub-signature-256': 'sha256=not-hex' } })],
      ['GitHub, sha1 only', push({ headers: { 'x-hub-signature-256': `sha1=${'0'.repeat(40)}` } })],
      ['GitHub, tampered body', { ...original, body: tampered }],
      ['Jira, wrong secret', signedRequest('jira', { body: fixture('jira/fixtures/jira-issue_created.json'), secret: 'not-the-secret', deliveryId: randomUUID() })],
      ['Notion, signed with another token', signedRequest('notion', { body: fixture('notion/fixtures/page.deleted.json'), secret: 'secret_someone_else' })],
      ['Alertmanager, wrong bearer', signedRequest('alertmanager', { body: alerts, authorization: bearer('not-the-token') })],
      ['Alertmanager, wrong basic password', signedRequest('alertmanager', { body: alerts, authorization: basic(SECRETS.alertmanager.user, 'wrong') })],
      ['Alertmanager, no Authorization', signedRequest('alertmanager', { body: alerts })],
    ];
    for (const [name, request] of cases) {
      const answer = await send(main.url, request);
      expect(answer.status, name).toBe(401);
      expectProblem(answer, 401, ErrorCodes.ingressUnproven);
    }
    await expectNothingProducedSince(before);
  });

  it('answers a replayed delivery 200 duplicate, sequentially and concurrently, with exactly one record each', async () => {
    const once = signedRequest('github', { body: PUSH, secret: SECRETS.github[1], event: 'push', deliveryId: randomUUID() });
    const first = await send(main.url, once);
    const again = await send(main.url, once);
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(again.body).toEqual({ duplicate: true, deliveryId: once.headers['x-github-delivery'] });

    const together = signedRequest('github', { body: PUSH, secret: SECRETS.github[1], event: 'push', deliveryId: randomUUID() });
    const both = await Promise.all([send(main.url, together), send(main.url, together)]);
    expect(both.map((a) => a.status).sort()).toEqual([200, 202]);

    await readers['github-events'].toEnd();
    expect(readers['github-events'].of(once.headers['x-github-delivery']!)).toHaveLength(1);
    expect(readers['github-events'].of(together.headers['x-github-delivery']!)).toHaveLength(1);
  });

  it("refuses 413 a body over SWITCHYARD_INGRESS_MAX_BODY_BYTES (announced or streamed) and a record over its topic's max.message.bytes", async () => {
    const small = await freshTopic(1, 'github-small', { 'max.message.bytes': String(16 * 1024) });
    const secret = 'small-secret';
    const { url } = await ingressWith({ SWITCHYARD_INGRESS_GITHUB_SECRETS: secret, SWITCHYARD_INGRESS_MAX_BODY_BYTES: String(64 * 1024) }, { 'github-events': small }).then((s) => {
      onTestFinished(() => s.ingress.close());
      return s;
    });
    const reader = await rawTopicReader(kafka, codec, small);
    onTestFinished(() => reader.close());

    // Far more than the limit and the sockets' buffers: a sender cut off near the limit has written a small part of it.
    const overBody = signedRequest('github', { body: paddedPush(4 * 1_048_576), secret, event: 'push', deliveryId: randomUUID() });
    const chunks = Array.from({ length: Math.ceil(overBody.body.length / 16_384) }, (_, i) => overBody.body.subarray(i * 16_384, (i + 1) * 16_384));
    for (const contentLength of [true, false]) {
      const answer = await streamPost(url, overBody.path, overBody.headers, chunks, { contentLength });
      expect({ contentLength, status: answer.status, code: (JSON.parse(answer.body) as { code: string }).code }).toEqual({ contentLength, status: 413, code: ErrorCodes.ingressTooLarge });
      expect(answer.body).toContain('SWITCHYARD_INGRESS_MAX_BODY_BYTES');
      // Cut off near the limit, not read to the end.
      expect(answer.written).toBeLessThan(overBody.body.length / 2);
    }

    const overTopic = await send(url, signedRequest('github', { body: paddedPush(32 * 1024), secret, event: 'push', deliveryId: randomUUID() }));
    expectProblem(overTopic, 413, ErrorCodes.ingressTooLarge);
    expect(overTopic.body.detail).toMatch(/max\.message\.bytes/);

    // What fits goes through, so the refusals above are the sizes', not a broken ingress's.
    const fits = signedRequest('github', { body: githubFixture('ping'), secret, event: 'ping', deliveryId: randomUUID() });
    expectAccepted(await send(url, fits), fits.headers['x-github-delivery']!);
    await reader.until((r) => r.length >= 1, 'the ping');
    expect((await reader.toEnd()).map((r) => r.webhook.deliveryId)).toEqual([fits.headers['x-github-delivery']]);
  });

  it('refuses 400 a signed body that is not JSON, not UTF-8, or a GitHub delivery without X-GitHub-Event, producing nothing', async () => {
    const before = await marks('github-events');
    const cases: [string, ReturnType<typeof signedRequest>][] = [
      ['not JSON', signedRequest('github', { body: 'this is not JSON {', secret: SECRETS.github[1], event: 'push', deliveryId: randomUUID() })],
      ['not UTF-8', signedRequest('github', { body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), secret: SECRETS.github[1], event: 'push', deliveryId: randomUUID() })],
      ['no X-GitHub-Event', signedRequest('github', { body: PUSH, secret: SECRETS.github[1], deliveryId: randomUUID() })],
    ];
    for (const [name, request] of cases) {
      const answer = await send(main.url, request);
      expect(answer.status, name).toBe(400);
      expectProblem(answer, 400, ErrorCodes.ingressBadDelivery);
    }
    await expectNothingProducedSince(before);
  });

  it('answers a slow-loris body 408 within the request timeout, producing nothing, while another delivery is taken meanwhile', async () => {
    const secret = 'loris-secret';
    const strict = await ingressWith({ SWITCHYARD_INGRESS_GITHUB_SECRETS: secret, SWITCHYARD_INGRESS_REQUEST_TIMEOUT_MS: '1500' });
    onTestFinished(() => strict.ingress.close());
    const slowId = randomUUID();
    const head = [
      'POST /webhooks/github HTTP/1.1',
      `Host: 127.0.0.1:${strict.ingress.port}`,
      'Content-Type: application/json',
      'X-GitHub-Event: push',
      `X-GitHub-Delivery: ${slowId}`,
      `X-Hub-Signature-256: ${hmacSignature(secret, 'x'.repeat(1000))}`,
      'Content-Length: 1000',
      '',
      '',
    ].join('\r\n');
    let slowDone = false;
    const slow = slowLoris(strict.ingress.port, head, { everyMs: 500, giveUpMs: 10_000 }).finally(() => (slowDone = true));

    const normal = signedRequest('github', { body: PUSH, secret, event: 'push', deliveryId: randomUUID() });
    const answer = await send(strict.url, normal);
    expectAccepted(answer, normal.headers['x-github-delivery']!);
    expect(slowDone, 'the slow request answered before the normal one').toBe(false);

    const result = await slow;
    expect(result.status === 408 || result.status === undefined, `answered ${result.status}`).toBe(true);
    expect(result.afterMs).toBeGreaterThanOrEqual(1_000);
    expect(result.afterMs).toBeLessThan(3_000);
    expect(result.trickled).toBeLessThan(10);

    await landed('github-events', normal.headers['x-github-delivery']!);
    expect(readers['github-events'].of(slowId)).toEqual([]);
  });

  it('takes a ~20 MB delivery onto a topic made with RAW_MAX_MESSAGE_BYTES and it is read back byte for byte', { timeout: 60_000 }, async () => {
    const sentAt = Date.now();
    const text = paddedPush(20_000_000);
    expect(Buffer.byteLength(text)).toBeGreaterThan(19_900_000);
    const deliveryId = randomUUID();
    const answer = await send(main.url, signedRequest('github', { body: text, secret: SECRETS.github[1], event: 'push', deliveryId }));
    expectAccepted(answer, deliveryId);
    await readers['github-events'].until((records) => records.some((r) => r.webhook.deliveryId === deliveryId), `the 20 MB delivery ${deliveryId}`, 40_000);
    expectEnvelope(readers['github-events'].of(deliveryId)[0]!, { text, source: 'github', eventName: 'push', deliveryId, sentAt, headers: { 'user-agent': USER_AGENTS.github, 'x-github-event': 'push', 'x-github-delivery': deliveryId, 'x-github-hook-id': '412345678' } });
  });

  it("answers Notion's unsigned verification handshake 200, producing nothing, and hands its token on and to the log", async () => {
    const before = await marks('notion-events');
    const answer = await send(main.url, signedRequest('notion', { body: '{"verification_token":"secret_abc"}' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveProperty('handshake');
    expect(main.handshakes).toEqual([['notion', 'secret_abc']]);
    expect(main.log.filter((line) => line.includes('secret_abc'))).toHaveLength(1);
    await expectNothingProducedSince(before);
  });

  it('refuses 503 with Retry-After a sender with no secret, and takes unproven deliveries only from a sender allowed them on loopback', async () => {
    const open = await ingressWith({ SWITCHYARD_INGRESS_ALLOW_UNPROVEN: 'github' });
    onTestFinished(() => open.ingress.close());
    const before = await marks('jira-events', 'prometheus-metrics', 'notion-events');

    const refused = [
      await send(open.url, signedRequest('jira', { body: fixture('jira/fixtures/jira-issue_created.json'), secret: SECRETS.jira, deliveryId: randomUUID() })),
      await send(open.url, signedRequest('alertmanager', { body: fixture('prometheus/fixtures/alertmanager.firing.json'), authorization: bearer(SECRETS.alertmanager.token) })),
      await send(open.url, signedRequest('notion', { body: fixture('notion/fixtures/page.moved.json'), secret: SECRETS.notion })),
    ];
    for (const answer of refused) {
      expectProblem(answer, 503, ErrorCodes.ingressUnconfigured);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    await expectNothingProducedSince(before);

    const unsigned = signedRequest('github', { body: PUSH, event: 'push', deliveryId: randomUUID() });
    expectAccepted(await send(open.url, unsigned), unsigned.headers['x-github-delivery']!);
    expect((await landed('github-events', unsigned.headers['x-github-delivery']!)).webhook.body).toBe(PUSH);
    // The start-up log says which senders are open and which refused.
    expect(open.log.find((line) => line.includes('/webhooks/github'))).toMatch(/UNPROVEN/);
    expect(open.log.find((line) => line.includes('/webhooks/jira'))).toMatch(/refused \(503\) until SWITCHYARD_INGRESS_JIRA_SECRETS is set/);
  });

  it('answers 404 off the routes and 405 for GET, is ready on /readyz, and counts the outcomes on /metrics', async () => {
    const request = (path: string, init?: RequestInit) => fetch(`${main.url}${path}`, init);
    const notFound = await request('/webhooks/gitlab', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect({ status: notFound.status, code: ((await notFound.json()) as { code: string }).code }).toEqual({ status: 404, code: ErrorCodes.ingressNoRoute });
    expect((await request('/nowhere')).status).toBe(404);
    const wrongMethod = await request('/webhooks/github');
    expect({ status: wrongMethod.status, allow: wrongMethod.headers.get('allow'), code: ((await wrongMethod.json()) as { code: string }).code }).toEqual({ status: 405, allow: 'POST', code: ErrorCodes.ingressMethod });
    const ready = await request('/readyz');
    expect(ready.status).toBe(200);
    await ready.body?.cancel();

    const metrics = async () => {
      const response = await request('/metrics');
      expect(response.status).toBe(200);
      return response.text();
    };
    const counted = (text: string) => ({
      accepted: metricValue(text, 'switchyard_ingress_deliveries_total', { route: 'github', event: 'push', outcome: 'accepted' }),
      duplicate: metricValue(text, 'switchyard_ingress_deliveries_total', { route: 'github', event: 'push', outcome: 'duplicate' }),
      unproven: metricValue(text, 'switchyard_ingress_deliveries_total', { route: 'github', event: 'unproven', outcome: 'unproven' }),
      mismatch: metricValue(text, 'switchyard_ingress_proof_failures_total', { route: 'github', reason: 'mismatch' }),
      badDelivery: metricValue(text, 'switchyard_ingress_deliveries_total', { route: 'github', event: 'other', outcome: 'bad_delivery' }),
    });
    const before = counted(await metrics());
    const delivery = signedRequest('github', { body: PUSH, secret: SECRETS.github[1], event: 'push', deliveryId: randomUUID() });
    expect((await send(main.url, delivery)).status).toBe(202);
    expect((await send(main.url, delivery)).status).toBe(200);
    expect((await send(main.url, signedRequest('github', { body: PUSH, secret: 'wrong', event: 'push', deliveryId: randomUUID() }))).status).toBe(401);
    expect((await send(main.url, signedRequest('github', { body: 'nope', secret: SECRETS.github[1], event: 'push', deliveryId: randomUUID() }))).status).toBe(400);
    const text = await metrics();
    const after = counted(text);
    expect(after).toEqual({ accepted: before.accepted + 1, duplicate: before.duplicate + 1, unproven: before.unproven + 1, mismatch: before.mismatch + 1, badDelivery: before.badDelivery + 1 });
    expect(metricValue(text, 'switchyard_ingress_produce_duration_seconds_count', { route: 'github' })).toBeGreaterThan(0);
  });
});
