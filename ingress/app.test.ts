/**
 * The ingress app's answers without a broker: a producer stand-in records what would be produced
 * (or fails as Kafka would), the JSON test codec stands in for the registry's. What lands on a
 * real Kafka, byte for byte, is ingress.stack.test.ts's.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { readSection } from '../config/spec.ts';
import type { Env } from '../config/spec.ts';
import { jsonCodec } from '../test/support/jsonCodec.ts';
import { createIngressApp } from './app.ts';
import { ingressConfig } from './config.ts';
import { KafkaUnavailableError, type DeliveryProducer } from './deliveryProducer.ts';
import { inFlight } from './inFlight.ts';

const PUSH = readFileSync(new URL('../topology/github/fixtures/push/payload.json', import.meta.url));
const JIRA = readFileSync(new URL('../topology/jira/fixtures/jira-issue_updated.status.json', import.meta.url));
const NOTION = readFileSync(new URL('../topology/notion/fixtures/page.created.json', import.meta.url));
const ALERTS = readFileSync(new URL('../topology/prometheus/fixtures/alertmanager.firing.json', import.meta.url));
const TOPICS = { 'github-events': 'github-events', 'jira-events': 'jira-events', 'notion-events': 'notion-events', 'prometheus-metrics': 'prometheus-metrics' };
const sign = (secret: string, body: Uint8Array | string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

type Produced = { topic: string; key: string; value: Record<string, unknown> };

/** A stand-in for the Kafka producer: records each record, or fails like an unreachable broker when told to. */
function standInProducer(behaviour: { fail?: boolean } = {}) {
  const produced: Produced[] = [];
  const producer: DeliveryProducer = {
    produce: async (topic, message) => {
      if (behaviour.fail) throw new KafkaUnavailableError('Kafka did not acknowledge within 3000 ms');
      produced.push({ topic, key: message.key, value: JSON.parse(message.value.toString()) as Record<string, unknown> });
    },
    readiness: () => ({ name: 'ingress:kafka', ready: !behaviour.fail, reason: behaviour.fail ? 'not connected' : 'connected' }),
    start: () => {},
    connected: Promise.resolve(),
    close: async () => {},
  };
  return { producer, produced };
}

