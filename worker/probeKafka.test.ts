import { describe, expect, it } from 'vitest';
import { closedPort, httpServer, tcpServer } from '../config/testing/fakeServers.ts';
import { probeKafka } from './probeKafka.ts';

const quick = { connectionTimeoutMs: 1_000, requestTimeoutMs: 1_000 };

describe('probeKafka', () => {
  it('fails within its request timeout, naming KAFKA_BROKERS, when the port answers but is no broker', async () => {
    const http = (await httpServer((_request, response) => response.end('ok'))).replace('http://', '');
    const closing = await tcpServer('close');
    const started = Date.now();
    const failure = await probeKafka({ brokers: [http, closing] }, quick).then(() => undefined, (error: unknown) => error as Error);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(failure).toMatchObject({ name: 'ConnectionError', code: 'SWY_CONNECTION', variable: 'KAFKA_BROKERS' });
    expect(failure?.message).toMatch(new RegExp(`^KAFKA_BROKERS=${http},${closing} does not answer as a Kafka broker: `));
    expect(failure?.message).toContain(`${closing} accepted the connection and closed it at Kafka's first request`);
  });

  it('says so when the server accepts and stays silent (an HTTP server waits for a request line; a TLS listener for a handshake)', async () => {
    const silent = await tcpServer('silent');
    await expect(probeKafka({ brokers: [silent] }, quick)).rejects.toThrow(`KAFKA_BROKERS=${silent} does not answer as a Kafka broker: ${silent} accepted the connection but did not answer Kafka's first request`);
  });

  it('says nothing listens on a closed port', async () => {
    const broker = `127.0.0.1:${await closedPort()}`;
    await expect(probeKafka({ brokers: [broker] }, quick)).rejects.toThrow(`${broker} refused the connection`);
  });
});
