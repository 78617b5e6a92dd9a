/**
 * A request's body as the bytes that arrived, counted as they stream: a sender that announces
 * more than `maxBytes` (Content-Length) or sends more is stopped there (nothing past the limit is
 * held), and one that has not sent it all by `deadline` (a slow-loris trickle) is stopped then.
 * Node's own requestTimeout (ingress/server.ts) is the backstop for a socket this never reads.
 */
export type Body = { readonly bytes: Uint8Array } | { readonly tooLarge: true } | { readonly timedOut: true };

export interface ReadBodyOptions {
  readonly maxBytes: number;
  /** Epoch ms by which the whole body must have arrived. */
  readonly deadline: number;
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
    timer = setTimeout(() => resolve('timedOut'), Math.max(0, options.deadline - Date.now()));
  });
  try {
    for (;;) {
      const read = await Promise.race([reader.read(), timedOut]);
      if (read === 'timedOut') return { timedOut: true };
      if (read.done) break;
      size += read.value.byteLength;
      if (size > options.maxBytes) return { tooLarge: true };
      chunks.push(read.value);
    }
  } finally {
    clearTimeout(timer);
    // Stops the stream (and what is left of the upload) when it was left unfinished; a no-op once done.
    reader.cancel().catch(() => {});
  }
  return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) };
}
