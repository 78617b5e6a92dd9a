import { describe, expect, it } from 'vitest';
import { handshakes } from './handshakes.ts';

describe("Notion's handshake tokens told to the operator", () => {
  it('tells each token once', () => {
    const told: string[] = [];
    const h = handshakes();
    expect(h.receive('secret_tWu1txAbCdEf', (t) => told.push(t))).toBe('told');
    expect(h.receive('secret_tWu1txAbCdEf', (t) => told.push(t))).toBe('already told');
    expect(told).toEqual(['secret_tWu1txAbCdEf']);
  });

  it('refuses what is not a token: too short, too long, or characters a log could choke on', () => {
    const h = handshakes();
    for (const bad of ['short', 'x'.repeat(257), 'secret_\nINFO forged line', 'secret_ünïcode']) expect(h.receive(bad, () => expect.fail('told'))).toBe('not a token');
  });

  it('tells at most so many a minute, so a flood neither fills the log nor shuts out the real token for good', () => {
    let clock = 0;
    const told: string[] = [];
    const h = handshakes({ perMinute: 2, now: () => clock });
    expect(['secret_aaaaaaaa', 'secret_bbbbbbbb', 'secret_cccccccc'].map((t) => h.receive(t, (x) => told.push(x)))).toEqual(['told', 'told', 'too many']);
    clock = 60_000;
    expect(h.receive('secret_cccccccc', (x) => told.push(x))).toBe('told');
    expect(told).toEqual(['secret_aaaaaaaa', 'secret_bbbbbbbb', 'secret_cccccccc']);
  });
});
