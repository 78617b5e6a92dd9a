/**
 * How far behind the worker is, sampled every `everyMs` through the whole fault run, so recovery
 * is measured rather than guessed: after a fault, how long until every group is back near the
 * live edge of the replay; after the last one, how long until nothing is left to read.
 *
 * A sample that cannot be taken (Kafka is the fault) is a gap, not an error; the admin client is
 * made anew after a failure, since one that lost its broker may not find it again by itself.
 * Lag is counted as `chaos/drained.ts` counts it (transaction markers discounted).
 */
import type kafkajs from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { behind, type Group } from '../drained.ts';

export interface LagSample {
  readonly at: number;
  /** Records behind per group; undefined when Kafka could not be asked. */
  readonly behind: Readonly<Record<string, number>> | undefined;
}

export interface LagWatch {
  latest(): LagSample | undefined;
  /** Resolves with the time of the first sample, taken after `since`, that satisfies `ok`, or undefined after `timeoutMs`. */
  until(ok: (behind: Readonly<Record<string, number>>) => boolean, options: { since: number; timeoutMs: number; consecutive?: number }): Promise<number | undefined>;
  stop(): Promise<void>;
}

export function watchLag(kafka: kafkajs.Kafka, groups: readonly Group[], everyMs = 2_000): LagWatch {
  const samples: LagSample[] = [];
  let admin: kafkajs.Admin | undefined;
  let stopped = false;

  const sampleOnce = async (): Promise<LagSample> => {
    try {
      if (!admin) {
        admin = kafka.admin();
        await admin.connect();
      }
      return { at: Date.now(), behind: await behind(admin, groups) };
    } catch {
      const broken = admin;
      admin = undefined;
      await broken?.disconnect().catch(() => {});
      return { at: Date.now(), behind: undefined };
    }
  };

  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      samples.push(await sampleOnce());
      await sleep(Math.max(0, everyMs - (Date.now() - started)));
    }
  })();

  return {
    latest: () => samples.at(-1),
    async until(ok, { since, timeoutMs, consecutive = 1 }) {
      const deadline = since + timeoutMs;
      let seen = 0;
      let streak: number[] = [];
      for (;;) {
        for (; seen < samples.length; seen++) {
          const sample = samples[seen]!;
          if (sample.at < since) continue;
          if (sample.behind !== undefined && ok(sample.behind)) streak.push(sample.at);
          else streak = [];
          if (streak.length >= consecutive) return streak[0];
        }
        if (Date.now() > deadline || stopped) return undefined;
        await sleep(250);
      }
    },
    async stop() {
      stopped = true;
      await loop;
      await admin?.disconnect().catch(() => {});
    },
  };
}

/** Sum of a sample's lag over the groups, for the narration. */
export const totalBehind = (sample: Readonly<Record<string, number>>): number => Object.values(sample).reduce((a, b) => a + b, 0);
