/**
 * Graceful shutdown on SIGTERM and SIGINT: the first signal stops the worker (stop fetching,
 * flush open batches, commit, disconnect) and exits 0, or 1 if the stop failed; if the stop
 * has not finished within `timeoutMs` (plus a grace for disconnecting) the process exits 1
 * anyway, so an orchestrator's kill never has to come. A second signal exits at once (130):
 * what was not committed is read again at the next start, so forcing loses nothing.
 */
export interface ShutdownOptions {
  /** Stops the worker; its own bound is `timeoutMs`. */
  readonly stop: (timeoutMs: number) => Promise<void>;
  readonly timeoutMs: number;
  readonly log: { info(message: string): void; warn(message: string): void; error(message: string): void };
  /** Default process.exit; tests pass their own. */
  readonly exit?: (code: number) => void;
  readonly signals?: readonly NodeJS.Signals[];
}

/** Installs the handlers; returns a function that removes them. */
export function exitOnSignals(options: ShutdownOptions): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.log.warn(`${signal} again: exiting now; uncommitted records are read again at the next start`);
      return exit(130);
    }
    stopping = true;
    options.log.info(`${signal}: stopping (fetching stopped; flushing batches and committing, at most ${options.timeoutMs} ms); send it again to exit at once`);
    // The stop cuts its pipelines at timeoutMs; disconnecting gets a little more before we give up on it.
    const deadline = setTimeout(() => {
      options.log.error(`the stop did not finish within ${options.timeoutMs} ms: exiting; uncommitted records are read again at the next start`);
      exit(1);
    }, options.timeoutMs + 5_000);
    deadline.unref();
    options.stop(options.timeoutMs).then(
      () => {
        clearTimeout(deadline);
        options.log.info('stopped cleanly');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        options.log.error(`the stop failed: ${error instanceof Error ? error.message : String(error)}`);
        exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, handler);
  return () => signals.forEach((signal) => process.off(signal, handler));
}
