/**
 * Lets several wire-protocol clients share PGlite's one backend session without mixing their
 * messages: one client at a time owns the session for a whole exchange, and the others wait.
 *
 * PGlite is a single PostgreSQL backend. pglite-socket's own queue (0.2.17) interleaves clients
 * message by message, which is safe only while each client's Parse/Bind/Execute/Sync arrives in
 * one TCP read: a large parameter (a batch of embeddings as JSON) spans reads, another client's
 * Parse replaces the unnamed statement in between, and the first client's Bind then runs the
 * wrong statement ("invalid input syntax for type integer: …", measured with 3 clients and a
 * 3 MB parameter: 14 of 15 large queries failed). Here an exchange ends only at a Sync or a
 * simple Query (or the startup message) outside a transaction; inside a transaction the owner
 * keeps the session until it commits or rolls back, as a lock would hold other sessions back on
 * a real server.
 *
 * What clients still share, unlike on a real server: session state (SET, temporary tables,
 * named prepared statements). Our clients use none of it.
 *
 * It has the shape pglite-socket's `PGLiteSocketHandler` expects of its `queryQueue`, so the
 * handler (framing, SSL refusal, cancel requests) is reused as is.
 */
import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  readonly handlerId: number;
  readonly message: Uint8Array;
  readonly onData: (data: Uint8Array) => void;
  readonly resolve: (bytes: number) => void;
  readonly reject: (error: Error) => void;
}

export interface ExchangeQueue {
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number>;
  /** The client went away: drop what it still had queued. */
  clearQueueForHandler(handlerId: number): void;
  /** The client went away: if it owned the session, leave the session clean for the next one. */
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
  getQueueLength(): number;
}

/** The protocol version in a StartupMessage (3.0), which has no type byte. */
const PROTOCOL_3 = 196_608;
/** A Sync message: ends an extended-protocol exchange, and clears an error state the owner left. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

function isStartup(message: Uint8Array): boolean {
  return message.length >= 8 && new DataView(message.buffer, message.byteOffset, message.byteLength).getInt32(4) === PROTOCOL_3;
}

/** Messages after which the client waits for ReadyForQuery: the end of an exchange. */
function endsExchange(message: Uint8Array): boolean {
  if (isStartup(message)) return true;
  const type = String.fromCharCode(message[0] ?? 0);
  // Q: simple query; S: Sync; X: Terminate; p: a password (we ask for none, but never hang on one).
  return type === 'Q' || type === 'S' || type === 'X' || type === 'p';
}

export function exchangeQueue(db: PGlite): ExchangeQueue {
  let queue: Pending[] = [];
  let owner: number | undefined;
  let running = false;

  const next = (): Pending | undefined => {
    const index = owner === undefined ? 0 : queue.findIndex((p) => p.handlerId === owner);
    if (index < 0 || index >= queue.length) return undefined;
    return queue.splice(index, 1)[0];
  };

  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      for (let item = next(); item; item = next()) {
        owner = item.handlerId;
        let bytes = 0;
        try {
          const onRawData = (data: Uint8Array): void => {
            bytes += data.length;
            item.onData(data);
          };
          await db.runExclusive(() => db.execProtocolRawStream(item.message, { onRawData }));
          item.resolve(bytes);
        } catch (error) {
          item.reject(error instanceof Error ? error : new Error(String(error)));
        }
        if (endsExchange(item.message) && !db.isInTransaction()) owner = undefined;
      }
    } finally {
      running = false;
    }
  };

  return {
    enqueue(handlerId, message, onData) {
      return new Promise<number>((resolve, reject) => {
        queue.push({ handlerId, message, onData, resolve, reject });
        void pump();
      });
    },

    clearQueueForHandler(handlerId) {
      const gone = queue.filter((p) => p.handlerId === handlerId);
      queue = queue.filter((p) => p.handlerId !== handlerId);
      for (const p of gone) p.reject(new Error('client disconnected'));
    },

    async clearTransactionIfNeeded(handlerId) {
      if (owner !== handlerId) return;
      // Wait for the message it may still be running, then reset what it left behind.
      await db.runExclusive(async () => {
        await db.execProtocolRaw(SYNC);
        if (db.isInTransaction()) await db.execProtocolRaw(simpleQuery('ROLLBACK'));
      });
      owner = undefined;
      void pump();
    },

    getQueueLength: () => queue.length,
  };
}

function simpleQuery(sql: string): Uint8Array {
  const text = new TextEncoder().encode(`${sql}\0`);
  const message = new Uint8Array(5 + text.length);
  const view = new DataView(message.buffer);
  message[0] = 0x51; // Q
  view.setInt32(1, 4 + text.length);
  message.set(text, 5);
  return message;
}
