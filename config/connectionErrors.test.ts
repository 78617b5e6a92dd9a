import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { describe, expect, it } from 'vitest';
import { closedPort, httpServer } from './testing/fakeServers.ts';
import { ConnectionError, kafkaUnreachable, registryFailure, storeUnreachable } from './connectionErrors.ts';

/** A kafkajs error as its client throws it: the one that happened, wrapped in the one that says retries ran out. */
function kafkajsError(name: string, message: string): Error {
  const inner = Object.assign(new Error(message), { name });
  return Object.assign(new Error(message, { cause: inner }), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: inner });
}

describe('kafkaUnreachable', () => {
  it('names KAFKA_BROKERS and says, per broker, what answered and what that means', () => {
    const error = kafkaUnreachable(
      ['127.0.0.1:5432', '127.0.0.1:8123', '127.0.0.1:1'],
      [
        { broker: '127.0.0.1:5432', error: kafkajsError('KafkaJSConnectionClosedError', 'Closed connection') },
        { broker: '127.0.0.1:8123', error: kafkajsError('KafkaJSRequestTimeoutError', 'Request ApiVersions(key: 18, version: 2) timed out') },
        { broker: '127.0.0.1:1', error: kafkajsError('KafkaJSConnectionError', 'Connection error: connect ECONNREFUSED 127.0.0.1:1') },
      ],
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'SWY_CONNECTION', variable: 'KAFKA_BROKERS', retriable: true });
    expect(error.message).toBe(
      'KAFKA_BROKERS=127.0.0.1:5432,127.0.0.1:8123,127.0.0.1:1 does not answer as a Kafka broker: ' +
        "127.0.0.1:5432 accepted the connection and closed it at Kafka's first request (Closed connection): not a Kafka broker, or one that wants TLS (KAFKA_SSL); " +
        "127.0.0.1:8123 accepted the connection but did not answer Kafka's first request (Request ApiVersions(key: 18, version: 2) timed out): not a Kafka broker (an HTTP server?), or one that wants TLS (KAFKA_SSL); " +
        '127.0.0.1:1 refused the connection (Connection error: connect ECONNREFUSED 127.0.0.1:1): nothing listens there — is Kafka running, on this port?',
    );
  });

  it('says the credentials were refused, and which variables hold them', () => {
    const error = kafkaUnreachable(['b-1.example.com:9096'], [{ broker: 'b-1.example.com:9096', error: kafkajsError('KafkaJSSASLAuthenticationError', 'SASL SCRAM SHA512 authentication failed') }]);
    expect(error.message).toMatch(/^KAFKA_BROKERS=b-1\.example\.com:9096 refused our credentials: b-1\.example\.com:9096 refused the SASL credentials .*KAFKA_SASL_PASSWORD$/);
  });

  it('names an unresolvable host', () => {
    const error = kafkaUnreachable(['kafka.invalid:9092'], [{ broker: 'kafka.invalid:9092', error: kafkajsError('KafkaJSConnectionError', 'Connection error: getaddrinfo ENOTFOUND kafka.invalid') }]);
    expect(error.message).toContain('kafka.invalid:9092 does not resolve (Connection error: getaddrinfo ENOTFOUND kafka.invalid): check the host name');
  });
});

/** The error the real registry client throws for `lookup` or `getSchema` against `host`. */
async function registryError(host: string, call: 'lookup' | 'getSchema'): Promise<unknown> {
  // No retries: each case is one answer, and the client's default backoff would only slow the test.
  const registry = new SchemaRegistry({ host, retry: { retries: 0 } });
  const schema = JSON.stringify({ type: 'record', name: 'X', fields: [] });
  return (call === 'lookup' ? registry.getRegistryIdBySchema('s-value', { type: 'AVRO' as never, schema }) : registry.getSchema(7)).then(
    () => expect.fail('the registry call succeeded'),
    (error: unknown) => error,
  );
}

