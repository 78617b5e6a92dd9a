/**
 * The URL setting kind: a URL parsed with WHATWG `URL` (what Node's clients parse it with) and
 * checked whole, scheme, host and port, at start, so a typo stops the worker naming the variable
 * instead of being taken some other way by a driver. The silent failures it prevents:
 * - `NEO4J_URL=bolt://host:badport` passed a pattern and the driver connected to 7687;
 * - port 0, or one above 65535, is a connection error minutes later, or never one (the driver's
 *   own default port is used);
 * - `postgres:///db` (no host, and no `?host=` socket directory) makes pg connect to localhost's socket, not the server meant;
 * - a password with a `/` in it made the password the "port" of a URL that does not parse, and the
 *   error quoted it: a value with a user part never has a part of it quoted.
 *
 * A port may be left out only where the setting declares which one that means (`http:` 80,
 * `postgres:` 5432, `bolt:` 7687…), so "omitted" is a decision written here, never a driver's.
 * The value is kept as given: each client parses it again in its own way.
 *
 *     const POSTGRES_URL = urlSetting(URL_KINDS.postgres);   // a zod schema for Problems.read
 *     const KAFKA_BROKERS = brokerList;                       // host:port, comma-separated
 */
import { z } from 'zod';

export interface UrlKind {
  /** Accepted schemes (without `:`), each with the port it means when the URL gives none (undefined: a port is required). */
  readonly schemes: Readonly<Record<string, number | undefined>>;
  /** Scheme, host and port (and a query) only: a user or path written into it would be ignored by the client (Bolt). */
  readonly originOnly?: boolean;
  /**
   * The host may be left empty when the query names it (`?host=/cloudsql/proj:region:inst`, a
   * Unix socket directory): pg reads `host` from the query before the URL's own host.
   */
  readonly hostInQuery?: boolean;
}

/** The kinds the settings use. */
export const URL_KINDS = {
  http: { schemes: { http: 80, https: 443 } },
  postgres: { schemes: { postgres: 5432, postgresql: 5432 }, hostInQuery: true },
  bolt: { schemes: { bolt: 7687, 'bolt+s': 7687, 'bolt+ssc': 7687, neo4j: 7687, 'neo4j+s': 7687, 'neo4j+ssc': 7687 }, originOnly: true },
} as const satisfies Record<string, UrlKind>;

/** A zod schema of a URL setting of this kind: the value as given, or one issue saying what it must be and what is wrong. */
export function urlSetting(kind: UrlKind, example?: string): z.ZodType<string, string> {
  return z.string().superRefine((text, context) => {
    const problem = urlProblem(text, kind, example);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });
}

/**
 * What must change for `text` to be a URL of this kind, or undefined when it is one; `example`
 * goes into the message.
 *
 * A value with a user part (`user:password@`) never has a part of it quoted: when the URL does
 * not parse, where the password ends is a guess (`postgres://app:s3cr3t/x@db/eng` is host `app`
 * and port `s3cr3t` to WHATWG), and a wrong guess would print the password in the error. The
 * value shown beside the message (config/spec.ts, its password replaced) still shows the port.
 */
export function urlProblem(text: string, kind: UrlKind, example?: string): string | undefined {
  const schemes = Object.keys(kind.schemes);
  const article = /^[aeiouh]/.test(schemes[0] ?? '') ? 'an' : 'a';
  const what = `must be ${article} ${orList(schemes.map((s) => `${s}://`))} URL${kind.originOnly ? ' (host and port only)' : ''}${example === undefined ? '' : ` (e.g. ${example})`}`;
  const quoted = (part: string) => (text.includes('@') ? '' : `, not "${part}"`);
  const { url, hostname } = parsed(text, kind) ?? {};
  if (url === undefined || hostname === undefined) return unparsedProblem(text, what, quoted);
  const scheme = url.protocol.slice(0, -1);
  if (!schemes.includes(scheme)) return `${what}, not ${scheme}://`;
  if (hostname === '' && !(kind.hostInQuery && (url.searchParams.get('host') ?? '') !== '')) return `${what} naming a host${kind.hostInQuery ? ' (or a ?host= socket directory)' : ''}`;
  const implied = kind.schemes[scheme];
  if (url.port === '' && implied === undefined) return `${what} with a port (${scheme}:// has no default)`;
  if (url.port !== '' && !isPort(url.port)) return `${what} with a port from 1 to 65535${quoted(url.port)}`;
  // The query stays allowed: neo4j:// takes a routing context there (`?policy=eu`).
  if (kind.originOnly && (url.username !== '' || url.password !== '' || !['', '/'].includes(url.pathname))) {
    return `${what}: a user or path in it would be ignored`;
  }
  return undefined;
}

