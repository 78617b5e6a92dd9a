/**
 * Deliveries POSTed over loopback with keep-alive: node:http with a keep-alive Agent, which the
 * project has without a dependency (undici is only Node's internal copy here) and which costs the
 * load generator less than fetch. `maxSockets` bounds the connections: the closed loop's
 * concurrency, or, for the open loop, enough that a slow answer opens another connection
 * (as GitHub's senders would) rather than queueing the next delivery behind it.
 */
import http from 'node:http';
import { headersOf, type Delivery } from './deliveries.ts';

export interface Poster {
  /** true for 202; otherwise the status (or the error) as a short string. */
  post(delivery: Delivery): Promise<true | string>;
  close(): void;
}

export function poster(url: string, maxSockets: number): Poster {
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const target = new URL('/webhooks/github', url);
  return {
    post: (delivery) =>
      new Promise((resolve, reject) => {
        const request = http.request(target, { method: 'POST', agent, headers: headersOf(delivery) }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            if (response.statusCode === 202) return resolve(true);
            let code = '';
            try {
              code = ` ${(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: string }).code ?? ''}`;
            } catch {
              // Not a problem document: the status says enough.
            }
            resolve(`HTTP ${response.statusCode}${code}`.trimEnd());
          });
          response.on('error', reject);
        });
        request.on('error', reject);
        request.end(delivery.fixture.body);
      }),
    close: () => agent.destroy(),
  };
}
