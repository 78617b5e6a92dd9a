/**
 * `GET /v1/pipeline`: the worker's pipeline snapshot (observability/pipelineSnapshot.ts) for the
 * dashboard's pipeline page, behind the same authentication and rate limit as every `/v1` route.
 *
 * Where it comes from:
 * - `npm start` runs the worker in the same process and hands its snapshot function over
 *   (`ServeAppOptions.pipeline`): asked directly, nothing crosses the network;
 * - otherwise (`switchyard serve` beside a `switchyard worker`) it is fetched from the worker's
 *   `/pipeline` at SWITCHYARD_SERVE_WORKER_URL within {@link WORKER_TIMEOUT_MS}, and checked
 *   against the snapshot's schema before it is passed on.
 *
 * A worker that does not answer, answers an error, or answers something that is not a snapshot
 * is a 503 `application/problem+json` (SWY_ACCESS_WORKER_UNAVAILABLE) naming the URL and the
 * setting: the page says what to do rather than drawing nothing.
 */
import { Hono } from 'hono';
import { AccessError } from '../access/errors.ts';
import { ErrorCodes } from '../operators/errors.ts';
import { pipelineSnapshotSchema, type PipelineSnapshot } from '../observability/pipelineSnapshot.ts';
import { PROBLEM_JSON, problemOf } from './problem.ts';

/** The page polls every couple of seconds: a worker slower than this is reported, not waited for. */
export const WORKER_TIMEOUT_MS = 2_000;

export interface PipelineRouteOptions {
  /** The worker in this process (npm start); when absent, the worker at `workerUrl` is asked. */
  readonly inProcess?: () => Promise<PipelineSnapshot>;
  /** SWITCHYARD_SERVE_WORKER_URL: the worker's observability server, without a trailing slash. */
  readonly workerUrl: string;
  /** Default {@link WORKER_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
}

const NO_STORE = { 'Cache-Control': 'no-store' };

export function pipelineRoutes(options: PipelineRouteOptions): Hono {
  const timeoutMs = options.timeoutMs ?? WORKER_TIMEOUT_MS;
  const fromWorker = (signal: AbortSignal) => fetchSnapshot(`${options.workerUrl}/pipeline`, AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]), timeoutMs);
  return new Hono().get('/pipeline', async (c) => {
    try {
      const snapshot = options.inProcess === undefined ? await fromWorker(c.req.raw.signal) : await options.inProcess();
      return c.json(snapshot, 200, NO_STORE);
    } catch (error) {
      if (!(error instanceof AccessError)) throw error;
      return c.body(JSON.stringify({ ...problemOf(error), title: 'Worker unavailable' }), 503, { 'Content-Type': PROBLEM_JSON, ...NO_STORE });
    }
  });
}

/** The snapshot the worker at `url` answers, or an AccessError saying why there is none. */
async function fetchSnapshot(url: string, signal: AbortSignal, timeoutMs: number): Promise<PipelineSnapshot> {
  const unavailable = (why: string, cause?: unknown) =>
    new AccessError(
      `no pipeline from the worker at ${url} (SWITCHYARD_SERVE_WORKER_URL): ${why}; start one (\`npx switchyard worker\`), or set SWITCHYARD_SERVE_WORKER_URL to http://<its METRICS_HOST>:<its METRICS_PORT> (a worker on another machine needs METRICS_HOST opened)`,
      ErrorCodes.accessWorkerUnavailable,
      {},
      cause,
    );
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' }, redirect: 'error' });
  } catch (error) {
    throw unavailable(reasonOf(error, timeoutMs), error);
  }
  const text = await response.text().catch((error: unknown) => {
    throw unavailable(reasonOf(error, timeoutMs), error);
  });
  if (!response.ok) throw unavailable(`it answered ${response.status}${errorIn(text)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw unavailable('it answered something that is not JSON (is that address a Switchyard worker?)');
  }
  const parsed = pipelineSnapshotSchema.safeParse(body);
  if (!parsed.success) throw unavailable(`its answer is not a pipeline snapshot (${parsed.error.issues[0]?.path.join('.') || 'the body'}: ${parsed.error.issues[0]?.message ?? 'invalid'}); is it a Switchyard worker of this version?`);
  return parsed.data;
}

/** Why a fetch failed, in a few words: the system's code (ECONNREFUSED) or the timeout. */
function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `it did not answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return `it does not answer (${cause.code})`;
  return error instanceof Error ? error.message : String(error);
}

/** The worker's own `{ "error": … }`, if its answer has one (/pipeline while starting says so). */
function errorIn(text: string): string {
  try {
    const { error } = JSON.parse(text) as { error?: unknown };
    return typeof error === 'string' ? `: ${error.slice(0, 300)}` : '';
  } catch {
    return '';
  }
}
