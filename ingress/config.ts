/**
 * The ingress's settings (`switchyard ingress`, and `npm start` which runs it): where it listens,
 * each sender's secrets, which senders may deliver unproven (local trials only), and its limits.
 *
 * One secrets variable per receiver (`SWITCHYARD_INGRESS_GITHUB_SECRETS`…), named from the
 * receivers the sources declare, so a new sender brings its own setting. Several secrets,
 * comma-separated, are all accepted: rotate by adding the new one, changing it at the sender,
 * then removing the old one.
 *
 * Impossible combinations are refused at start (STYLE.md 8): accepting unproven deliveries on an
 * address other machines reach would let anyone write to the raw topics, so
 * SWITCHYARD_INGRESS_ALLOW_UNPROVEN is refused unless SWITCHYARD_INGRESS_HOST is loopback.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { HOST } from '../config/worker.ts';
import { type ConfigSection, type Env, type Problems, type Setting, valueOf, wholeNumber } from '../config/spec.ts';
import { WEBHOOK_MAX_BODY_BYTES } from '../config/topics.ts';
import { isLoopback } from '../config/loopback.ts';
import type { Receiver } from '../topology/receiver.ts';
import { RECEIVERS } from './receivers.ts';

/** A sender's credentials, as the proof of its receiver reads them. */
export type Credential = { readonly kind: 'secret'; readonly secret: KeyObject } | { readonly kind: 'bearer'; readonly token: Buffer } | { readonly kind: 'basic'; readonly user: string; readonly password: Buffer };

export interface IngressSettings {
  readonly port: number;
  readonly host: string;
  /** Per route: the credentials a delivery may prove itself with. Secret. */
  readonly credentials: Readonly<Record<string, readonly Credential[]>>;
  /** Routes that take deliveries without proof (loopback only). */
  readonly allowUnproven: readonly string[];
  /** The largest body accepted (413 above); a record over its raw topic's own max.message.bytes gets 413 too. */
  readonly maxBodyBytes: number;
  /** How long a whole request may take to arrive (408 after). */
  readonly requestTimeoutMs: number;
  /** How long Kafka may take to acknowledge a delivery before it is answered 503. */
  readonly produceTimeoutMs: number;
  /** How many recent delivery ids are remembered to answer a redelivery without producing it again. */
  readonly recentDeliveries: number;
}

/** The longest a delivery may take to be answered: GitHub gives up after 10 s. */
export const ANSWER_WITHIN_MS = 9_000;

/** The variable holding a receiver's secrets. */
export const secretsVariable = (receiver: Pick<Receiver, 'route'>): string => `SWITCHYARD_INGRESS_${receiver.route.toUpperCase()}_SECRETS`;

export const INGRESS_SETTINGS: readonly Setting[] = [
  { name: 'SWITCHYARD_INGRESS_PORT', description: 'Port of the webhook ingress (POST /webhooks/<sender>)', default: '8791' },
  { name: 'SWITCHYARD_INGRESS_HOST', description: 'Address the ingress listens on (0.0.0.0 to receive from the providers, behind TLS)', default: '127.0.0.1' },
  ...RECEIVERS.map((receiver): Setting => ({
    name: secretsVariable(receiver),
    description: `${receiver.label}'s secrets for POST /webhooks/${receiver.route}, comma-separated (several while rotating): ${receiver.secretIs}; none: its deliveries are refused (503)`,
    secret: true,
  })),
  {
    name: 'SWITCHYARD_INGRESS_ALLOW_UNPROVEN',
    description: `Senders whose deliveries are taken without a signature or credentials, comma-separated (${RECEIVERS.map((r) => r.route).join(', ')}): for local trials, refused unless SWITCHYARD_INGRESS_HOST is loopback`,
    example: 'github',
  },
  { name: 'SWITCHYARD_INGRESS_MAX_BODY_BYTES', description: "Largest webhook body, in bytes, before 413 (a delivery whose record is over its raw topic's own max.message.bytes gets 413 too)", default: String(WEBHOOK_MAX_BODY_BYTES) },
  { name: 'SWITCHYARD_INGRESS_REQUEST_TIMEOUT_MS', description: 'How long a whole request may take to arrive, in ms, before 408; with the produce timeout at most 9000 (GitHub gives up after 10 s)', default: '5000' },
  { name: 'SWITCHYARD_INGRESS_PRODUCE_TIMEOUT_MS', description: 'How long Kafka may take to acknowledge a delivery, in ms, before it is answered 503 with Retry-After; with the request timeout at most 9000', default: '3000' },
  { name: 'SWITCHYARD_INGRESS_RECENT_DELIVERIES', description: 'Recent delivery ids remembered, so a redelivery is answered without producing it again', default: '100000' },
];

