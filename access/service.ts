/**
 * The access layer at run time: asks a question of the catalogue with every guard applied, the
 * same way for HTTP, MCP and the in-process client.
 *
 *     const access = openAccess({ stores: config.stores, limits, organization });
 *     const answer = await access.ask('deployment_frequency', { project: 'Shop' });
 *     await access.close();
 *
 * For each question: the input is checked against its schema (AccessError 400 naming each JSON
 * path), the store's read-only reader (sinks/<store>/reader.ts, opened on first use) runs it
 * behind that store's concurrency limit (p-limit: 50 clients queue in front of a pool of 8
 * instead of exhausting it) within SWITCHYARD_ACCESS_TIMEOUT_MS (504), the answer is checked
 * against the output schema (a mismatch is our bug: 500). A failure the store's health check
 * confirms is a 503 naming the store; the other stores' questions keep answering.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { z } from 'zod';
import { ErrorCodes, SwitchyardError, messageOf } from '../operators/errors.ts';
import { accessDuration, accessRequests, type AccessOutcome, type AccessTransport } from '../metrics/access.ts';
import type { Readiness } from '../observability/readiness.ts';
import type { OrganizationFile } from '../sinks/organization.ts';
import { STORES } from '../sinks/registry.ts';
import type { OpenReader } from '../sinks/store.ts';
import { CATALOGUE, questionNamed } from './catalogue.ts';
import { AccessError, statusOf } from './errors.ts';
import type { AccessLimits, AnyQuestion, QuestionContext, StoreName } from './question.ts';

export interface AccessOptions {
  /** The configured stores' settings (`config.stores`); a question reading a store not among them answers 503. */
  readonly stores: Readonly<Partial<Record<StoreName, unknown>>>;
  readonly limits: AccessLimits;
  readonly organization?: OrganizationFile | undefined;
  readonly now?: () => number;
  /** The questions served (default: the whole catalogue); tests serve a few of their own. */
  readonly catalogue?: readonly AnyQuestion[];
  /** Each store's reads at once (default: what its reader says). */
  readonly concurrency?: Readonly<Partial<Record<StoreName, number>>>;
  /** Told what a reader warns of when it opens (it reads as a principal that can write…); default: a process warning on stderr. */
  readonly warn?: (store: StoreName, message: string) => void;
}

export interface AskOptions {
  readonly signal?: AbortSignal;
  /** For the metrics. */
  readonly transport?: AccessTransport;
}

export interface Access {
  readonly catalogue: readonly AnyQuestion[];
  readonly limits: AccessLimits;
  /** The question's answer (its output schema's shape), or an AccessError saying what went wrong. */
  ask(name: string, input: unknown, options?: AskOptions): Promise<Record<string, unknown>>;
  /** One entry per configured store: whether its reader answers. */
  readiness(): Promise<Readiness[]>;
  close(): Promise<void>;
}

/** How long a store's health check may take when a failure is being explained. */
const CHECK_TIMEOUT_MS = 2_000;
/** A reader's reads at once unless its store says otherwise. */
const DEFAULT_CONCURRENCY = 8;

interface OpenStore {
  readonly name: StoreName;
  readonly opened: OpenReader<unknown>;
  /**
   * Its reads at once. p-limit, not bottleneck (the sinks' rate limiter): bottleneck's scheduler
   * added 4.5 ms to every read (timer-driven), more than most questions take; p-limit queues on
   * promises alone.
   */
  readonly limiter: LimitFunction;
}

