/**
 * Notion's one-time verification request, handed to the operator: the token goes to the log (and
 * to `onHandshake`, which the CLI prints) so it can be pasted back into Notion and configured as
 * the secret. The request is unsigned, so anyone can send one: a token must look like one (short,
 * plain characters: nothing a log could choke on), each is told once, and at most
 * `perMinute` a minute are told, so a flood neither fills the log nor crowds out the real one for
 * good. Only digests are remembered.
 */
import { createHash } from 'node:crypto';

/** What a verification token may be: Notion's are `secret_` and some 40 letters and digits. */
export const TOKEN = /^[A-Za-z0-9_-]{8,256}$/;

export type Told = 'told' | 'already told' | 'not a token' | 'too many';

export interface Handshakes {
  /** Tells `token` (through `tell`) unless it is not one, was told already, or too many were told this minute. */
  receive(token: string, tell: (token: string) => void): Told;
}

export function handshakes(options: { readonly perMinute?: number; readonly now?: () => number } = {}): Handshakes {
  const perMinute = options.perMinute ?? 10;
  const now = options.now ?? Date.now;
  const told = new Set<string>();
  let minute = -1;
  let thisMinute = 0;
  return {
    receive(token, tell) {
      if (!TOKEN.test(token)) return 'not a token';
      const digest = createHash('sha256').update(token).digest('base64');
      if (told.has(digest)) return 'already told';
      const current = Math.floor(now() / 60_000);
      if (current !== minute) [minute, thisMinute] = [current, 0];
      if (thisMinute >= perMinute) return 'too many';
      thisMinute += 1;
      // Bounded: a few a minute at most, forgotten wholesale past a thousand.
      if (told.size >= 1_000) told.clear();
      told.add(digest);
      tell(token);
      return 'told';
    },
  };
}
