/** The writer behind guard's limiter and breaker (see `guard.ts`). */
import Bottleneck from 'bottleneck';
import CircuitBreaker from 'opossum';
import { type Observable, defer, from, lastValueFrom, of } from 'rxjs';
import type { Classifier } from './errors.ts';
import type { BatchWriter, GuardOptions } from './guard.ts';
import type { StreamRecord } from './record.ts';

export interface Protected<K, V> {
  readonly breaker: CircuitBreaker<[readonly StreamRecord<K, V>[]], unknown> | undefined;
  invoke(records: readonly StreamRecord<K, V>[]): Observable<unknown>;
  /**
   * Through the limiter only, for isolation's writes (bisect.ts): the store just answered its
   * health check, so their failures are the records', not an outage the breaker should count,
   * and an open breaker must not hold them back.
   */
  invokePastBreaker(records: readonly StreamRecord<K, V>[]): Observable<unknown>;
}

/** The writer behind the limiter and the breaker (built per subscription: opossum starts timers). */
export function protect<K, V>(writer: BatchWriter<K, V>, options: GuardOptions, classify: Classifier): Protected<K, V> {
  const direct = (records: readonly StreamRecord<K, V>[]) => {
    const result = writer(records);
    return result === undefined ? of(undefined) : from(result);
  };
  const breaker =
    options.breaker === false
      ? undefined
      : new CircuitBreaker((records: readonly StreamRecord<K, V>[]) => lastValueFrom(direct(records), { defaultValue: undefined }), {
          errorThresholdPercentage: 50,
          volumeThreshold: 10,
          resetTimeout: 30_000,
          timeout: false,
          // Bad records say nothing about the store's health; only retryable errors count.
          errorFilter: (error: unknown) => classify(error) === 'permanent',
          ...options.breaker,
        });
  const limiter =
    options.limiter === undefined || options.limiter === false
      ? undefined
      : options.limiter instanceof Bottleneck
        ? options.limiter
        : new Bottleneck(options.limiter);
  const run = (records: readonly StreamRecord<K, V>[]): Promise<unknown> =>
    breaker !== undefined ? breaker.fire(records) : lastValueFrom(direct(records), { defaultValue: undefined });
  const once = (records: readonly StreamRecord<K, V>[]) => lastValueFrom(direct(records), { defaultValue: undefined });
  return {
    breaker,
    invoke: (records) =>
      breaker === undefined && limiter === undefined ? defer(() => direct(records)) : defer(() => (limiter ? limiter.schedule(() => run(records)) : run(records))),
    invokePastBreaker: (records) => (limiter === undefined ? defer(() => direct(records)) : defer(() => limiter.schedule(() => once(records)))),
  };
}

export function isOpenBreaker(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EOPENBREAKER';
}
