/**
 * What the ingress (ingress/) knows of one sender of webhooks: its route, how its deliveries
 * prove where they come from, and how a delivery names its event and its id. Each source's folder
 * declares its senders' receivers (`Normalizer.receivers`), so the ingress, like replay, switches
 * on no source name: adding a sender is a file in its source's folder and an entry in its
 * normalizer's `receivers`.
 *
 * `read` is pure, as `Normalizer.normalize` is: no I/O, no clock. It sees a delivery only after
 * its proof was checked, or when its sender is allowed unproven.
 */
import { createHash } from 'node:crypto';

/**
 * How a sender proves a delivery is its own:
 * - `hmac-sha256`: the header holds `sha256=<hex>`, the HMAC-SHA256 of the raw body keyed by a
 *   shared secret (GitHub's X-Hub-Signature-256, Jira's X-Hub-Signature, Notion's
 *   X-Notion-Signature, whose secret is the subscription's verification token);
 * - `authorization`: the Authorization header holds a bearer token or basic credentials the
 *   sender was configured with (Alertmanager's `http_config`); nothing signs the body.
 */
export type Proof = { readonly kind: 'hmac-sha256'; readonly header: string } | { readonly kind: 'authorization' };

/** A delivery as the ingress has it once its proof was checked: lower-cased headers and the parsed body. */
export interface Delivery {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The body's text, exactly as it arrived (what a made-up delivery id is a digest of). */
  readonly text: string;
}

/** The RawWebhook names of a delivery, or why it is not one this sender sends. */
export type DeliveryNames = { readonly eventName: string; readonly deliveryId: string } | { readonly reason: string };

export interface Receiver {
  /** The route's last segment, `POST /webhooks/<route>`; also the RawWebhook `source`. */
  readonly route: string;
  /** What the operator configures: the sender's name in settings and messages (GitHub, Jira…). */
  readonly label: string;
  readonly proof: Proof;
  /** What a secret of this sender is, for the setting's description (`the webhook's secret`). */
  readonly secretIs: string;
  /** The request headers kept in the envelope, lower-cased, beside `user-agent`; never a signature or credential. */
  readonly keptHeaders: readonly string[];
  /**
   * A one-time request that is not a delivery: Notion's subscription handshake, whose
   * `verification_token` the operator pastes back into Notion (and configures as the secret).
   * Returns the token; undefined for anything else.
   */
  handshake?(body: unknown): string | undefined;
  read(delivery: Delivery): DeliveryNames;
}

/**
 * A delivery id for a sender that sends none (Alertmanager), or for a delivery that lacks its
 * own: the route and a digest of the body, so a resend of the same body is recognised as one.
 */
export function madeUpDeliveryId(route: string, text: string): string {
  return `${route}:sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

/** What a sender's delivery id may be: GUIDs, numbers, `prefix:id`; nothing a log, a key or the recent-ids cache could be flooded with. */
export const DELIVERY_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The delivery id a sender gave, or, when it gave none or one no sender sends (a header is not
 * signed: anyone replaying a signed body can set it), one made up from the body.
 */
export function deliveryIdOr(given: string | undefined, route: string, text: string): string {
  return given !== undefined && DELIVERY_ID.test(given) ? given : madeUpDeliveryId(route, text);
}

/** Event names the ingress accepts: what providers send (`push`, `jira:issue_updated`, `page.content_updated`). */
export const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;
