/**
 * Deliveries as each sender sends them, for tests of the ingress on real HTTP: the body's exact
 * bytes, the headers the sender sets (user agent, event, delivery id) and its proof computed here
 * with node:crypto, independently of ingress/proof.ts, so a test shows that a delivery signed the
 * way GitHub, Jira and Notion document is taken, not that the ingress agrees with itself.
 *
 * - GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>` (and the legacy SHA-1
 *   `X-Hub-Signature` GitHub still sends beside it), `X-GitHub-Event`, `X-GitHub-Delivery`.
 * - Jira: `X-Hub-Signature: sha256=…`, `X-Atlassian-Webhook-Identifier`.
 * - Notion: `X-Notion-Signature: sha256=…` keyed by the verification token.
 * - Alertmanager: `Authorization` as its `http_config` sends it ({@link bearer}, {@link basic}).
 */
import { createHmac } from 'node:crypto';

export type Sender = 'github' | 'jira' | 'notion' | 'alertmanager';

/** A request ready to send: the route's path, its headers (lower-case names) and the body's bytes. */
export interface SignedRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface SignOptions {
  /** The body exactly as sent: a fixture file's text, or bytes (not UTF-8, a form). */
  readonly body: string | Uint8Array;
  /** The HMAC key (GitHub, Jira, Notion); none: the request is sent unsigned. */
  readonly secret?: string;
  /** GitHub's X-GitHub-Event; none: the header is left out. */
  readonly event?: string;
  /** GitHub's X-GitHub-Delivery or Jira's X-Atlassian-Webhook-Identifier. */
  readonly deliveryId?: string;
  /** Alertmanager's Authorization header. */
  readonly authorization?: string;
  /** Default application/json. */
  readonly contentType?: string;
  /** Added last: they replace any set above (a made-up signature, say). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the user agents of the senders look like on the wire (kept in the envelope). */
export const USER_AGENTS: Readonly<Record<Sender, string>> = {
  github: 'GitHub-Hookshot/7c5ad3f',
  jira: 'Atlassian Webhook HTTP Client',
  notion: 'notion-api',
  alertmanager: 'Alertmanager/0.28.1',
};

/** `sha256=<hex>`: the HMAC-SHA256 of `body` under `secret`, as all three HMAC senders write it. */
export const hmacSignature = (secret: string, body: Uint8Array | string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export const bearer = (token: string): string => `Bearer ${token}`;
export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The request `sender` would send with `options`. */
export function signedRequest(sender: Sender, options: SignOptions): SignedRequest {
  const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : Buffer.from(options.body);
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json', 'user-agent': USER_AGENTS[sender] };
  const sign = (header: string) => {
    if (options.secret !== undefined) headers[header] = hmacSignature(options.secret, body);
  };
  switch (sender) {
    case 'github':
      if (options.event !== undefined) headers['x-github-event'] = options.event;
      if (options.deliveryId !== undefined) headers['x-github-delivery'] = options.deliveryId;
      headers['x-github-hook-id'] = '412345678';
      sign('x-hub-signature-256');
      if (options.secret !== undefined) headers['x-hub-signature'] = `sha1=${createHmac('sha1', options.secret).update(body).digest('hex')}`;
      break;
    case 'jira':
      if (options.deliveryId !== undefined) headers['x-atlassian-webhook-identifier'] = options.deliveryId;
      sign('x-hub-signature');
      break;
    case 'notion':
      sign('x-notion-signature');
      break;
    case 'alertmanager':
      if (options.authorization !== undefined) headers.authorization = options.authorization;
      break;
  }
  return { path: `/webhooks/${sender}`, headers: { ...headers, ...options.headers }, body };
}

/** An answer of the ingress: its status, headers and JSON body (a problem for a refusal). */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** POSTs `request` to the ingress at `url` over real HTTP and reads the whole answer. */
export async function send(url: string, request: SignedRequest): Promise<Answer> {
  const response = await fetch(`${url}${request.path}`, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}
