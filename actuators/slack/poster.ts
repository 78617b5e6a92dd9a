/**
 * Posts SlackNotifications through Slack's own clients: `chat.postMessage` with a bot token
 * (@slack/web-api), to the notification's channel, or an incoming webhook (@slack/webhook), which
 * posts to the one channel it was made for. Both take the host gate's fetch, so the gate spaces
 * and pauses the requests; their own retries are off and rate-limited calls are rejected, so
 * retries and Retry-After are the gate's and guard's business alone.
 *
 * Idempotency: a bot message carries Slack message metadata `switchyard_notification` with the
 * notification id; a notification whose earlier attempt's outcome is unknown is looked for in
 * the channel's recent history (conversations.history with include_all_metadata) before posting
 * again. That needs a channel id (C…): a channel given by name, and the webhook path, which can
 * read nothing back, are at-least-once within that narrow window (a crash between Slack's answer
 * and the ledger's record), and say so in the README.
 */
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, WebClient, LogLevel } from '@slack/web-api';
import { IncomingWebhook, IncomingWebhookHTTPError } from '@slack/webhook';
import type { SlackNotification } from '../../avro/generated/types.ts';
import { httpError, networkError, UpstreamError } from '../errors.ts';
import type { FetchLike } from '../http/hostGate.ts';
import type { Json } from '../ledger.ts';
import { bodyForMessage } from '../redact.ts';

export const METADATA_EVENT_TYPE = 'switchyard_notification';

/**
 * Slack errors (HTTP 200, `ok: false`) that are Slack's trouble, not the request's: Slack documents
 * that some part of the call may have succeeded, so they are retried with the claim kept (the
 * retry looks for the message first), like a 5xx.
 */
const MAYBE_APPLIED_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * Errors about the token, the same for every message until someone fixes it: retried, so the
 * breaker opens and the backlog waits in Kafka instead of the dead-letter topic (errors.ts).
 */
const CREDENTIAL_ERRORS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive']);

export interface SlackPoster {
  post(notification: SlackNotification): Promise<Json>;
  /** The earlier message's reference, null when none was found, or 'unknown' when this path cannot look. */
  findPosted(notification: SlackNotification): Promise<Json | 'unknown'>;
}

export interface SlackPosterOptions {
  readonly via: 'bot' | 'webhook';
  readonly botToken: string | null;
  readonly webhookUrl: string | null;
  readonly apiUrl: string;
  /** The host gate's, which times out each send: the clients' own timeout would start before the gate's wait. */
  readonly fetch: FetchLike;
  readonly secrets: readonly string[];
}

const silent = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

/** A channel id rather than a name: conversations.history needs one. */
export const isChannelId = (channel: string): boolean => /^[CGD][A-Z0-9]{6,}$/.test(channel);

export function slackPoster(options: SlackPosterOptions): SlackPoster {
  const { secrets } = options;
  const fetch = options.fetch as never;
  if (options.via === 'webhook') {
    const webhook = new IncomingWebhook(options.webhookUrl ?? 'https://hooks.slack.com/services/dry-run', { fetch, retryConfig: { retries: 0 } });
    return {
      post: async (n) => {
        try {
          await webhook.send({ text: n.text, unfurl_links: false });
          return { via: 'webhook' };
        } catch (error) {
          if (error instanceof IncomingWebhookHTTPError) throw httpError('slack', 'incoming webhook', error.statusCode, error.body, secrets);
          throw networkError('slack', 'incoming webhook', error, secrets);
        }
      },
      findPosted: async () => 'unknown',
    };
  }

  const client = new WebClient(options.botToken ?? undefined, { slackApiUrl: options.apiUrl, fetch, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: silent });
  return {
    post: async (n) => {
      try {
        const answer = await client.chat.postMessage({
          channel: n.channel,
          text: n.text,
          unfurl_links: false,
          metadata: { event_type: METADATA_EVENT_TYPE, event_payload: { notification_id: n.notificationId } },
        });
        return { channel: answer.channel ?? n.channel, ts: answer.ts ?? null };
      } catch (error) {
        throw slackError('chat.postMessage', error, secrets);
      }
    },
    findPosted: async (n) => {
      if (!isChannelId(n.channel)) return 'unknown';
      try {
        const history = await client.conversations.history({ channel: n.channel, limit: 200, include_all_metadata: true });
        const found = history.messages?.find((m) => {
          const metadata = (m as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
          return metadata?.event_type === METADATA_EVENT_TYPE && metadata.event_payload?.notification_id === n.notificationId;
        });
        return found === undefined ? null : { channel: n.channel, ts: found.ts ?? null };
      } catch (error) {
        throw slackError('conversations.history', error, secrets);
      }
    },
  };
}

function slackError(call: string, error: unknown, secrets: readonly string[]): UpstreamError {
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    const body = `ok:false, error ${code}`;
    if (MAYBE_APPLIED_ERRORS.has(code)) return new UpstreamError({ target: 'slack', call, status: 200, body, retriable: true, applied: 'maybe' });
    // Any other ok:false: nothing was posted; permanent unless a wait or new credentials cure it.
    return new UpstreamError({ target: 'slack', call, status: 200, body, retriable: code === 'ratelimited' || CREDENTIAL_ERRORS.has(code), applied: 'no' });
  }
  if (error instanceof WebAPIRateLimitedError) return new UpstreamError({ target: 'slack', call, status: 429, body: `rate limited, retry after ${error.retryAfter} s`, retriable: true, applied: 'no' });
  if (error instanceof WebAPIHTTPError) return httpError('slack', call, error.statusCode, typeof error.body === 'string' ? error.body : bodyForMessage(JSON.stringify(error.body ?? ''), secrets), secrets);
  if (error instanceof WebAPIRequestError) return networkError('slack', call, error.original, secrets);
  return networkError('slack', call, error, secrets);
}
