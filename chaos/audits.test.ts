/**
 * The audits' shared mechanics, with stand-in stores: which events each store is audited for
 * (`refusedBy`), an audit that throws, and the wait while audits fail (fake timers, no stack).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngEvent } from '../avro/generated/types.ts';
import type { AuditResult } from '../audit/index.ts';
import type { SwitchyardConfig } from '../config/index.ts';

/** What each stand-in store was asked to audit, and how many of its sinks are still open. */
const asked = new Map<string, string[]>();
let open = 0;
const standIn = (name: string, audit: (events: readonly EngEvent[]) => Promise<AuditResult>) => ({
  name,
  audit: async (_sink: unknown, events: readonly EngEvent[]) => (asked.set(name, events.map((e) => e.eventId)), audit(events)),
});
const passing = (store: string) => async (events: readonly EngEvent[]): Promise<AuditResult> => ({ store, expected: events.length, present: events.length, missing: 0, duplicated: 0, mismatched: 0, details: [], notes: [], ok: true });

vi.mock('../sinks/registry.ts', () => ({
  STORES: [
    standIn('postgres', passing('postgres')),
    standIn('neo4j', passing('neo4j')),
    standIn('clickhouse', async () => {
      throw new Error('Code: 81. Database chaos_x does not exist');
    }),
  ],
}));
vi.mock('../worker/assemble.ts', () => ({
  sinkOf: () => (open++, { close: async () => void open-- }),
}));

const { storeAudits, untilSettled, auditStores } = await import('./audits.ts');

const event = (id: string) => ({ eventId: id }) as EngEvent;
const events = ['e1', 'e2', 'e3'].map(event);
const config = (selected: string[]) => ({ selected }) as unknown as SwitchyardConfig;
const result = (ok: boolean, store = 's'): AuditResult => ({ store, expected: 1, present: ok ? 1 : 0, missing: ok ? 0 : 1, duplicated: 0, mismatched: 0, details: [], notes: [], ok });

afterEach(() => {
  asked.clear();
  vi.useRealTimers();
});

describe('storeAudits', () => {
  it('audits only the selected stores, each without the events its own sink refused', async () => {
    const stores = storeAudits(config(['postgres', 'neo4j']), events, (store) => new Set(store === 'neo4j' ? ['e2'] : []));
    expect(await Promise.all(stores.audits.map((audit) => audit()))).toMatchObject([{ store: 'postgres', expected: 3 }, { store: 'neo4j', expected: 2 }]);
    expect(Object.fromEntries(asked)).toEqual({ postgres: ['e1', 'e2', 'e3'], neo4j: ['e1', 'e3'] });
    await stores.close();
    expect(open).toBe(0);
  });

  it('turns an audit that throws into a failed audit that says why', async () => {
    const stores = storeAudits(config(['clickhouse']), events);
    const [failed] = await Promise.all(stores.audits.map((audit) => audit()));
    await stores.close();
    expect(failed).toMatchObject({ store: 'clickhouse', ok: false, expected: 3, present: 0, mismatched: 1 });
    expect(failed!.details).toEqual(['mismatched: the audit itself failed: Code: 81. Database chaos_x does not exist']);
  });
});

describe('untilSettled', () => {
  it('audits again every everyMs while one fails, until settleMs, and keeps the last result of each', async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    let tries = 0;
    const settling = async () => result(++tries >= 3, 'clickhouse');
    const never = vi.fn(async () => result(false, 'neo4j'));
    const done = untilSettled([settling, never], { settleMs: 10_000, everyMs: 2_000, log: (line) => lines.push(line) });
    await vi.advanceTimersByTimeAsync(20_000);
    const results = await done;
    expect(results.map((r) => [r.store, r.ok])).toEqual([['clickhouse', true], ['neo4j', false]]);
    expect(tries).toBe(3); // failed at 0 and 2 s, passed at 4 s
    expect(never).toHaveBeenCalledTimes(4); // from 4 s on, the same deadline: tried at 4, 6, 8 and 10 s
    expect(lines[0]).toBe('  clickhouse: not yet (1 missing, 0 duplicated, 0 mismatched); auditing again in 2 s');
  });

  it('runs each audit once when it passes, or when there is no time to settle', async () => {
    const ok = vi.fn(async () => result(true));
    const failing = vi.fn(async () => result(false));
    expect(await untilSettled([ok, failing], { settleMs: 0, log: () => {} })).toMatchObject([{ ok: true }, { ok: false }]);
    expect(ok).toHaveBeenCalledTimes(1);
    expect(failing).toHaveBeenCalledTimes(1);
  });
});

describe('auditStores', () => {
  it('audits the stores, then the dead letters, and closes every sink even when an audit rejects', async () => {
    const deadLetters = vi.fn(async () => result(true, 'dlq'));
    const results = await auditStores(config(['postgres', 'neo4j']), events, { settleMs: 0, log: () => {}, deadLetters });
    expect(results.map((r) => r.store)).toEqual(['postgres', 'neo4j', 'dlq']);
    expect(open).toBe(0);

    const broken = vi.fn(async (): Promise<AuditResult> => Promise.reject(new Error('Kafka gone')));
    await expect(auditStores(config(['postgres']), events, { settleMs: 0, log: () => {}, deadLetters: broken })).rejects.toThrow('Kafka gone');
    expect(open).toBe(0);
  });
});