export function openAccess(options: AccessOptions): Access {
  const catalogue = options.catalogue ?? CATALOGUE;
  const byName = new Map(catalogue.map((q) => [q.name, q]));
  const now = options.now ?? Date.now;
  const open = new Map<StoreName, OpenStore>();

  function storeFor(name: StoreName): OpenStore {
    const existing = open.get(name);
    if (existing !== undefined) return existing;
    const config = options.stores[name];
    const descriptor = STORES.find((s) => s.name === name);
    if (config === undefined || descriptor === undefined) throw notConfigured(name);
    const warn = (message: string) => (options.warn ?? warnOnStderr)(name, message);
    const opened = (descriptor.access.openReader as (config: unknown, limits: AccessLimits, warn: (message: string) => void) => OpenReader<unknown>)(config, options.limits, warn);
    const maxConcurrent = options.concurrency?.[name] ?? opened.concurrency ?? DEFAULT_CONCURRENCY;
    const store = { name, opened, limiter: pLimit(maxConcurrent) };
    open.set(name, store);
    return store;
  }

  /** Why a store's reader does not answer now (its health check, bounded), or undefined when it does. */
  const problemOf = (name: StoreName): Promise<string | undefined> => within(storeFor(name).opened.check(), CHECK_TIMEOUT_MS).then(() => undefined, messageOf);

  async function storeDown(question: AnyQuestion, cause: unknown): Promise<AccessError | undefined> {
    for (const name of question.stores) {
      if (!open.has(name) && options.stores[name] === undefined) return notConfigured(name, cause);
      const problem = await problemOf(name);
      if (problem !== undefined) return new AccessError(`${titleOf(name)} is unavailable (${problem}); questions of the other stores still answer`, ErrorCodes.accessStoreUnavailable, { store: name }, cause);
    }
    return undefined;
  }

  async function run(question: AnyQuestion, input: unknown, signal: AbortSignal): Promise<Record<string, unknown>> {
    const parsed = question.input.safeParse(input ?? {});
    if (!parsed.success) throw badInput(question, parsed.error);
    const context: QuestionContext = {
      signal,
      now: now(),
      limits: options.limits,
      organization: options.organization,
      // Counted as the composition's parts, not as more requests of the caller's transport.
      ask: (name, partInput, partSignal) => ask(name, partInput, { signal: partSignal ?? signal, transport: 'composition' }),
    };
    let answer: unknown;
    try {
      const only = question.stores[0];
      if (question.composed !== true && only !== undefined) {
        const store = storeFor(only);
        answer = await store.limiter(() => (signal.aborted ? Promise.reject(signal.reason) : question.run(store.opened.reader, parsed.data, context)));
      } else {
        answer = await question.run(undefined, parsed.data, context);
      }
    } catch (error) {
      // Ours (a refusal, an unknown project) keeps its code, and a composition's parts explain their
      // own failures. Anything else, a store client's error included (selectRows wraps ClickHouse's),
      // is the store's when its health check fails now.
      const explained = error instanceof AccessError || statusOf(error) < 500 || signal.aborted || question.composed === true;
      throw explained ? error : ((await storeDown(question, error)) ?? error);
    }
    const checked = question.output.safeParse(answer);
    if (!checked.success) throw new AccessError(`question ${question.name} answered something its output schema refuses (a bug): ${problemsOf(checked.error).map((p) => `${p.path}: ${p.message}`).join('; ')}`, ErrorCodes.accessBadOutput);
    return checked.data as Record<string, unknown>;
  }

  async function ask(name: string, input: unknown, askOptions: AskOptions = {}): Promise<Record<string, unknown>> {
    const transport = askOptions.transport ?? 'client';
    const started = performance.now();
    let question: AnyQuestion | undefined;
    let outcome: AccessOutcome = 'error';
    const timeout = AbortSignal.timeout(options.limits.timeoutMs);
    const signal = askOptions.signal === undefined ? timeout : AbortSignal.any([askOptions.signal, timeout]);
    try {
      question = questionNamed(name, byName);
      const answer = await raceSignal(run(question, input, signal), signal, options.limits.timeoutMs, question.name);
      outcome = answer.truncated === true ? 'truncated' : 'ok';
      return answer;
    } catch (error) {
      outcome = outcomeOf(error);
      throw error;
    } finally {
      const label = question?.name ?? 'unknown';
      accessRequests.inc({ question: label, transport, outcome });
      if (question !== undefined) accessDuration.observe({ question: label }, (performance.now() - started) / 1000);
    }
  }

  return {
    catalogue,
    limits: options.limits,
    ask,
    readiness: async () =>
      Promise.all(
        (Object.keys(options.stores) as StoreName[])
          .filter((name) => options.stores[name] !== undefined && STORES.some((s) => s.name === name && s.access.questions.length > 0))
          .map(async (name): Promise<Readiness> => {
            const problem = await problemOf(name);
            return problem === undefined ? { name: `access:${name}`, ready: true, reason: 'its reader answers' } : { name: `access:${name}`, ready: false, reason: problem };
          }),
      ),
    close: async () => {
      const stores = [...open.values()];
      open.clear();
      await Promise.all(stores.map(async (s) => { s.limiter.clearQueue(); await s.opened.close(); }));
    },
  };
}

const warnOnStderr = (store: StoreName, message: string): void => process.emitWarning(message, { type: 'SwitchyardAccessWarning', code: `access:${store}` });

const notConfigured = (name: StoreName, cause?: unknown): AccessError => new AccessError(`store ${name} is not configured for this server`, ErrorCodes.accessStoreUnavailable, { store: name }, cause);

const titleOf = (name: StoreName): string => STORES.find((s) => s.name === name)?.title ?? name;

function badInput(question: AnyQuestion, error: z.ZodError): AccessError {
  const problems = problemsOf(error);
  return new AccessError(`${question.name}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, ErrorCodes.accessBadInput, { problems });
}

/** Each issue as `input.a.b` and what it must be. */
function problemsOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: ['input', ...issue.path.map(String)].join('.'), message: issue.message }));
}

function outcomeOf(error: unknown): AccessOutcome {
  const code = error instanceof SwitchyardError ? error.code : undefined;
  switch (code) {
    case ErrorCodes.accessBadInput: return 'bad_input';
    case ErrorCodes.accessUnknownQuestion: return 'unknown_question';
    case ErrorCodes.unknownProject: return 'unknown_project';
    case ErrorCodes.accessRefused: return 'refused';
    case ErrorCodes.accessStoreUnavailable: return 'store_unavailable';
    case ErrorCodes.accessTimeout: return 'timeout';
    default: return 'error';
  }
}

/** `work`, or a timeout AccessError when `signal` fires first (the store's own timeout stops the query itself). */
function raceSignal<T>(work: Promise<T>, signal: AbortSignal, timeoutMs: number, name: string): Promise<T> {
  if (signal.aborted) {
    // The work was started all the same: its own rejection is expected and must not go unhandled.
    work.catch(() => {});
    return Promise.reject(abortError(signal, timeoutMs, name));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal, timeoutMs, name));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(signal.aborted ? abortError(signal, timeoutMs, name) : error); },
    );
  });
}

function abortError(signal: AbortSignal, timeoutMs: number, name: string): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') return new AccessError(`${name} took longer than ${timeoutMs} ms (SWITCHYARD_ACCESS_TIMEOUT_MS)`, ErrorCodes.accessTimeout);
  return reason;
}

function within(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise<void>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); })]).finally(() => clearTimeout(timer));
}
