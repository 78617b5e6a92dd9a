/**
 * The deliveries being answered, and the bytes their bodies hold: for a shutdown that waits until
 * each has its answer written (a sender cut off mid-answer may never retry: GitHub does not), and
 * for a bound on the memory bodies may take at once, so many large deliveries arriving together
 * are answered 503 rather than grow the process without limit. The bound counts the bytes as
 * they arrived; their text, parsed JSON and encoded record take a few times that while a
 * delivery is handled, so the process needs several times the budget.
 */
export interface InFlight {
  /** The most bytes the bodies in flight may hold together. */
  readonly budgetBytes: number;
  /** Counts one delivery from now until the returned function is called (once its answer is written). */
  begin(): () => void;
  /** Takes `bytes` of the budget; false (taking nothing) when that would exceed it. */
  reserve(bytes: number): boolean;
  release(bytes: number): void;
  /** From now on answers say `Connection: close`, so kept-alive connections end after their answer. */
  close(): void;
  readonly closing: boolean;
  /** Resolves once nothing is in flight, or after `timeoutMs`. */
  drained(timeoutMs: number): Promise<void>;
}

/** The ingress's: four of the largest bodies at once; a fifth waits for its sender's retry. */
export const inFlightFor = (settings: { readonly maxBodyBytes: number }): InFlight => inFlight(4 * settings.maxBodyBytes);

export function inFlight(budgetBytes: number): InFlight {
  let count = 0;
  let bytes = 0;
  let closing = false;
  let idle: (() => void)[] = [];
  return {
    budgetBytes,
    begin() {
      count += 1;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        count -= 1;
        if (count === 0) for (const resolve of idle.splice(0)) resolve();
      };
    },
    reserve(n) {
      if (bytes + n > budgetBytes) return false;
      bytes += n;
      return true;
    },
    release(n) {
      bytes = Math.max(0, bytes - n);
    },
    close() {
      closing = true;
    },
    get closing() {
      return closing;
    },
    drained(timeoutMs) {
      if (count === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          idle = idle.filter((r) => r !== done);
          resolve();
        }, timeoutMs);
        timer.unref();
        idle.push(done);
      });
    },
  };
}