const list = (env: Env, name: string): string[] => (valueOf(env, name) ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');

/** One entry of an `authorization` receiver's secrets: `bearer:TOKEN` or `basic:USER:PASSWORD`. */
function authorizationCredential(entry: string): Credential | undefined {
  const [kind, ...rest] = entry.split(':');
  const value = rest.join(':');
  if (kind === 'bearer' && value !== '') return { kind: 'bearer', token: Buffer.from(value) };
  const at = value.indexOf(':');
  if (kind === 'basic' && at > 0) return { kind: 'basic', user: value.slice(0, at), password: Buffer.from(value.slice(at + 1)) };
  return undefined;
}

function readCredentials(env: Env, problems: Problems): Record<string, Credential[]> {
  const credentials: Record<string, Credential[]> = {};
  for (const receiver of RECEIVERS) {
    const variable = secretsVariable(receiver);
    credentials[receiver.route] = list(env, variable).flatMap((entry, index): Credential[] => {
      // A KeyObject made once: createHmac with a Buffer makes one anew for every delivery (a sixth of the HMAC's cost).
      if (receiver.proof.kind === 'hmac-sha256') return [{ kind: 'secret', secret: createSecretKey(Buffer.from(entry)) }];
      const credential = authorizationCredential(entry);
      // The value is a secret: say which entry by position, never echo it.
      if (credential === undefined) problems.add(variable, `entry ${index + 1} must be bearer:TOKEN or basic:USER:PASSWORD`);
      return credential === undefined ? [] : [credential];
    });
  }
  return credentials;
}

export function readIngressSettings(env: Env, problems: Problems): IngressSettings | undefined {
  const port = problems.read(env, 'SWITCHYARD_INGRESS_PORT', wholeNumber(0, 65_535), '8791');
  const host = problems.read(env, 'SWITCHYARD_INGRESS_HOST', HOST, '127.0.0.1');
  const credentials = readCredentials(env, problems);
  const routes = RECEIVERS.map((r) => r.route);
  const allowUnproven = list(env, 'SWITCHYARD_INGRESS_ALLOW_UNPROVEN');
  for (const route of allowUnproven.filter((r) => !routes.includes(r))) problems.add('SWITCHYARD_INGRESS_ALLOW_UNPROVEN', `"${route}" is not a sender: give any of ${routes.join(', ')}`, route);
  if (allowUnproven.length > 0 && host !== undefined && !isLoopback(host)) {
    problems.add('SWITCHYARD_INGRESS_ALLOW_UNPROVEN', `takes unproven deliveries, but SWITCHYARD_INGRESS_HOST is ${host}, which other machines reach: configure ${allowUnproven.map((r) => secretsVariable({ route: r })).join(', ')} instead, or listen on 127.0.0.1`, allowUnproven.join(','));
  }
  const maxBodyBytes = problems.read(env, 'SWITCHYARD_INGRESS_MAX_BODY_BYTES', wholeNumber(1_024, WEBHOOK_MAX_BODY_BYTES), String(WEBHOOK_MAX_BODY_BYTES));
  const requestTimeoutMs = problems.read(env, 'SWITCHYARD_INGRESS_REQUEST_TIMEOUT_MS', wholeNumber(100, ANSWER_WITHIN_MS), '5000');
  const produceTimeoutMs = problems.read(env, 'SWITCHYARD_INGRESS_PRODUCE_TIMEOUT_MS', wholeNumber(100, ANSWER_WITHIN_MS), '3000');
  const recentDeliveries = problems.read(env, 'SWITCHYARD_INGRESS_RECENT_DELIVERIES', wholeNumber(0, 10_000_000), '100000');
  // GitHub gives up after 10 s: the body's arrival and Kafka's acknowledgement must both fit, with a second to spare.
  if (requestTimeoutMs !== undefined && produceTimeoutMs !== undefined && requestTimeoutMs + produceTimeoutMs > ANSWER_WITHIN_MS) {
    problems.add('SWITCHYARD_INGRESS_PRODUCE_TIMEOUT_MS', `with SWITCHYARD_INGRESS_REQUEST_TIMEOUT_MS (${requestTimeoutMs}) it is ${requestTimeoutMs + produceTimeoutMs} ms, more than the ${ANSWER_WITHIN_MS} ms a delivery may take to be answered (GitHub gives up after 10 s)`, String(produceTimeoutMs));
  }
  if (port === undefined || host === undefined || maxBodyBytes === undefined || requestTimeoutMs === undefined || produceTimeoutMs === undefined || recentDeliveries === undefined) return undefined;
  return { port, host, credentials, allowUnproven: [...new Set(allowUnproven)].filter((r) => routes.includes(r)), maxBodyBytes, requestTimeoutMs, produceTimeoutMs, recentDeliveries };
}

/** The ingress's section of the configuration. */
export const ingressConfig: ConfigSection<IngressSettings> = { title: 'Webhook ingress (switchyard ingress)', settings: INGRESS_SETTINGS, read: readIngressSettings };

/** Whether a sender's deliveries are taken, in words: what the start-up lines of the CLI and npm start say of it. */
export function senderState(receiver: Pick<Receiver, 'route' | 'secretIs'>, settings: Pick<IngressSettings, 'credentials' | 'allowUnproven'>): { readonly open: boolean; readonly text: string } {
  const count = settings.credentials[receiver.route]?.length ?? 0;
  const unproven = settings.allowUnproven.includes(receiver.route);
  if (count > 0) return { open: true, text: `${count} secret${count === 1 ? '' : 's'}${unproven ? '; UNSIGNED deliveries accepted too (SWITCHYARD_INGRESS_ALLOW_UNPROVEN: local trials only)' : ''}` };
  if (unproven) return { open: true, text: 'UNPROVEN deliveries accepted (SWITCHYARD_INGRESS_ALLOW_UNPROVEN: local trials only)' };
  return { open: false, text: `refused (503) until ${secretsVariable(receiver)} is set (${receiver.secretIs})` };
}

/** For a log line: how many credentials each sender has, never the credentials. */
export function redactedIngressSettings(settings: IngressSettings): Record<string, unknown> {
  return { ...settings, credentials: Object.fromEntries(Object.entries(settings.credentials).map(([route, c]) => [route, c.length])) };
}