/**
 * `text` parsed as its client parses it, with its host, or undefined. WHATWG refuses a user with
 * an empty host (`postgres://u@/db?host=/socket`); pg then parses it again with a stand-in host,
 * and so does this where the kind takes its host from the query.
 */
function parsed(text: string, kind: UrlKind): { readonly url: URL; readonly hostname: string } | undefined {
  try {
    const url = new URL(text);
    return { url, hostname: url.hostname };
  } catch {
    if (!kind.hostInQuery || !text.includes('@/')) return undefined;
    try {
      return { url: new URL(text.replace('@/', '@stand-in/')), hostname: '' };
    } catch {
      return undefined;
    }
  }
}

/**
 * Why WHATWG refused `text`, which says only "Invalid URL": which part is wrong. The user part
 * is everything up to the last `@` before a query (as redactCredentials reads it), so a `/` or
 * `:` inside a password is not taken for the host or the port.
 */
function unparsedProblem(text: string, what: string, quoted: (part: string) => string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(text)?.[0];
  if (scheme === undefined) return `${what}; this does not parse as a URL`;
  const afterScheme = text.slice(scheme.length);
  const userPart = /^[^?#]*@/.exec(afterScheme)?.[0] ?? '';
  const [, host, port] = /^(\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?/.exec(afterScheme.slice(userPart.length)) ?? [];
  if (port !== undefined && port !== '' && !isPort(port)) return `${what} with a port from 1 to 65535${quoted(port)}`;
  if (host === '') return `${what} naming a host`;
  if (/[/?#]/.test(userPart.slice(0, -1))) return `${what}; this does not parse as a URL (a "/", "?" or "#" in its user or password must be percent-encoded: %2F, %3F, %23)`;
  return `${what}; this does not parse as a URL`;
}

/**
 * One bootstrap broker, `host:port` (no scheme: kafkajs splits on the colon), with the host and
 * port rules of a URL; undefined when it is one, else what is wrong with it.
 */
export function brokerProblem(broker: string): string | undefined {
  const match = /^([^:/?#@\s]+):([^:/?#@\s]*)$/.exec(broker);
  if (match === null) return `must be a comma-separated list of host:port, and "${broker}" is not one`;
  if (!HOST_NAME.test(match[1]!)) return `must be a comma-separated list of host:port, and "${match[1]}" is not a host name`;
  if (!isPort(match[2]!)) return `must have ports from 1 to 65535, and "${broker}" has "${match[2]}"`;
  return undefined;
}

/** A DNS name or an IPv4 address: letters, digits, dots, dashes (and the underscores of container names). */
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;

/** KAFKA_BROKERS: comma-separated `host:port`, at least one, each checked by `brokerProblem`. */
export const brokerList: z.ZodType<string[], string> = z
  .string()
  .transform((text) => text.split(',').map((b) => b.trim()).filter(Boolean))
  .superRefine((brokers, context) => {
    if (brokers.length === 0) context.addIssue({ code: 'custom', message: 'must name at least one broker as host:port' });
    for (const broker of brokers) {
      const problem = brokerProblem(broker);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    }
  });

/** A TCP port as written: digits only, 1 to 65535 (0 means "any" to a server and nothing to a client). */
function isPort(text: string): boolean {
  return /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65_535;
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
