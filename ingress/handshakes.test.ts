import { describe, expect, it } from 'vitest';
import { handshakes } from './handshakes.ts';

describe("Notion's handshake tokens told to the operator", () => {
  it('logs and shows each token once', () => {
    const logged: string[] = [];
    const shown: string[] = [];
    const h = handshakes();
    expect(h.receive('secret_tWu1txAbCdEf', (t) => logged.push(t), (t) => shown.push(t))).toBe('told');
    expect(h.receive('secret_tWu1txAbCdEf', (t) => logged.push(t), (t) => shown.push(t))).toBe('already told');
    expect(logged).toEqual(['secret_tWu1txAbCdEf']);
    expect(shown).toEqual(['secret_tWu1txAbCdEf']);
  });

  it('refuses what is not a token: too short, too long, or characters a log line could be forged with', () => {
    const h = handshakes();
    for (const bad of ['short', 'x'.repeat(257), 'secret_\nINFO forged line', 'secret_ünïcode']) expect(h.receive(bad, () => expect.fail('logged'), () => expect.fail('shown'))).toBe('not a token');
  });

  it('logs every token of a flood, so none keeps the real one out, and shows only so many a minute', () => {
    let clock = 0;
    const logged: string[] = [];
    const shown: string[] = [];
    const h = handshakes({ perMinute: 2, now: () => clock });
    for (const t of ['secret_aaaaaaaa', 'secret_bbbbbbbb', 'secret_realreal']) expect(h.receive(t, (x) => logged.push(x), (x) => shown.push(x))).toBe('told');
    expect(logged).toEqual(['secret_aaaaaaaa', 'secret_bbbbbbbb', 'secret_realreal']);
    expect(shown).toEqual(['secret_aaaaaaaa', 'secret_bbbbbbbb']);
    clock = 60_000;
    h.receive('secret_cccccccc', (x) => logged.push(x), (x) => shown.push(x));
    expect(shown).toEqual(['secret_aaaaaaaa', 'secret_bbbbbbbb', 'secret_cccccccc']);
  });
});
