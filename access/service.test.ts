import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { accessRequests } from '../metrics/access.ts';
import { ErrorCodes } from '../operators/errors.ts';
import { checkedCatalogue, closestNames, questionNamed } from './catalogue.ts';
import { AccessError } from './errors.ts';
import { capRows, defineQuestion, listOf } from './question.ts';
import { period } from './schemas.ts';
import { openAccess } from './service.ts';

// Test questions: `composed` ones compute from their input (no store reader), so the service's own
// checks are exercised without a database.
const echo = defineQuestion({
  name: 'test_echo',
  title: 'Echo (a test question)',
  description: 'Answers its input',
  input: z.object({ word: z.string().min(1), times: z.number().int().min(1).max(3).default(1), period: period.optional() }),
  output: z.object({ words: z.array(z.string()) }),
  stores: ['postgres'],
  composed: true,
  run: async (_reader, { word, times }) => ({ words: Array.from({ length: times }, () => word) }),
});
const numbers = defineQuestion({
  name: 'test_numbers',
  title: 'Numbers (a test question)',
  description: 'A capped list',
  input: z.object({ count: z.number().int() }),
  output: listOf(z.object({ n: z.number() })),
  stores: ['postgres'],
  composed: true,
  run: async (_reader, { count }, context) => capRows(Array.from({ length: count }, (_, n) => ({ n })), context.limits.rowCap),
});
const wrong = defineQuestion({
  name: 'test_wrong_output',
  title: 'Wrong output (a test question)',
  description: 'Answers what its schema refuses',
  input: z.object({}),
  output: z.object({ n: z.number() }),
  stores: ['postgres'],
  composed: true,
  run: async () => ({ n: 'one' as unknown as number }),
});
const slow = defineQuestion({
  name: 'test_slow',
  title: 'Slow (a test question)',
  description: 'Waits until aborted',
  input: z.object({}),
  output: z.object({}),
  stores: ['postgres'],
  composed: true,
  run: (_reader, _input, context) => new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason))),
});
const twice = defineQuestion({
  name: 'test_twice',
  title: 'Twice (a test composition)',
  description: 'Asks test_echo twice',
  input: z.object({ word: z.string() }),
  output: z.object({ words: z.array(z.string()) }),
  stores: ['postgres'],
  composed: true,
  run: async (_reader, { word }, context) => {
    const a = (await context.ask('test_echo', { word })) as { words: string[] };
    const b = (await context.ask('test_echo', { word, times: 2 })) as { words: string[] };
    return { words: [...a.words, ...b.words] };
  },
});
const fromStore = defineQuestion({
  name: 'test_from_neo4j',
  title: 'From Neo4j (a test question)',
  description: 'Reads a store this server has no configuration for',
  input: z.object({}),
  output: z.object({}),
  stores: ['neo4j'],
  run: async () => ({}),
});

const buggy = defineQuestion({
  name: 'test_buggy_composition',
  title: 'Buggy (a test composition)',
  description: 'Fails in its own code, reading a store this server lacks',
  input: z.object({}),
  output: z.object({}),
  stores: ['neo4j'],
  composed: true,
  run: async () => {
    throw new TypeError('a bug of its own');
  },
});

const limits = { rowCap: 3, maxTopK: 10, timeoutMs: 200 };
const access = () => openAccess({ stores: {}, limits, catalogue: [echo, numbers, wrong, slow, twice, fromStore, buggy] });

async function refusal(work: Promise<unknown>): Promise<AccessError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AccessError);
  return error as AccessError;
}

