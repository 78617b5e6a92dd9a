/**
 * The deliveries being answered, and the bytes their bodies hold: for a shutdown that waits for
 * each to get its answer (a sender cut off mid-answer may never retry: GitHub does not), and for a
 * bound on the memory bodies may take at once, so many large deliveries arriving together are
 * answered 503 rather than grow the process without limit.
 */
export interface InFlight {
  /** Runs `handle`, counting it until it settles. */
  track<T>(handle: () => Promise<T>): Promise<T>;
  /** Takes `bytes` of the budget; false (taking nothing) when that would exceed it. */
  reserve(bytes: number): boolean;
  release(bytes: number): void;
  /** Resolves once nothing is in flight, or after `timeoutMs`. */
  drained(timeoutMs: number): Promise<void>;
}

export function inFlight(budgetBytes: number): InFlight {
  let count = 0;
  let bytes = 0;
  let idle: (() => void)[] = [];
  const settled = () => {
    count -= 1;
    if (count === 0) for (const resolve of idle.splice(0)) resolve();
  };
  return {
    async track(handle) {
      count += 1;
      try {
        return await handle();
      } finally {
        settled();
      }
    },
    reserve(n) {
      if (bytes + n > budgetBytes) return false;
      bytes += n;
      return true;
    },
    release(n) {
      bytes = Math.max(0, bytes - n);
    },
    drained(timeoutMs) {
      if (count === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          idle = idle.filter((r) => r !== done);
          resolve();
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        idle.push(done);
      });
    },
  };
}
