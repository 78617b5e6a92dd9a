/**
 * Secrets never reach a log line or an error message (issue 6): every text the actuator shows
 * about a request or a response passes through here first. Two layers, because either alone
 * leaks: the known secret values are replaced wherever they appear (a token echoed back in an
 * error body), and credential-shaped things are replaced even when we were not told about them
 * (an `Authorization` header, a Slack token, a webhook URL's path).
 */

export const REDACTED = '[redacted]';

/** Headers whose whole value is a credential. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

const SHAPES: readonly (readonly [RegExp, string])[] = [
  // Slack tokens: bot, user, app-level, refresh, config.
  [/\bxox[abprse]-[A-Za-z0-9-]+/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]+/g, REDACTED],
  // Incoming webhook paths: https://hooks.slack.com/services/T…/B…/secret.
  [/(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[^\s"'<>]+/g, `$1${REDACTED}`],
  // Basic and Bearer credentials written out in a text.
  [/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/g, `$1 ${REDACTED}`],
];

/** Replaces every given secret and every credential-shaped substring in `text`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  for (const [shape, replacement] of SHAPES) out = out.replace(shape, replacement);
  return out;
}

/** Headers as they may be logged: credential headers keep only their scheme (`Basic [redacted]`). */
export function redactHeaders(headers: Readonly<Record<string, string>>, secrets: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (!SECRET_HEADERS.has(name.toLowerCase())) return [name, redact(value, secrets)];
      const scheme = /^(\w+)\s/.exec(value)?.[1];
      return [name, scheme === undefined ? REDACTED : `${scheme} ${REDACTED}`];
    }),
  );
}

/** A response body for an error message: redacted and cut to a length a log line can carry. */
export function bodyForMessage(body: string, secrets: readonly string[] = [], max = 1_000): string {
  const clean = redact(body, secrets);
  return clean.length > max ? `${clean.slice(0, max)}… (${clean.length - max} more characters)` : clean;
}