describe('openAccess', () => {
  it('answers with the output schema applied (defaults filled in)', async () => {
    expect(await access().ask('test_echo', { word: 'hi', times: 2 })).toEqual({ words: ['hi', 'hi'] });
    expect(await access().ask('test_echo', { word: 'hi' })).toEqual({ words: ['hi'] });
  });

  it('refuses bad input naming each JSON path and what it must be (400)', async () => {
    const error = await refusal(access().ask('test_echo', { word: '', times: 9, period: { from: 'yesterday', to: '2026-01-01' } }));
    expect(error.code).toBe(ErrorCodes.accessBadInput);
    expect(error.status).toBe(400);
    const paths = error.details.problems?.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['input.word', 'input.times', 'input.period.from']));
    expect(error.details.problems?.find((p) => p.path === 'input.period.from')?.message).toContain('ISO date or time');
  });

  it('refuses a year the stores cannot hold (PostgreSQL has no year 0) as bad input, not a 500', async () => {
    const error = await refusal(access().ask('test_echo', { word: 'x', period: { from: '0000-01-01', to: '2026-01-01' } }));
    expect(error.details.problems).toEqual([{ path: 'input.period.from', message: expect.stringContaining('from 1970 on') }]);
  });

  it('refuses an unknown question listing the closest names (404)', async () => {
    const error = await refusal(access().ask('test_ecko', {}));
    expect(error.status).toBe(404);
    expect(error.details.closest?.[0]).toBe('test_echo');
    expect(error.message).toContain('did you mean test_echo');
  });

  it('caps lists and says so', async () => {
    expect(await access().ask('test_numbers', { count: 5 })).toEqual({ rows: [{ n: 0 }, { n: 1 }, { n: 2 }], truncated: true, limit: 3 });
    expect(await access().ask('test_numbers', { count: 3 })).toEqual({ rows: [{ n: 0 }, { n: 1 }, { n: 2 }], truncated: false, limit: 3 });
  });

  it('treats an answer its own schema refuses as our bug (500), naming the path', async () => {
    const error = await refusal(access().ask('test_wrong_output', {}));
    expect(error.status).toBe(500);
    expect(error.message).toContain('input.n');
  });

  it('gives up after the timeout (504) and aborts the work', async () => {
    const error = await refusal(access().ask('test_slow', {}));
    expect(error.code).toBe(ErrorCodes.accessTimeout);
    expect(error.status).toBe(504);
    expect(error.message).toContain('200 ms');
  });

  it('lets a composition ask other questions, each checked', async () => {
    expect(await access().ask('test_twice', { word: 'a' })).toEqual({ words: ['a', 'a', 'a'] });
  });

  it('does not blame a store for a composition’s own bug', async () => {
    const error = await access().ask('test_buggy_composition', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
  });

  it('leaves no rejection unhandled when the caller gave up before asking', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const gaveUp = AbortSignal.abort(new Error('client went away'));
      await expect(access().ask('test_echo', { word: '' }, { signal: gaveUp })).rejects.toThrow('client went away');
      await expect(access().ask('test_twice', { word: 'a' }, { signal: gaveUp })).rejects.toThrow('client went away');
      // Unhandled rejections are reported after the microtask queue drains: a macrotask later.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('counts a composition’s parts under their own transport, the composition under its caller’s', async () => {
    const count = async (question: string, transport: string) => (await accessRequests.get()).values.find((v) => v.labels.question === question && v.labels.transport === transport && v.labels.outcome === 'ok')?.value ?? 0;
    const [parts, outer] = [await count('test_echo', 'composition'), await count('test_twice', 'http')];
    await access().ask('test_twice', { word: 'a' }, { transport: 'http' });
    expect(await count('test_echo', 'composition')).toBe(parts + 2);
    expect(await count('test_twice', 'http')).toBe(outer + 1);
    expect(await count('test_echo', 'http')).toBe(0);
  });

  it('answers 503 naming a store this server has no configuration for', async () => {
    const error = await refusal(access().ask('test_from_neo4j', {}));
    expect(error.status).toBe(503);
    expect(error.details.store).toBe('neo4j');
  });

  it('counts every question by transport and outcome', async () => {
    const before = (await accessRequests.get()).values.find((v) => v.labels.question === 'test_echo' && v.labels.outcome === 'bad_input' && v.labels.transport === 'mcp')?.value ?? 0;
    await access().ask('test_echo', {}, { transport: 'mcp' }).catch(() => {});
    const after = (await accessRequests.get()).values.find((v) => v.labels.question === 'test_echo' && v.labels.outcome === 'bad_input' && v.labels.transport === 'mcp')?.value;
    expect(after).toBe(before + 1);
  });
});

describe('the catalogue', () => {
  it('refuses bad names, duplicates and a store question reading two stores', () => {
    expect(() => checkedCatalogue([{ ...echo, name: 'Bad-Name' }])).toThrow(/lower snake case/);
    expect(() => checkedCatalogue([echo, echo])).toThrow(/twice/);
    expect(() => checkedCatalogue([{ ...fromStore, stores: ['neo4j', 'postgres'] }])).toThrow(/one store/);
  });

  it('suggests the closest names, a shared word counting', () => {
    expect(closestNames('deployment-frequency', ['deployment_frequency', 'dora_metrics', 'top_committers'])[0]).toBe('deployment_frequency');
    expect(closestNames('frequency', ['deployment_frequency', 'dora_metrics', 'sprint_velocity'])[0]).toBe('deployment_frequency');
    expect(() => questionNamed('nope', new Map())).toThrow(AccessError);
  });
});
