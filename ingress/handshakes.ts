/**
 * Notion's one-time verification request, handed to the operator: the token goes to the log so it
 * can be pasted back into Notion and configured as the secret. The request is unsigned, so anyone
 * can send one: a token must look like one (short, plain characters, nothing a log line could
 * be forged with); each distinct token is logged once, always, so no flood of made-up ones can
 * keep the real one out of the log; only the console's copy (`show`, the CLI's and npm start's)
 * is held to `perMinute`, so a flood cannot bury a terminal. Only digests are remembered.
 */
import { createHash } from 'node:crypto';
import type { Receiver } from '../topology/receiver.ts';
import { secretsVariable } from './config.ts';

/** What a verification token may be: Notion's are `secret_` and some 40 letters and digits. */
export const TOKEN = /^[A-Za-z0-9_-]{8,256}$/;

export type Told = 'told' | 'already told' | 'not a token';

/** What the operator is told of a token: what to do with it, then the token. */
export const handshakeText = (receiver: Pick<Receiver, 'label' | 'route'>, token: string): string =>
  `${receiver.label} sent its verification token: paste it into ${receiver.label} to verify the subscription, and add it to ${secretsVariable(receiver)}: ${token}`;

export interface Handshakes {
  /** Logs `token` (and shows it, within the minute's allowance) unless it is not one or was told already. */
  receive(token: string, log: (token: string) => void, show: (token: string) => void): Told;
}

export function handshakes(options: { readonly perMinute?: number; readonly now?: () => number } = {}): Handshakes {
  const perMinute = options.perMinute ?? 10;
  const now = options.now ?? Date.now;
  const told = new Set<string>();
  let minute = -1;
  let shownThisMinute = 0;
  return {
    receive(token, log, show) {
      if (!TOKEN.test(token)) return 'not a token';
      const digest = createHash('sha256').update(token).digest('base64');
      if (told.has(digest)) return 'already told';
      // Bounded memory: forgotten wholesale past ten thousand (a forgotten one is logged again).
      if (told.size >= 10_000) told.clear();
      told.add(digest);
      log(token);
      const current = Math.floor(now() / 60_000);
      if (current !== minute) [minute, shownThisMinute] = [current, 0];
      if (shownThisMinute < perMinute) {
        shownThisMinute += 1;
        show(token);
      }
      return 'told';
    },
  };
}
