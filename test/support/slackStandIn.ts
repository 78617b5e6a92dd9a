/**
 * A stand-in for Slack's Web API and incoming webhooks, for tests: Slack cannot run here, so this
 * local server follows its documented behaviour for the calls the actuator makes —
 *
 * - `POST /api/chat.postMessage` (form-encoded, as @slack/web-api sends it, or JSON): a Bearer
 *   bot token, else HTTP 200 `{ok:false, error:"not_authed"}` / `"invalid_auth"`; an unknown
 *   channel is 200 `{ok:false, error:"channel_not_found"}` (Slack's errors come with 200). At
 *   most one message per channel per `channelIntervalMs` (Slack documents about one per second
 *   per channel): a faster one is 429 with `Retry-After` and `{ok:false, error:"ratelimited"}`.
 *   Message metadata is stored.
 * - `POST /api/conversations.history`: the channel's messages, newest first, with metadata when
 *   `include_all_metadata` is set; needs a channel id.
 * - `POST /services/T…/B…/<secret>`: an incoming webhook; `ok` as text/plain, 404 `no_service`
 *   for an unknown path, 400 `no_text` without text.
 */
import { startStandInServer, type SeenRequest, type StandInServer } from './standInServer.ts';

export interface SlackMessage {
  readonly channel: string;
  readonly text: string;
  readonly ts: string;
  readonly at: number;
  readonly metadata: { event_type: string; event_payload: Record<string, unknown> } | null;
  readonly via: 'bot' | 'webhook';
}

export interface SlackStandIn extends StandInServer {
  readonly messages: SlackMessage[];
  /** The incoming webhook's URL (its path is the secret). */
  readonly webhookUrl: string;
  /** Messages rejected with 429 because they came too fast for their channel. */
  rateLimited(): number;
}

export interface SlackStandInOptions {
  readonly botToken: string;
  /** Channel name (`#proj-eng`) → id. */
  readonly channels: Readonly<Record<string, string>>;
  readonly channelIntervalMs?: number;
  readonly webhookPath?: string;
  /** The channel the incoming webhook posts to. */
  readonly webhookChannel?: string;
}

export async function startSlackStandIn(options: SlackStandInOptions): Promise<SlackStandIn> {
  const messages: SlackMessage[] = [];
  const interval = options.channelIntervalMs ?? 1000;
  const webhookPath = options.webhookPath ?? '/services/T000STAND/B000STAND/standInWebhookSecret0001';
  const lastPost = new Map<string, number>();
  let tooFast = 0;
  let ts = 1_700_000_000_000_000;
  const ids = new Set(Object.values(options.channels));
  const channelId = (channel: string) => options.channels[channel] ?? (ids.has(channel) ? channel : undefined);
  const ok = (body: Record<string, unknown>) => ({ status: 200, body: JSON.stringify({ ok: true, ...body }) });
  const fail = (error: string, status = 200, headers?: Record<string, string>) => ({ status, ...(headers ? { headers } : {}), body: JSON.stringify({ ok: false, error }) });
  const params = (r: SeenRequest): Record<string, string> =>
    String(r.headers['content-type'] ?? '').includes('json') ? (JSON.parse(r.body || '{}') as Record<string, string>) : Object.fromEntries(new URLSearchParams(r.body));

  const server = await startStandInServer((request, url) => {
    const now = performance.now();
    if (url.pathname.startsWith('/services/')) {
      if (url.pathname !== webhookPath) return { status: 404, body: 'no_service' };
      const { text } = JSON.parse(request.body || '{}') as { text?: string };
      if (!text) return { status: 400, body: 'no_text' };
      messages.push({ channel: options.webhookChannel ?? 'webhook', text, ts: String(ts++), at: now, metadata: null, via: 'webhook' });
      return { status: 200, body: 'ok' };
    }
    const auth = request.headers.authorization;
    if (auth === undefined) return fail('not_authed');
    if (auth !== `Bearer ${options.botToken}`) return fail('invalid_auth');
    const p = params(request);
    if (url.pathname === '/api/chat.postMessage') {
      const id = channelId(p.channel ?? '');
      if (id === undefined) return fail('channel_not_found');
      if (!p.text) return fail('no_text');
      const last = lastPost.get(id);
      if (last !== undefined && now - last < interval) {
        tooFast += 1;
        return fail('ratelimited', 429, { 'Retry-After': String(Math.ceil((interval - (now - last)) / 1000)) });
      }
      lastPost.set(id, now);
      const metadata = p.metadata === undefined ? null : typeof p.metadata === 'string' ? (JSON.parse(p.metadata) as SlackMessage['metadata']) : (p.metadata as SlackMessage['metadata']);
      const message: SlackMessage = { channel: id, text: p.text, ts: `${Math.floor(ts / 1e6)}.${String(ts++ % 1e6).padStart(6, '0')}`, at: now, metadata, via: 'bot' };
      messages.push(message);
      return ok({ channel: id, ts: message.ts, message: { text: message.text, ts: message.ts } });
    }
    if (url.pathname === '/api/conversations.history') {
      const id = p.channel ?? '';
      if (!ids.has(id)) return fail('channel_not_found');
      const all = String(p.include_all_metadata) === 'true' || String(p.include_all_metadata) === '1';
      const found = messages.filter((m) => m.channel === id).reverse().slice(0, Number(p.limit ?? 100));
      return ok({ messages: found.map((m) => ({ type: 'message', text: m.text, ts: m.ts, ...(all && m.metadata ? { metadata: m.metadata } : {}) })), has_more: false });
    }
    return fail('unknown_method', 404);
  });

  return { ...server, messages, webhookUrl: `${server.url}${webhookPath}`, rateLimited: () => tooFast };
}
