/**
 * Stand-ins for services that answer wrongly, on ephemeral loopback ports, for unit tests of
 * what a client's failure is reported as: an HTTP server with a canned answer, a TCP server
 * that closes or ignores what it is sent, and a port where nothing listens. Each closes itself
 * when the test finishes.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** An HTTP server answering every request with `answer`; resolves to its base URL. */
export async function httpServer(answer: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createHttpServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A TCP server that, on a client's first bytes, closes the connection (`close`) or keeps it open and says nothing (`silent`); resolves to `127.0.0.1:port`. */
export async function tcpServer(behaviour: 'close' | 'silent'): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('data', () => {
      if (behaviour === 'close') socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A loopback port nothing listens on (one the system just gave and took back). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
