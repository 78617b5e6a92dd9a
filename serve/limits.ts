/**
 * How much a caller may ask, and from where: a per-caller rate (rate-limiter-flexible's in-memory
 * limiter, keyed on the token's name, or on the remote address when no tokens are configured) →
 * 429 with `Retry-After`; a request body limit (hono's bodyLimit, which counts streamed bytes when
 * there is no Content-Length) → 413; and a CORS allow-list (hono's cors) for browsers.
 *
 * The rate limit *rejects*; it does not queue. Queuing in front of each store is the access
 * service's business (a p-limit queue per store), bounded by the question's timeout.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AccessError } from '../access/errors.ts';
import { ErrorCodes } from '../operators/errors.ts';
import type { AuthVariables } from './auth.ts';

export interface RateLimitOptions {
  readonly perMinute: number;
  /** The caller's address, for callers without a token name (`local`). */
  readonly addressOf: (c: Parameters<MiddlewareHandler>[0]) => string | undefined;
}

/** `perMinute` requests per caller per rolling minute window; the next one answers 429 with Retry-After. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<{ Variables: AuthVariables }> {
  const limiter = new RateLimiterMemory({ points: options.perMinute, duration: 60 });
  return async (c, next) => {
    const caller = c.get('caller');
    const key = caller !== undefined && caller !== 'local' ? `token:${caller}` : `address:${options.addressOf(c) ?? 'unknown'}`;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      c.header('Retry-After', String(retryAfterSeconds));
      throw new AccessError(`more than ${options.perMinute} requests a minute (SWITCHYARD_ACCESS_RATE_PER_MINUTE); retry in ${retryAfterSeconds} s`, ErrorCodes.accessRateLimited, { retryAfterSeconds });
    }
    return next();
  };
}

/** 413 past `maxBytes`, counted on the stream when the client sends no Content-Length. */
export function requestBodyLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AccessError(`the request body is over ${maxBytes} bytes (SWITCHYARD_ACCESS_MAX_BODY_BYTES)`, ErrorCodes.accessTooLarge);
    },
  });
}

/**
 * CORS for the allow-listed origins only: any other origin gets no `Access-Control-Allow-Origin`,
 * so its browser refuses the answer. `Authorization` is allowed as a request header (bearer tokens);
 * no cookies are used, so no credentials mode.
 */
export function corsAllowList(origins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Accept', 'Mcp-Session-Id', 'Mcp-Protocol-Version', 'Last-Event-ID'],
    exposeHeaders: ['Retry-After', 'Mcp-Session-Id', 'Mcp-Protocol-Version'],
    maxAge: 600,
  });
}
