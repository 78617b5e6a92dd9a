import { EMPTY, Subject, type Observable, from, lastValueFrom, merge as rxMerge, take, throwError, toArray } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ProcessingError } from './errors.ts';
import { branch, split } from './split.ts';
import type { StreamRecord } from './record.ts';
import { testRecords } from './testing/records.ts';

type R = StreamRecord<string | null, number>;
describe('split', () => {
  const route = (source: Observable<R>) =>
    split(source, {
      name: 'route',
      branches: [branch('small', (v: number) => v < 10), branch('even', (v: number) => v % 2 === 0)],
      defaultBranch: 'other',
    });

  it('sends each record to the first matching branch, else the default', async () => {
    const t = testRecords([1, 12, 13, 4]);
    const { small, even, other } = route(from(t.records));
    const [s, e, o] = await Promise.all([lastValueFrom(small.pipe(toArray())), lastValueFrom(even.pipe(toArray())), lastValueFrom(other.pipe(toArray()))]);
    expect(s.map((r) => r.value)).toEqual([1, 4]);
    expect(e.map((r) => r.value)).toEqual([12]);
    expect(o.map((r) => r.value)).toEqual([13]);
  });

  it('finishes at once a record no branch takes when there is no default', async () => {
    const t = testRecords([1, 13]);
    const { small } = split(from(t.records), { branches: [branch('small', (v: number) => v < 10)] });
    const out = await lastValueFrom(small.pipe(toArray()));
    expect(t.committable()).toBeUndefined();
    out[0]?.ack.done();
    expect(t.committable()).toBe('2');
  });

  it('does not start until every branch listens', async () => {
    const input = new Subject<R>();
    const { small, even, other } = route(input);
    small.subscribe();
    even.subscribe();
    expect(input.observed).toBe(false);
    other.subscribe();
    expect(input.observed).toBe(true);
  });

  it('completes every branch on empty and errors every branch on error', async () => {
    const empty = route(EMPTY);
    expect(await Promise.all([empty.small, empty.even, empty.other].map((b) => lastValueFrom(b.pipe(toArray()))))).toEqual([[], [], []]);
    const failing = route(throwError(() => new Error('boom')));
    const results = await Promise.allSettled([failing.small, failing.even, failing.other].map((b) => lastValueFrom(b)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('errors every branch and abandons the record when a predicate throws', async () => {
    const t = testRecords([1]);
    const { a, b } = split(from(t.records), {
      branches: [
        branch('a', () => {
          throw new Error('bad');
        }),
        branch('b', () => true),
      ],
    });
    const results = await Promise.allSettled([lastValueFrom(a), lastValueFrom(b)]);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof ProcessingError)).toBe(true);
    expect(t.tracker.stuck({ topic: 'in', partition: 0 })).toBe(true);
  });

  it('leaves open the records of a branch that unsubscribed early', async () => {
    const t = testRecords([2, 4, 6]);
    const input = new Subject<R>();
    const { small, other } = split(input, { branches: [branch('small', (v: number) => v < 10)], defaultBranch: 'other' });
    const firstSmall = lastValueFrom(small.pipe(take(1)));
    other.subscribe();
    t.records.forEach((r) => input.next(r));
    (await firstSmall).ack.done();
    expect(t.committable()).toBe('1'); // records 1 and 2 went to a branch that no longer listens
    expect(input.observed).toBe(true); // `other` still listens
  });

  it('narrows a branch to what its type-guard predicate accepts, so a union splits without casts', async () => {
    type Command = { readonly kind: 'jira'; readonly issueKey: string } | { readonly kind: 'slack'; readonly channel: string };
    const isJira = (c: Command): c is Extract<Command, { kind: 'jira' }> => c.kind === 'jira';
    const t = testRecords<Command>([{ kind: 'jira', issueKey: 'PROJ-1' }, { kind: 'slack', channel: '#eng' }]);
    const { jira, slack, rest } = split(from(t.records), { branches: [branch('jira', isJira), branch('slack', (c: Command) => c.kind === 'slack')], defaultBranch: 'rest' });
    expectTypeOf(jira).toEqualTypeOf<Observable<StreamRecord<string | null, { readonly kind: 'jira'; readonly issueKey: string }>>>();
    // A plain boolean predicate keeps the source's value type, as does the default branch.
    expectTypeOf(rest).toEqualTypeOf<Observable<StreamRecord<string | null, Command>>>();
    const [keys, channels] = await Promise.all([
      lastValueFrom(jira.pipe(toArray())).then((records) => records.map((r) => r.value.issueKey)),
      lastValueFrom(slack.pipe(toArray())).then((records) => records.length),
      lastValueFrom(rest.pipe(toArray())),
    ]);
    expect([keys, channels]).toEqual([['PROJ-1'], 1]);
  });

  it('rejects duplicate branch names at build time', () => {
    expect(() => split(EMPTY, { branches: [branch('a', () => true)], defaultBranch: 'a' })).toThrow('named twice');
  });
});
