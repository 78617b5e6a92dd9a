/**
 * Asks an ingress's `/readyz` again and again (one request at a time) and keeps every answer
 * with its time, so a test can say when the ingress told its load balancer it was not ready,
 * and when it was ready again.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReadinessSample {
  /** When the answer came (Date.now()). */
  readonly at: number;
  /** 200 ready, 503 not; undefined when no answer came. */
  readonly status?: number;
  /** The checks not ready, as `/readyz` names them. */
  readonly notReady?: readonly string[];
}

export interface ReadinessWatch {
  readonly samples: readonly ReadinessSample[];
  /** Whether an answer after `since` had this status. */
  saw(status: number, since: number): boolean;
  stop(): Promise<readonly ReadinessSample[]>;
}

/** Starts asking `${url}/readyz` every `everyMs` (default 200 ms). */
export function watchReadiness(url: string, everyMs = 200): ReadinessWatch {
  const samples: ReadinessSample[] = [];
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      try {
        const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
        const body = (await response.json()) as { notReady?: string[] };
        samples.push({ at: Date.now(), status: response.status, ...(body.notReady === undefined ? {} : { notReady: body.notReady }) });
      } catch {
        samples.push({ at: Date.now() });
      }
      await sleep(everyMs);
    }
  })();
  return {
    samples,
    saw: (status, since) => samples.some((s) => s.at >= since && s.status === status),
    async stop() {
      stopping = true;
      await loop;
      return samples;
    },
  };
}
