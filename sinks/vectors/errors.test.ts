import { describe, expect, it } from 'vitest';
import { classify } from '../../operators/errors.ts';
import { VECTOR_ERROR_CODES, VectorStoreError, retriableStatus, statusClassification } from './errors.ts';
import { toVectorStoreError } from './pgvector.ts';

describe('vector store errors', () => {
  it.each([
    [400, 'bad request', 'permanent'],
    [413, 'payload too large', 'permanent'],
    [422, 'unprocessable entity', 'permanent'],
    [409, 'conflict', 'permanent'],
    [401, 'a rejected API key', 'configuration'],
    [402, 'payment required', 'configuration'],
    [403, 'forbidden', 'configuration'],
    [404, 'no such index', 'configuration'],
    [408, 'request timeout', 'retryable'],
    [429, 'rate limited', 'transient'],
    [500, 'internal error (unplaceable: isolation decides)', 'retryable'],
    [501, 'not implemented', 'retryable'],
    [502, 'bad gateway', 'transient'],
    [503, 'unavailable', 'transient'],
    [504, 'gateway timeout', 'transient'],
  ] as const)('HTTP %i (%s) → %s', (status, _name, classification) => {
    expect(statusClassification(status)).toBe(classification);
    expect(retriableStatus(status)).toBe(classification !== 'permanent');
    const error = new VectorStoreError('Pinecone upsert failed', VECTOR_ERROR_CODES.store, { retriable: retriableStatus(status), status });
    expect(error).toMatchObject({ classification, retriable: classification !== 'permanent' });
    expect(classify(error)).toBe(classification);
  });

  it.each([
    ['22021', 'a NUL in text', 'permanent'],
    ['23505', 'unique violation', 'permanent'],
    ['57P01', 'admin shutdown', 'transient'],
    ['08006', 'connection failure', 'transient'],
    ['40P01', 'deadlock', 'transient'],
    ['57014', 'statement timeout', 'retryable'],
    ['42P01', 'undefined table', 'configuration'],
    ['28P01', 'bad password', 'configuration'],
  ] as const)('pgvector SQLSTATE %s (%s) → %s, as for PostgreSQL', (code, _name, classification) => {
    const error = toVectorStoreError('upsert', Object.assign(new Error('server said no'), { code }));
    expect(classify(error)).toBe(classification);
    expect(error.message).toBe(`pgvector upsert failed (SQLSTATE ${code}): server said no`);
  });

  it.each([
    ['fetch failed, refused underneath (OpenAI)', new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }), 'transient'],
    ['the Pinecone SDK’s connection error', Object.assign(new Error('Request failed to reach Pinecone'), { name: 'PineconeConnectionError' }), 'transient'],
    ['a client timeout', Object.assign(new Error('timed out'), { name: 'PineconeTimeoutError' }), 'retryable'],
  ] as const)('without a status, a retriable failure: %s → %s', (_name, cause, classification) => {
    const error = new VectorStoreError('Pinecone upsert failed', VECTOR_ERROR_CODES.store, { retriable: true, cause });
    expect(classify(error)).toBe(classification);
  });

  it('without a status, a record refused before sending is permanent', () => {
    const error = new VectorStoreError('record "x" refused: empty id', VECTOR_ERROR_CODES.limit, { retriable: false, recordId: 'x' });
    expect(classify(error)).toBe('permanent');
  });
});