function ingress(env: Env = {}, options: { fail?: boolean; limit?: number; notReady?: boolean } = {}) {
  const { producer, produced } = standInProducer(options);
  const handshakes: string[] = [];
  const settings = readSection(ingressConfig, { SWITCHYARD_INGRESS_GITHUB_SECRETS: 'gh-old,gh-new', SWITCHYARD_INGRESS_JIRA_SECRETS: 'jira-s', SWITCHYARD_INGRESS_NOTION_SECRETS: 'secret_notion', SWITCHYARD_INGRESS_ALERTMANAGER_SECRETS: 'bearer:am-token,basic:am:pw', ...env });
  const app = createIngressApp({
    settings,
    codec: jsonCodec,
    producer,
    topics: TOPICS,
    limits: () => (options.notReady ? undefined : new Map(Object.values(TOPICS).map((t) => [t, options.limit ?? 2_000_000]))),
    logger: pino({ level: 'silent' }),
    ready: () => [],
    onHandshake: (_r, token) => handshakes.push(token),
    now: () => Date.parse('2026-12-05T10:00:00Z'),
  });
  const post = (route: string, body: Uint8Array | string, headers: Record<string, string> = {}) => app.request(`/webhooks/${route}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const github = (body: Uint8Array | string = PUSH, headers: Record<string, string> = {}) => post('github', body, { 'x-github-event': 'push', 'x-github-delivery': 'd-1', 'x-hub-signature-256': sign('gh-new', body), 'user-agent': 'GitHub-Hookshot/abc', ...headers });
  return { app, produced, handshakes, post, github };
}

describe('a proven delivery', () => {
  it('is produced as the RawWebhook envelope, keyed as replay keys it, and answered 202', async () => {
    const { github, produced } = ingress();
    const response = await github();
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: true, deliveryId: 'd-1' });
    expect(produced).toHaveLength(1);
    expect(produced[0]).toMatchObject({ topic: 'github-events', key: 'Codertocat/Hello-World' });
    expect(produced[0]!.value).toEqual({ source: 'github', eventName: 'push', deliveryId: 'd-1', receivedAt: Date.parse('2026-12-05T10:00:00Z'), headers: { 'user-agent': 'GitHub-Hookshot/abc', 'x-github-event': 'push', 'x-github-delivery': 'd-1' }, body: PUSH.toString('utf8') });
  });

  it('keeps no signature or credentials among the headers', async () => {
    const { post, produced } = ingress();
    await post('alertmanager', ALERTS, { authorization: 'Bearer am-token', 'user-agent': 'Alertmanager/0.28.1' });
    expect(produced[0]!.value.headers).toEqual({ 'user-agent': 'Alertmanager/0.28.1' });
    const { github, produced: fromGitHub } = ingress();
    await github();
    expect(Object.keys(fromGitHub[0]!.value.headers as object)).not.toContain('x-hub-signature-256');
  });

  it('takes each sender by its own proof and names: Jira, Notion, Alertmanager (bearer and basic)', async () => {
    const { post, produced } = ingress();
    expect((await post('jira', JIRA, { 'x-hub-signature': sign('jira-s', JIRA), 'x-atlassian-webhook-identifier': '4711' })).status).toBe(202);
    expect((await post('notion', NOTION, { 'x-notion-signature': sign('secret_notion', NOTION) })).status).toBe(202);
    expect((await post('alertmanager', ALERTS, { authorization: 'Bearer am-token' })).status).toBe(202);
    expect((await post('alertmanager', ALERTS, { authorization: `Basic ${Buffer.from('am:pw').toString('base64')}` })).status).toBe(200);
    expect(produced.map((p) => [p.topic, p.value.source, p.value.eventName])).toEqual([
      ['jira-events', 'jira', 'jira:issue_updated'],
      ['notion-events', 'notion', 'page.created'],
      ['prometheus-metrics', 'alertmanager', 'alerts'],
    ]);
    expect(produced[0]!.value.deliveryId).toBe('4711');
    expect(produced[1]!.value.deliveryId).toBe(JSON.parse(NOTION.toString()).id);
    expect(produced[2]!.value.deliveryId).toMatch(/^alertmanager:sha256:[0-9a-f]{32}$/);
  });

  it('from a form (GitHub\'s other content type) is produced with the JSON of its payload field', async () => {
    const { github, produced } = ingress();
    const form = `payload=${encodeURIComponent(PUSH.toString())}`;
    expect((await github(form, { 'content-type': 'application/x-www-form-urlencoded', 'x-hub-signature-256': sign('gh-old', form) })).status).toBe(202);
    expect(produced[0]!.value.body).toBe(PUSH.toString());
  });

  it('under the id of another delivery but with another body is not taken for that delivery (the id header is not signed)', async () => {
    const { github, produced } = ingress();
    const ping = '{"zen":"Half measures are as bad as nothing at all.","hook_id":1}';
    expect((await github(ping, { 'x-github-event': 'ping', 'x-github-delivery': 'd-1' })).status).toBe(202);
    expect((await github(PUSH, { 'x-github-delivery': 'd-1' })).status).toBe(202);
    expect(produced.map((p) => p.value.eventName)).toEqual(['ping', 'push']);
  });

  it('delivered again is answered 200 and not produced again', async () => {
    const { github, produced } = ingress();
    expect((await github()).status).toBe(202);
    const again = await github();
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ duplicate: true, deliveryId: 'd-1' });
    expect(produced).toHaveLength(1);
  });
});

describe('a delivery that is refused produces nothing', () => {
  const cases: [string, (i: ReturnType<typeof ingress>) => Response | Promise<Response>, number, string][] = [
    ['a wrong secret', (i) => i.github(PUSH, { 'x-hub-signature-256': sign('wrong', PUSH) }), 401, 'SWY_INGRESS_UNPROVEN'],
    ['no signature', async (i) => (await i.github(PUSH, { 'x-hub-signature-256': '' }), i.post('github', PUSH, { 'x-github-event': 'push' })), 401, 'SWY_INGRESS_UNPROVEN'],
    ['a tampered body', (i) => i.github(Buffer.concat([PUSH, Buffer.from(' ')]), { 'x-hub-signature-256': sign('gh-new', PUSH) }), 401, 'SWY_INGRESS_UNPROVEN'],
    ['a wrong bearer token', (i) => i.post('alertmanager', ALERTS, { authorization: 'Bearer nope' }), 401, 'SWY_INGRESS_UNPROVEN'],
    ['a body that is not JSON', (i) => i.github('not json {'), 400, 'SWY_INGRESS_BAD_DELIVERY'],
    ['a body that is not UTF-8', (i) => i.github(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 400, 'SWY_INGRESS_BAD_DELIVERY'],
    ['a GitHub delivery without X-GitHub-Event', (i) => i.github(PUSH, { 'x-github-event': '' }), 400, 'SWY_INGRESS_BAD_DELIVERY'],
    ['a Jira body without webhookEvent', (i) => i.post('jira', '{"issue":{}}', { 'x-hub-signature': sign('jira-s', '{"issue":{}}') }), 400, 'SWY_INGRESS_BAD_DELIVERY'],
    ['JSON nested 600 levels deep', (i) => i.github('['.repeat(600) + ']'.repeat(600)), 400, 'SWY_INGRESS_BAD_DELIVERY'],
    ['a body over the limit', (i) => ingress({ SWITCHYARD_INGRESS_MAX_BODY_BYTES: '2048' }).github(), 413, 'SWY_INGRESS_TOO_LARGE'],
  ];
  for (const [what, send, status, code] of cases) {
    it(`${what}: ${status}`, async () => {
      const i = ingress();
      const response = await send(i);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status, code });
      expect(i.produced).toEqual([]);
    });
  }

  it('a record over what its topic takes: 413 naming the topic and its limit', async () => {
    const { github, produced } = ingress({}, { limit: 4_000 });
    const response = await github();
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ detail: expect.stringMatching(/over the 4000 bytes github-events takes \(its max\.message\.bytes\)/) });
    expect(produced).toEqual([]);
  });

  it('a sender without a secret: 503 with Retry-After, naming the setting to configure', async () => {
    const { post, produced } = ingress({ SWITCHYARD_INGRESS_JIRA_SECRETS: '' });
    const response = await post('jira', JIRA, { 'x-hub-signature': sign('jira-s', JIRA) });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('300');
    expect(await response.json()).toMatchObject({ code: 'SWY_INGRESS_UNCONFIGURED', detail: expect.stringContaining('SWITCHYARD_INGRESS_JIRA_SECRETS') });
    expect(produced).toEqual([]);
  });

  it('Kafka not acknowledging: 503 with Retry-After, and the delivery is produced when it comes again', async () => {
    const down = ingress({}, { fail: true });
    const response = await down.github();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ code: 'SWY_INGRESS_KAFKA_UNAVAILABLE', detail: expect.stringContaining('nothing was acknowledged') });
  });

  it('the registry or the topics not reached since start: 503 with Retry-After, not a 500', async () => {
    const { github, produced } = ingress({}, { notReady: true });
    const response = await github();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ code: 'SWY_INGRESS_KAFKA_UNAVAILABLE', detail: expect.stringContaining('not ready') });
    expect(produced).toEqual([]);
  });

  it('an unknown route 404, listing the routes; a GET on a webhook route 405 with Allow: POST', async () => {
    const { app } = ingress();
    const missing = await app.request('/webhooks/gitlab', { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'SWY_INGRESS_NO_ROUTE', detail: expect.stringContaining('/webhooks/github, /webhooks/jira, /webhooks/notion, /webhooks/alertmanager') });
    const get = await app.request('/webhooks/github');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('metrics to a caller that is not on this machine (no TCP peer here): 404', async () => {
    const { app } = ingress();
    expect((await app.request('/metrics')).status).toBe(404);
  });
});

describe("Notion's handshake", () => {
  it('is answered 200 and its token handed to the operator once, unsigned, even before a secret is configured', async () => {
    const { post, produced, handshakes } = ingress({ SWITCHYARD_INGRESS_NOTION_SECRETS: '' });
    const body = '{"verification_token":"secret_tWu1tx"}';
    expect((await post('notion', body)).status).toBe(200);
    expect((await post('notion', body)).status).toBe(200);
    expect(handshakes).toEqual(['secret_tWu1tx']);
    expect(produced).toEqual([]);
    // Anything else unsigned is still refused.
    expect((await post('notion', NOTION)).status).toBe(503);
  });

  it('is read only so far unsigned: an unsigned body of more is refused as unsigned, beside a secret too', async () => {
    const big = JSON.stringify({ verification_token: 'secret_tWu1tx', padding: 'x'.repeat(10_000) });
    expect((await ingress({ SWITCHYARD_INGRESS_NOTION_SECRETS: '' }).post('notion', big)).status).toBe(503);
    const configured = await ingress().post('notion', big);
    expect(configured.status).toBe(401);
    expect(await configured.json()).toMatchObject({ detail: expect.stringContaining('x-notion-signature is missing') });
  });

  it('refuses a token that is not one, telling nobody', async () => {
    const { post, handshakes } = ingress({ SWITCHYARD_INGRESS_NOTION_SECRETS: '' });
    expect((await post('notion', '{"verification_token":"a\\nforged log line"}')).status).toBe(400);
    expect(handshakes).toEqual([]);
  });
});

describe('unproven deliveries allowed for local use', () => {
  it('are taken without a signature when the sender has no secret', async () => {
    const { github, produced } = ingress({ SWITCHYARD_INGRESS_GITHUB_SECRETS: '', SWITCHYARD_INGRESS_ALLOW_UNPROVEN: 'github' });
    expect((await github(PUSH, { 'x-hub-signature-256': '' })).status).toBe(202);
    expect(produced).toHaveLength(1);
  });

  it('are taken without a signature beside a secret, while a signature that is there must match it', async () => {
    const { post, github, produced } = ingress({ SWITCHYARD_INGRESS_ALLOW_UNPROVEN: 'github' });
    expect((await post('github', PUSH, { 'x-github-event': 'push', 'x-github-delivery': 'd-9' })).status).toBe(202);
    expect((await github(PUSH, { 'x-hub-signature-256': sign('wrong', PUSH), 'x-github-delivery': 'd-10' })).status).toBe(401);
    expect(produced.map((p) => p.value.deliveryId)).toEqual(['d-9']);
  });
});

describe('memory', () => {
  it('past the bytes all bodies in flight may hold: 503 with Retry-After, nothing produced', async () => {
    const { producer, produced } = standInProducer();
    const settings = readSection(ingressConfig, { SWITCHYARD_INGRESS_GITHUB_SECRETS: 'gh-new' });
    const app = createIngressApp({ settings, codec: jsonCodec, producer, topics: TOPICS, limits: () => new Map([['github-events', 2_000_000]]), logger: pino({ level: 'silent' }), ready: () => [], inFlight: inFlight(1_000) });
    const response = await app.request('/webhooks/github', { method: 'POST', body: PUSH, headers: { 'x-github-event': 'push', 'x-hub-signature-256': sign('gh-new', PUSH) } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ code: 'SWY_INGRESS_BUSY' });
    expect(produced).toEqual([]);
  });
});

describe('readiness', () => {
  it('is 503 while Kafka is away, naming it', async () => {
    const { app } = ingress({}, { fail: true });
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ready: false, notReady: ['ingress:kafka'] });
  });
});
