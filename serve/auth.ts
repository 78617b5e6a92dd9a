/**
 * Who may ask: bearer tokens, and, without tokens, only this machine.
 *
 * A token is 32 random bytes (`syd_` + base64url), shown once by `switchyard serve token NAME`;
 * the configuration keeps only its SHA-256 digest. Random 256-bit tokens need no slow hash (no
 * dictionary to guess from), so a request costs one SHA-256 and a `timingSafeEqual` per configured
 * digest, and we learn the token's *name* for the rate limit, logs and metrics.
 *
 * Without tokens the server listens on loopback only (serve/config.ts refuses anything else), and
 * the Host header must name loopback too: a page on any site could otherwise point a DNS name at
 * 127.0.0.1 and read the answers from the victim's browser (DNS rebinding).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ErrorCodes } from '../operators/errors.ts';
import { AccessError } from '../access/errors.ts';
import type { TokenDigest } from './config.ts';

/** A fresh token and the digest to configure. */
export function newToken(): { token: string; digest: string } {
  const token = `syd_${randomBytes(32).toString('base64url')}`;
  return { token, digest: digestOf(token) };
}

export function digestOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The name of the configured token `presented` is, or undefined. Compares every digest (no early exit on a match's position). */
export function tokenName(presented: string, tokens: readonly TokenDigest[]): string | undefined {
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let found: string | undefined;
  for (const token of tokens) if (timingSafeEqual(digest, token.digest) && found === undefined) found = token.name;
  return found;
}

/** The Host values an unauthenticated loopback server answers to. */
export function loopbackHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** Variables the auth middleware sets on the request context. */
export interface AuthVariables {
  /** The token's configured name; `local` when no tokens are configured. */
  caller: string;
}

export interface AuthOptions {
  readonly tokens: readonly TokenDigest[];
  /** The port the Host header must name when there are no tokens (the listening port: known only once bound). */
  readonly port: () => number;
}

/**
 * With tokens: `Authorization: Bearer <token>` must be one of them (401 otherwise, with
 * `WWW-Authenticate`). Without: the Host header must be loopback at our port (403 otherwise).
 */
export function authenticate(options: AuthOptions): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    if (options.tokens.length === 0) {
      // Node's server always has the header; a fetch-style Request (a Lambda, app.request) carries the host in its URL.
      const host = (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase();
      if (!loopbackHosts(options.port()).has(host)) {
        throw new AccessError(`Host "${host}" is not this machine: without SWITCHYARD_ACCESS_TOKENS only 127.0.0.1:${options.port()}, localhost:${options.port()} or [::1]:${options.port()} may be asked (DNS-rebinding guard)`, ErrorCodes.accessRefused);
      }
      c.set('caller', 'local');
      return next();
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const name = match === null ? undefined : tokenName(match[1]!, options.tokens);
    if (name === undefined) {
      c.header('WWW-Authenticate', 'Bearer realm="switchyard"');
      throw new AccessError(match === null ? 'a bearer token is required: Authorization: Bearer syd_…' : 'the bearer token is not one of SWITCHYARD_ACCESS_TOKENS', ErrorCodes.accessUnauthorized);
    }
    c.set('caller', name);
    return next();
  };
}
