/**
 * PGlite on a TCP port, speaking the PostgreSQL wire protocol to any number of clients that take
 * turns on its one session (exchangeQueue.ts). pglite-socket's `PGLiteSocketHandler` does the
 * framing, refuses SSL (so clients need `sslmode=disable`) and ignores cancel requests; its
 * `PGLiteSocketServer` is not used because its queue lets clients' messages interleave.
 */
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { exchangeQueue } from './exchangeQueue.ts';

export interface WireServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Connections beyond this are refused; they would only wait their turn anyway. */
  readonly maxConnections: number;
}

export interface WireServer {
  /** The port it listens on. */
  readonly port: number;
  /** Close every connection and stop listening; the database stays open. */
  stop(): Promise<void>;
}

export async function serveWire(db: PGlite, options: WireServerOptions): Promise<WireServer> {
  // The handler's declared type is pglite-socket's own (unexported) queue class; ours has its
  // four methods, which is all the handler calls (checked against the pinned 0.2.17).
  const queryQueue = exchangeQueue(db) as unknown as PGLiteSocketHandlerOptions['queryQueue'];
  const handlers = new Set<PGLiteSocketHandler>();
  const server = net.createServer((socket) => {
    if (handlers.size >= options.maxConnections) {
      socket.end();
      return;
    }
    const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
    handlers.add(handler);
    handler.addEventListener('close', () => handlers.delete(handler));
    handler.addEventListener('error', () => handlers.delete(handler));
    handler.attach(socket).catch(() => {
      handlers.delete(handler);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('pgvector: the server has no TCP address');

  return {
    port: address.port,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...handlers].map((h) => h.detach(true)));
      handlers.clear();
      await closed;
    },
  };
}
