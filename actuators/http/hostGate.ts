/**
 * The per-host gate every request to Jira or Slack goes through: a bottleneck limiter that keeps
 * requests below the host's documented rate, and honours `429 Retry-After` by pausing the whole
 * host until the time it named has passed, then sending the request again.
 *
 * Rate: bottleneck starts requests at least `1000 / ratePerSecond` ms apart, and at most
 * `maxConcurrent` are in flight to the host at once, whatever their key. Spacing alone is not a
 * ceiling: a timer that fires late (a busy event loop) lets the next one start early, and the
 * host counts requests per window. So each key also keeps the start times of its last
 * `ratePerSecond` requests and holds a request until the oldest is a window old; the window is
 * 2 % longer than a second, so the varying network delay never lets the server see more than
 * `ratePerSecond` in any one-second window. With `keyOf`, each key (a Slack channel) has its own
 * spacing and window, as Slack limits chat.postMessage per channel.
 *
 * 429: the gate, not the caller, waits. Every key of the host is paused (reservoir 0) until
 * Retry-After passes (seconds or an HTTP date; 1 s, doubling, when absent), then queued requests
 * resume at the configured spacing, and the rejected one is sent again — up to
 * `maxRateLimitedRetries` times, after which its caller sees the 429 (retriable). A 429 is the
 * host asking for patience, not failing: handling it here keeps it away from the breaker until
 * those retries are used up; then guard retries it and its breaker counts it.
 *
 * Timeout: each send gets its own `timeoutMs`, started when the request leaves the gate. A
 * signal the caller made before calling would tick while the request waited here — in the queue,
 * the window, a Retry-After pause — and a resend after a long Retry-After would fail at once as
 * "no answer" (applied maybe, counted by the breaker) without reaching the host.
 *
 * It returns every other response as is; callers classify them (errors.ts).
 */
import Bottleneck from 'bottleneck';

export type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

export interface HostGateOptions {
  /** For logs and metrics: `jira`, `slack`. */
  readonly name: string;
  readonly ratePerSecond: number;
  /** Requests in flight to the host at once, across all keys. */
  readonly maxConcurrent: number;
  /** Time limit of one send, from when it leaves the gate until its response body is read. */
  readonly timeoutMs: number;
  /** Default 3. */
  readonly maxRateLimitedRetries?: number;
  /** Requests with different keys are spaced independently; default one key for the host. */
  readonly keyOf?: (url: URL, init: RequestInit | undefined) => string;
  /** Default the global fetch. */
  readonly fetch?: FetchLike;
  /** Told of each 429 the gate waits out. */
  readonly onRateLimited?: (waitMs: number, url: URL) => void;
}

export interface HostGate {
  readonly fetch: FetchLike;
  /** Epoch ms until which the host is paused by a Retry-After; 0 when it is not. */
  pausedUntil(): number;
  /** Drops queued requests and timers. */
  stop(): Promise<void>;
}

/** Spacing between request starts for a rate, with slack for jitter. */
export function spacingMs(ratePerSecond: number): number {
  if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be above 0, got ${ratePerSecond}`);
  return Math.ceil((1000 / ratePerSecond) * 1.02);
}

/**
 * At most `rate` starts (at least one) in any window of `rate`'s second plus 2 %: resolves when
 * the next request may start, and records that start.
 */
export function slidingWindow(ratePerSecond: number): () => Promise<void> {
  const size = Math.max(1, Math.floor(ratePerSecond));
  const windowMs = ((size * 1000) / ratePerSecond) * 1.02;
  const starts: number[] = [];
  return async () => {
    for (;;) {
      const oldest = starts.length >= size ? starts[starts.length - size]! : undefined;
      const wait = oldest === undefined ? 0 : oldest + windowMs - performance.now();
      if (wait <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
    }
    starts.push(performance.now());
    if (starts.length > size) starts.splice(0, starts.length - size);
  };
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function hostGate(options: HostGateOptions): HostGate {
  const base = options.fetch ?? ((url, init) => fetch(url, init));
  const maxRetries = options.maxRateLimitedRetries ?? 3;
  // Spacing per key; the in-flight cap for the host as a whole (a Group's maxConcurrent would be per key).
  const group = new Bottleneck.Group({ minTime: spacingMs(options.ratePerSecond) });
  const host = new Bottleneck({ maxConcurrent: options.maxConcurrent });
  const windows = new Map<string, () => Promise<void>>();
  let pausedUntil = 0;
  let resumeTimer: NodeJS.Timeout | undefined;

  // A key created while the host is paused starts paused too.
  group.on('created', (limiter) => {
    if (pausedUntil > Date.now()) void limiter.updateSettings({ reservoir: 0 });
  });

  // The host's limiter too: a request past its key's limiter may be waiting there for a free slot.
  const limiters = () => [host, ...group.limiters().map(({ limiter }) => limiter)];
  const setReservoir = (reservoir: number | null) => limiters().forEach((limiter) => void limiter.updateSettings({ reservoir }));

  const pause = (waitMs: number) => {
    const until = Date.now() + waitMs;
    if (until <= pausedUntil) return;
    pausedUntil = until;
    setReservoir(0);
    clearTimeout(resumeTimer);
    resumeTimer = setTimeout(() => {
      pausedUntil = 0;
      setReservoir(null);
    }, waitMs);
  };

  const gated: FetchLike = async (input, init) => {
    const url = new URL(String(input));
    const key = options.keyOf?.(url, init) ?? 'host';
    const limiter = group.key(key);
    let window = windows.get(key);
    if (window === undefined) windows.set(key, (window = slidingWindow(options.ratePerSecond)));
    const send = async () => {
      await window();
      const timeout = AbortSignal.timeout(options.timeoutMs);
      return base(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
    };
    for (let retry = 0; ; retry++) {
      const response = await limiter.schedule(() => host.schedule(send));
      if (response.status !== 429 || retry >= maxRetries) return response;
      const waitMs = retryAfterMs(response.headers.get('retry-after')) ?? 1000 * 2 ** retry;
      await response.body?.cancel().catch(() => undefined);
      options.onRateLimited?.(waitMs, url);
      pause(waitMs);
    }
  };

  return {
    fetch: gated,
    pausedUntil: () => pausedUntil,
    stop: async () => {
      clearTimeout(resumeTimer);
      await Promise.all(limiters().map((limiter) => limiter.stop({ dropWaitingJobs: true }).catch(() => undefined)));
    },
  };
}
