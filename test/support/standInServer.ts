/**
 * What the Jira and Slack stand-ins share: a local HTTP server that records when each request
 * arrived (to measure the rate the host saw), and answers the next requests with an injected
 * failure when a test asks (a run of 5xx, a 429 with Retry-After), as a real host may.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly at: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** The status the stand-in answered. */
  status: number;
}

export interface Injected {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
}

export type Handler = (request: SeenRequest, url: URL) => { status: number; headers?: Record<string, string>; body: string };

export interface StandInServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Answer the next `count` requests (matching `when`, default all) with this instead. */
  inject(count: number, answer: Injected, when?: (request: SeenRequest) => boolean): void;
  /** Most requests (matching `when`) that arrived within any window of `windowMs`. */
  maxInWindow(windowMs?: number, when?: (request: SeenRequest) => boolean): number;
  close(): Promise<void>;
}

export async function startStandInServer(handle: Handler): Promise<StandInServer> {
  const requests: SeenRequest[] = [];
  const injections: { left: number; answer: Injected; when: (r: SeenRequest) => boolean }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? 'GET', path: req.url ?? '/', at, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: 0 };
      requests.push(seen);
      const injection = injections.find((i) => i.left > 0 && i.when(seen));
      let answer: { status: number; headers?: Record<string, string>; body: string };
      if (injection !== undefined) {
        injection.left -= 1;
        answer = injection.answer;
      } else {
        try {
          answer = handle(seen, new URL(seen.path, 'http://stand-in'));
        } catch (error) {
          answer = { status: 500, body: JSON.stringify({ errorMessages: [String(error)] }) };
        }
      }
      seen.status = answer.status;
      res.writeHead(answer.status, { 'Content-Type': answer.body.startsWith('{') ? 'application/json;charset=UTF-8' : 'text/plain', ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inject: (count, answer, when = () => true) => void injections.push({ left: count, answer, when }),
    maxInWindow: (windowMs = 1000, when = () => true) => {
      const times = requests.filter(when).map((r) => r.at).sort((a, b) => a - b);
      let max = 0;
      for (let start = 0, end = 0; end < times.length; end++) {
        while (times[end]! - times[start]! >= windowMs) start++;
        max = Math.max(max, end - start + 1);
      }
      return max;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
