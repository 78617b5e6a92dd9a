import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { describe, expect, it } from 'vitest';
import { closedPort, httpServer } from '../config/testing/fakeServers.ts';
import { createCodec } from './codec.ts';
import { RegistryUnavailableError, SchemaNotRegisteredError, UnknownSchemaIdError } from './codecErrors.ts';

/** Confluent framing of schema id 7 around an empty body: decoding it asks the registry for schema 7. */
const framed = Buffer.from([0, 0, 0, 0, 7]);

const codecAt = (url: string) => createCodec(new SchemaRegistry({ host: url, retry: { retries: 0 } }), { registryUrl: url });

describe('the codec’s registry errors', () => {
  it('waits out a registry that does not answer, naming SCHEMA_REGISTRY_URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const codec = codecAt(url);
    const failure = await codec.decode('eng.events.v1', framed).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RegistryUnavailableError);
    expect((failure as Error).message).toMatch(new RegExp(`^SCHEMA_REGISTRY_URL=${url}: does not answer .* \\(reading schema 7\\)$`));
    await expect(codec.prepare(['eng.events.v1'])).rejects.toThrow(new RegExp(`^SCHEMA_REGISTRY_URL=${url}: does not answer .*\\(looking up the schema id of eng\\.events\\.v1-value\\)$`));
  });

  it('does not take a wrong path’s 404 for an unknown schema id: the records wait instead of being dead-lettered', async () => {
    const url = await httpServer((_request, response) => response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'));
    const failure = await codecAt(url).decode('eng.events.v1', framed).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RegistryUnavailableError);
    expect(failure).toMatchObject({ retriable: true, message: expect.stringContaining('no Confluent-compatible registry API at this path') });
  });

  it('takes the registry’s own "not found" as an unknown id, or a schema not registered', async () => {
    const url = await httpServer((_request, response) => response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error_code: 40403, message: 'Schema 7 not found' })));
    await expect(codecAt(url).decode('eng.events.v1', framed)).rejects.toBeInstanceOf(UnknownSchemaIdError);
    await expect(codecAt(url).prepare(['eng.events.v1'])).rejects.toBeInstanceOf(SchemaNotRegisteredError);
  });
});
