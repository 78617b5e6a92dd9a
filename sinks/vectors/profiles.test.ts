/** The profile ledger's idempotency, without a store: replays change nothing, order does not matter. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { creditOf } from './handlers.ts';
import { LEDGER_SIZE, foldProfile, profileFromRecord, profileMetadata } from './profiles.ts';
import type { Credit, Profile } from './profiles.ts';
import { alice, commit } from './testing/testEvents.ts';

const credits = (n: number): Credit[] =>
  Array.from({ length: n }, (_, i) => creditOf(commit(`s${i}`, alice, 'acme/ingest', `Improve Kafka consumer throughput step ${i}`, 1_000 + (i % 7) * 10 + i))!);

const fold = (list: readonly Credit[], start?: Profile) => foldProfile(start, list) ?? start;
const viaMetadata = (p: Profile) => profileFromRecord({ id: p.developer, metadata: profileMetadata(p) });

describe('developer profile ledger', () => {
  test('re-adding seen events changes nothing, even after the ledger dropped some', () => {
    const all = credits(LEDGER_SIZE * 3);
    const profile = fold(all)!;
    expect(profile.ledger).toHaveLength(LEDGER_SIZE);
    expect(profile.counts.commit).toBe(LEDGER_SIZE * 3);
    expect(profile.watermark).not.toBeNull();
    expect(foldProfile(viaMetadata(profile), all)).toBeUndefined();
    expect(foldProfile(viaMetadata(profile), [all[0]!])).toBeUndefined();
  });

  test('the profile is the same whatever the batches and their order, while nothing is dropped', () => {
    const all = credits(LEDGER_SIZE);
    const expected = profileMetadata(fold(all)!);
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), fc.integer({ min: 1, max: 20 }), (shuffled, size) => {
        let profile: Profile | undefined;
        for (let i = 0; i < shuffled.length; i += size) profile = fold(shuffled.slice(i, i + size), profile && viaMetadata(profile));
        expect(profileMetadata(profile!)).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  test('the metadata stays under Pinecone’s 40 KB with long texts', () => {
    const long = Array.from({ length: 200 }, (_, i) => creditOf(commit(`l${i}`, alice, 'acme/ingest', `${'Kafka consumer rebalancing '.repeat(20)} ${i}`, i))!);
    expect(Buffer.byteLength(JSON.stringify(profileMetadata(fold(long)!)))).toBeLessThan(40_000);
  });

  test('events routing keeps from Pinecone credit nobody', () => {
    expect(creditOf(commit('m', alice, 'acme/ingest', "Merge branch 'main' into x", 0))).toBeUndefined();
    expect(creditOf(commit('w', alice, 'acme/ingest', 'wip', 0))).toBeUndefined();
  });
});
