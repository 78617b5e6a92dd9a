/**
 * Whether Kafka answers now, for `/readyz` of an ingress that has nothing to send: the producer
 * only learns the broker is gone when a send waits, so an idle ingress would report ready with
 * Kafka down and a load balancer would route deliveries to it that can only get 503. One
 * metadata request (DescribeCluster) at most every `everyMs`, each within `timeoutMs`; callers
 * in between get the last answer.
 */
import type { Readiness } from '../observability/readiness.ts';

export interface ClusterAdmin {
  connect(): Promise<void>;
  describeCluster(): Promise<unknown>;
  disconnect(): Promise<void>;
}

export interface KafkaProbe {
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}

export function kafkaProbe(admin: ClusterAdmin, options: { readonly everyMs?: number; readonly timeoutMs?: number; readonly now?: () => number } = {}): KafkaProbe {
  const everyMs = options.everyMs ?? 3_000;
  const timeoutMs = options.timeoutMs ?? 1_500;
  const now = options.now ?? Date.now;
  let connected = false;
  let last: { at: number; readiness: Readiness } | undefined;
  let inFlight: Promise<Readiness> | undefined;

  const check = async (): Promise<Readiness> => {
    let timer: NodeJS.Timeout | undefined;
    /** Set when this check gave up: a connect that completes after it must not count as connected. */
    let abandoned = false;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([
        (async () => {
          if (!connected) {
            await admin.connect();
            if (abandoned) return;
            connected = true;
          }
          await admin.describeCluster();
        })(),
        timedOut,
      ]);
      return { name: 'ingress:kafka-reachable', ready: true, reason: 'the cluster answers' };
    } catch (error) {
      // A connection that failed is made anew next time.
      abandoned = true;
      connected = false;
      await admin.disconnect().catch(() => {});
      return { name: 'ingress:kafka-reachable', ready: false, reason: `Kafka does not answer: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async readiness() {
      if (last !== undefined && now() - last.at < everyMs) return last.readiness;
      inFlight ??= check().then((readiness) => {
        last = { at: now(), readiness };
        inFlight = undefined;
        return readiness;
      });
      return inFlight;
    },
    close: () => admin.disconnect().catch(() => {}),
  };
}
