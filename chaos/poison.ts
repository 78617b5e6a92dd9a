/**
 * Webhooks that must end in the dead-letter topic, mixed into the chaos replay: a supported
 * event whose payload breaks its normalizer's contract, and a body that is not JSON. The DLQ
 * audit then checks the topic holds exactly these (by delivery id) and nothing else.
 */
import type { RawWebhook } from '../avro/generated/types.ts';

export function poisonWebhook(n: number, receivedAt: number): RawWebhook {
  const deliveryId = `chaos-poison-${n}`;
  const headers = { 'x-github-event': 'push', 'x-github-delivery': deliveryId };
  // Alternate the two kinds: a push whose ref is a number, and a body cut off mid-JSON.
  const body = n % 2 === 0 ? JSON.stringify({ ref: 42, repository: { full_name: 'acme/poison' }, commits: [] }) : '{"ref": "refs/heads/main", "commits": [';
  return { source: 'github', eventName: 'push', deliveryId, receivedAt, headers, body };
}
