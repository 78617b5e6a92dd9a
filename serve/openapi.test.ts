/**
 * The OpenAPI document of the real catalogue: every question's zod schemas have a JSON Schema form,
 * and the document validates as OpenAPI 3.1 (@readme/openapi-parser) with a GET and a POST each.
 */
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../access/catalogue.ts';
import { RAW_TOOLS } from '../access/rawTools.ts';
import { openApiDocument } from './openapi.ts';
import { servedQuestions } from './questionSchemas.ts';

describe('openApiDocument', () => {
  it('documents the whole catalogue (and the raw tools) as valid OpenAPI 3.1', async () => {
    const served = servedQuestions([...CATALOGUE, ...Object.values(RAW_TOOLS)]);
    const document = openApiDocument(served, { secured: true, serverUrl: 'http://127.0.0.1:8790' }) as { paths: Record<string, Record<string, unknown>> };
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    for (const s of served) expect(Object.keys(document.paths[`/v1/questions/${s.name}`] ?? {}).sort(), s.name).toEqual(['get', 'post']);
    // Every $ref resolves inside the document (no draft-local #/$defs left behind).
    expect(JSON.stringify(document)).not.toContain('#/$defs/');
    // The dashboard's pipeline page reads /v1/pipeline: documented with the snapshot's schema.
    expect(document.paths['/v1/pipeline']).toMatchObject({ get: { responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/PipelineSnapshot' } } } } } } });
    const snapshot = (document as unknown as { components: { schemas: Record<string, { required?: string[] }> } }).components.schemas.PipelineSnapshot;
    expect(snapshot?.required).toEqual(expect.arrayContaining(['at', 'topology', 'subTopologies', 'deadLettered']));
  });
});
