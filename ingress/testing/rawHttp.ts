/**
 * Requests fetch cannot make, for the ingress's limits: a body streamed in chunks (with or
 * without Content-Length) that stops as soon as the answer comes, as a sender cut off at 413
 * would; and a slow-loris, a socket that sends its headers and then a byte at a time.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

export interface StreamedAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** How many body bytes were written before the answer came. */
  readonly written: number;
}

/**
 * POSTs `chunks` one at a time, each once the last was taken, and stops writing when the
 * answer arrives: an ingress that answers early (413) then closes is seen answering, not as a
 * broken pipe. `contentLength`: announce the whole size; otherwise the body is chunked.
 */
export function streamPost(url: string, path: string, headers: Readonly<Record<string, string>>, chunks: readonly Buffer[], { contentLength }: { readonly contentLength: boolean }): Promise<StreamedAnswer> {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  return new Promise<StreamedAnswer>((resolve, reject) => {
    let answered = false;
    let written = 0;
    const request = httpRequest(`${url}${path}`, { method: 'POST', headers: { ...headers, ...(contentLength ? { 'content-length': String(total) } : {}) } }, (response) => {
      answered = true;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body, written }));
      response.on('error', reject);
    });
    // A write after the ingress closed its side fails; that is the test's point, once answered.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const writeNext = (index: number) => {
      if (answered || request.destroyed) return;
      if (index === chunks.length) {
        request.end();
        return;
      }
      request.write(chunks[index]!, (error) => {
        if (error) return;
        written += chunks[index]!.length;
        setImmediate(() => writeNext(index + 1));
      });
    };
    request.flushHeaders();
    writeNext(0);
  });
}

export interface SlowLorisResult {
  /** The status line's code if an answer came, undefined if the connection was closed without one. */
  readonly status?: number;
  /** Milliseconds from the headers sent to the answer or the close. */
  readonly afterMs: number;
  /** Body bytes trickled before that. */
  readonly trickled: number;
}

/**
 * Opens a raw socket to `port`, sends `head` (request line and headers, ending in a blank line)
 * and then one body byte every `everyMs`, until the server answers or closes (or `giveUpMs`).
 */
export function slowLoris(port: number, head: string, { everyMs, giveUpMs }: { readonly everyMs: number; readonly giveUpMs: number }): Promise<SlowLorisResult> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let started = 0;
    let trickled = 0;
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      resolve({ ...(match === null ? {} : { status: Number(match[1]) }), afterMs: Date.now() - started, trickled });
    };
    const giveUp = setTimeout(finish, giveUpMs);
    socket.on('connect', () => {
      started = Date.now();
      socket.write(head);
      timer = setInterval(() => {
        if (!socket.writable) return;
        socket.write('x');
        trickled += 1;
      }, everyMs);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (/^HTTP\/1\.1 \d{3}/.test(received)) finish();
    });
    socket.on('close', finish);
    socket.on('error', finish);
  });
}