describe('registryFailure, from the registry client’s real errors', () => {
  it('says the registry does not answer, not "status 400", when nothing listens', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/apis/ccompat/v7`;
    for (const call of ['lookup', 'getSchema'] as const) {
      const failure = registryFailure(url, await registryError(url, call));
      expect(failure.kind).toBe('unavailable');
      expect(failure.message).toMatch(new RegExp(`^SCHEMA_REGISTRY_URL=${url.replace(/[.]/g, '\\.')}: does not answer \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\): is the registry running, at this address\\?`));
    }
  });

  it.each(['EHOSTDOWN', 'ENETDOWN', 'ECONNABORTED', 'EPIPE'])('says the registry does not answer for any network code of the one list (%s), not "status 400"', (code) => {
    // The client's shape for a socket that failed: status 400, the socket's error as the body.
    const error = Object.assign(new Error(`Confluent_Schema_Registry - Error, status 400: connect ${code} 10.0.0.9:8081`), { status: 400 });
    expect(registryFailure('http://registry:8081', error).message).toBe(
      `SCHEMA_REGISTRY_URL=http://registry:8081: does not answer (connect ${code} 10.0.0.9:8081): is the registry running, at this address? (no request reached it; the client reports this as status 400)`,
    );
  });

  it('says a server that answers 400 is not a registry', async () => {
    const url = await httpServer((_request, response) => response.writeHead(400, { 'content-type': 'text/plain' }).end('Code: 62. DB::Exception: Syntax error'));
    expect(registryFailure(url, await registryError(url, 'lookup'))).toEqual({
      kind: 'unavailable',
      message: `SCHEMA_REGISTRY_URL=${url}: answered HTTP 400 (Code: 62. DB::Exception: Syntax error): not what a Confluent-compatible Schema Registry answers — is this URL one?`,
    });
  });

  it('tells a 404 without a registry’s error (a wrong path) from the registry’s own "not found"', async () => {
    const wrongPath = await httpServer((_request, response) => response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'));
    for (const call of ['lookup', 'getSchema'] as const) {
      const failure = registryFailure(wrongPath, await registryError(wrongPath, call));
      expect(failure).toEqual({ kind: 'unavailable', message: `SCHEMA_REGISTRY_URL=${wrongPath}: answered HTTP 404 without a registry's error (<h1>Not Found</h1>): no Confluent-compatible registry API at this path (Apicurio serves one under /apis/ccompat/v7)` });
    }
    const registry = await httpServer((_request, response) => response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error_code: 40403, message: 'Schema 7 not found' })));
    for (const call of ['lookup', 'getSchema'] as const) {
      expect(registryFailure(registry, await registryError(registry, call))).toEqual({ kind: 'not-found', message: `SCHEMA_REGISTRY_URL=${registry}: Schema 7 not found` });
    }
  });

  it('points at the credentials on 401, and says a 5xx is the registry failing', async () => {
    const locked = await httpServer((_request, response) => response.writeHead(401, { 'content-type': 'application/json' }).end('{}'));
    expect(registryFailure(`${locked.replace('//', '//key:s3cret@')}`, await registryError(locked, 'getSchema')).message).toBe(
      `SCHEMA_REGISTRY_URL=${locked.replace('//', '//key:redacted@')}: answered HTTP 401: it refused our credentials — check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD`,
    );
    const failing = await httpServer((_request, response) => response.writeHead(503, { 'content-type': 'text/plain' }).end('starting'));
    expect(registryFailure(failing, await registryError(failing, 'getSchema')).message).toBe(`SCHEMA_REGISTRY_URL=${failing}: answered HTTP 503 (starting): the registry failed or is still starting`);
  });
});

describe('storeUnreachable', () => {
  it('names the variable and its value without the password, then the client’s error', () => {
    expect(storeUnreachable('POSTGRES_URL', 'postgres://app:s3cret@db.example.com:5432/eng', new Error('connect ECONNREFUSED 10.0.0.5:5432'))).toBe('POSTGRES_URL=postgres://app:redacted@db.example.com:5432/eng: connect ECONNREFUSED 10.0.0.5:5432');
  });
});
