/**
 * Test questions for the serving tests: they need no store. `test_sum` and `test_rows` are
 * compositions (`composed: true`) that compute their answer from the input alone; `test_down`
 * reads Neo4j, which the tests never configure, so it answers 503 naming the store.
 */
import { z } from 'zod';
import { capRows, defineQuestion, listOf, type AnyQuestion } from '../../access/question.ts';
import { period } from '../../access/schemas.ts';
import type { AccessLimits } from '../../access/question.ts';
import { openAccess, type Access } from '../../access/service.ts';
import type { ServeSettings } from '../config.ts';

export const testSum = defineQuestion({
  name: 'test_sum',
  title: 'Test: a sum',
  description: 'Adds a and b (b defaults to 1); echoes the tags, the period and the flag (a test question: no store)',
  input: z.object({ a: z.number(), b: z.number().int().default(1), tags: z.array(z.string()).optional(), period: period.optional(), flag: z.boolean().optional() }),
  output: z.object({ sum: z.number(), tags: z.array(z.string()), period: z.object({ month: z.string().optional(), from: z.string().optional(), to: z.string().optional() }).nullable(), flag: z.boolean().nullable() }),
  stores: ['postgres'],
  composed: true,
  run: async (_reader: undefined, input) => ({ sum: input.a + input.b, tags: input.tags ?? [], period: input.period ?? null, flag: input.flag ?? null }),
});

export const testRows = defineQuestion({
  name: 'test_rows',
  title: 'Test: n rows',
  description: 'Returns rows 1..count, capped at the row cap (a test question: no store)',
  input: z.object({ count: z.number().int().min(0).max(100_000) }),
  output: listOf(z.object({ n: z.number().int() })),
  stores: ['postgres'],
  composed: true,
  run: async (_reader: undefined, { count }, context) => capRows(Array.from({ length: Math.min(count, context.limits.rowCap + 1) }, (_, i) => ({ n: i + 1 })), context.limits.rowCap),
});

export const testDown = defineQuestion({
  name: 'test_down',
  title: 'Test: a Neo4j read',
  description: 'Reads Neo4j, which is not configured in the tests: answers 503 naming it',
  input: z.object({ team: z.string() }),
  output: z.object({ ok: z.boolean() }),
  stores: ['neo4j'],
  run: async () => ({ ok: true }),
});

export const TEST_QUESTIONS: readonly AnyQuestion[] = [testSum, testRows, testDown];

export const TEST_LIMITS: AccessLimits = { rowCap: 5, maxTopK: 10, timeoutMs: 5_000 };

/** An Access over the test questions, no store configured. */
export function testAccess(): Access {
  return openAccess({ stores: {}, limits: TEST_LIMITS, catalogue: TEST_QUESTIONS });
}

export function testSettings(overrides: Partial<ServeSettings> = {}): ServeSettings {
  return { port: 8790, host: '127.0.0.1', tokens: [], ratePerMinute: 1_000, corsOrigins: [], maxBodyBytes: 65_536, limits: TEST_LIMITS, rawTools: [], workerUrl: 'http://127.0.0.1:9464', ...overrides };
}
