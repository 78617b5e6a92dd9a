/**
 * A request's body as the bytes that arrived, counted as they stream:
 * - a sender that announces more than `maxBytes` (Content-Length) or sends more is stopped there
 *   (nothing past the limit is held): `tooLarge`;
 * - one that has not sent it all within `timeoutMs` (a slow-loris trickle) is stopped then:
 *   `timedOut`;
 * - one that goes away mid-body: `aborted`;
 * - bytes beyond what all bodies in flight may hold together (`budget`): `overBudget`.
 * On `bytes`, the caller owns that many bytes of the budget and releases them once answered.
 * Node's own requestTimeout (ingress/server.ts) is the backstop for a socket this never reads.
 */
import type { InFlight } from './inFlight.ts';

export type Body = { readonly bytes: Uint8Array } | { readonly tooLarge: true } | { readonly timedOut: true } | { readonly aborted: true } | { readonly overBudget: true };

export interface ReadBodyOptions {
  readonly maxBytes: number;
  /** How long the rest of the body may take to arrive. */
  readonly timeoutMs: number;
  readonly budget: Pick<InFlight, 'reserve' | 'release'>;
}

export async function readBody(request: Request, options: ReadBodyOptions): Promise<Body> {
  const announced = Number(request.headers.get('content-length') ?? Number.NaN);
  if (announced > options.maxBytes) return { tooLarge: true };
  if (request.body === null) return { bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timedOut'>((resolve) => {
    timer = setTimeout(() => resolve('timedOut'), Math.max(0, options.timeoutMs));
  });
  let kept = false;
  try {
    for (;;) {
      let read: Awaited<ReturnType<typeof reader.read>> | 'timedOut';
      try {
        read = await Promise.race([reader.read(), timedOut]);
      } catch {
        return { aborted: true };
      }
      if (read === 'timedOut') return { timedOut: true };
      if (read.done) break;
      if (size + read.value.byteLength > options.maxBytes) return { tooLarge: true };
      if (!options.budget.reserve(read.value.byteLength)) return { overBudget: true };
      size += read.value.byteLength;
      chunks.push(read.value);
    }
    kept = true;
  } finally {
    clearTimeout(timer);
    if (!kept) options.budget.release(size);
    // Stops the stream (and what is left of the upload) when it was left unfinished; a no-op once done.
    reader.cancel().catch(() => {});
  }
  return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) };
}
