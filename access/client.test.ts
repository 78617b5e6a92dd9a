import { describe, expect, expectTypeOf, it } from 'vitest';
import { ErrorCodes } from '../operators/errors.ts';
import { createLogger } from '../observability/logger.ts';
import { createServeApp } from '../serve/app.ts';
import { digestOf } from '../serve/auth.ts';
import { testAccess, testSettings } from '../serve/testing/testQuestions.ts';
import type { AnswerOf, InputOf } from './catalogue.ts';
import { questionClient, type QuestionClient } from './client.ts';
import { AccessError } from './errors.ts';
import { httpClient } from './httpClient.ts';

describe('the typed client', () => {
  it('takes each question’s input type and gives its answer type (checked by the compiler)', () => {
    expectTypeOf<InputOf<'user_by_github_login'>>().toEqualTypeOf<{ login: string }>();
    expectTypeOf<AnswerOf<'dora_metrics'>['metrics']['deploymentFrequency']['deploymentDays']>().toEqualTypeOf<number>();
    expectTypeOf<QuestionClient['ask']>().parameter(0).toEqualTypeOf<import('./catalogue.ts').QuestionName>();
    // @ts-expect-error: no such question
    expectTypeOf<InputOf<'no_such_question'>>().toBeNever();
  });
});

// The test questions (serve/testing/testQuestions.ts) are not in the catalogue's types: asked through a loose view.
type Loose = { ask(name: string, input: unknown): Promise<unknown> };

describe('questionClient (in process)', () => {
  it('answers as the service does', async () => {
    const client = questionClient(testAccess()) as unknown as Loose;
    expect(await client.ask('test_sum', { a: 2 })).toMatchObject({ sum: 3 });
  });
});

describe('httpClient', () => {
  const token = 'syd_test-token';
  const app = createServeApp({ access: testAccess(), settings: testSettings({ tokens: [{ name: 'tests', digest: Buffer.from(digestOf(token), 'hex') }] }), logger: createLogger({ level: 'silent' }) });
  const viaApp: typeof fetch = async (input, init) => app.request(String(input), init);
  const client = (t?: string) => httpClient('http://127.0.0.1:8790/', { token: t, fetch: viaApp }) as unknown as Loose;

  it('posts the input and returns the answer', async () => {
    expect(await client(token).ask('test_sum', { a: 2, b: 5 })).toMatchObject({ sum: 7 });
  });

  it('rebuilds refusals as AccessErrors with their code, status and details', async () => {
    const bad = await client(token).ask('test_sum', { a: 'two' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AccessError);
    expect(bad).toMatchObject({ code: ErrorCodes.accessBadInput, status: 400, details: { problems: [expect.objectContaining({ path: 'input.a' })] } });
    const down = await client(token).ask('test_down', { team: 'platform' }).catch((e: unknown) => e);
    expect(down).toMatchObject({ code: ErrorCodes.accessStoreUnavailable, status: 503, details: { store: 'neo4j' } });
    const unknown = await client(token).ask('test_summ', {}).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, details: { closest: expect.arrayContaining(['test_sum']) } });
    const proxy: typeof fetch = async () => new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } });
    const gateway = await (httpClient('http://127.0.0.1:8790', { fetch: proxy }) as unknown as Loose).ask('test_sum', { a: 1 }).catch((e: unknown) => e);
    expect(gateway).toBeInstanceOf(AccessError);
    expect(gateway).toMatchObject({ status: 500, message: expect.stringContaining('HTTP 502: <html>502 Bad Gateway') });
    const refused = await client('wrong').ask('test_sum', { a: 1 }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: ErrorCodes.accessUnauthorized, status: 401 });
  });
});
