/**
 * Setup of the `unit` project (vitest.config.ts): a unit test must not reach the local stack.
 * A connection from the test's process to one of the stack's ports on this machine is refused
 * here, as if the service were down, and the test that tried fails naming the service — also
 * on a machine where the stack happens to be running, which is where such a test would
 * otherwise pass unnoticed. (CI proves the rest, child processes included, by running the unit
 * tests before anything starts the stack.) A test that needs a service is a stack test:
 * name it `*.stack.test.ts`.
 */
import net from 'node:net';
import { afterAll, afterEach } from 'vitest';
import { ports } from '../../config/endpoints.ts';

const LOOPBACK = new Set<string | undefined>([undefined, '', 'localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1']);
const SERVICE_AT = new Map<number, string>(Object.entries(ports).map(([service, port]) => [port, service]));
const reached = new Set<string>();

/** Where a `socket.connect(…)` call goes, in any of its forms (options, port and host, or the pre-normalized array `net.connect` passes). */
function destination(args: readonly unknown[]): { port: number; host: string | undefined } | undefined {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null && 'port' in first) {
    const options = first as { port: unknown; host?: unknown };
    return { port: Number(options.port), host: typeof options.host === 'string' ? options.host : undefined };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { port: Number(first), host: typeof args[1] === 'string' ? args[1] : undefined };
  }
  return undefined; // a Unix socket path: never the stack
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const to = destination(args);
  const service = to === undefined ? undefined : SERVICE_AT.get(to.port);
  if (to !== undefined && service !== undefined && LOOPBACK.has(to.host)) {
    reached.add(`${service} (${to.host ?? 'localhost'}:${to.port})`);
    const refused = Object.assign(new Error(`connect ECONNREFUSED ${to.host ?? 'localhost'}:${to.port}: a unit test may not reach the local stack's ${service}`), { code: 'ECONNREFUSED' });
    process.nextTick(() => this.destroy(refused));
    return this;
  }
  return Reflect.apply(connect, this, args) as net.Socket;
} as typeof connect;

function failIfReached(): void {
  if (reached.size === 0) return;
  const services = [...reached].join(', ');
  reached.clear();
  throw new Error(`a unit test reached the local stack: ${services}. A test that needs a service is a stack test: name it *.stack.test.ts (vitest.config.ts)`);
}

afterEach(failIfReached);
afterAll(failIfReached);
