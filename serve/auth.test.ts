import { describe, expect, it } from 'vitest';
import { digestOf, newToken, tokenName } from './auth.ts';

describe('tokens', () => {
  it('makes syd_ tokens of 32 random bytes whose digest is what verification finds', () => {
    const { token, digest } = newToken();
    expect(token).toMatch(/^syd_[A-Za-z0-9_-]{43}$/);
    expect(digest).toBe(digestOf(token));
    expect(newToken().token).not.toBe(token);
    const tokens = [{ name: 'other', digest: Buffer.from(digestOf('syd_other'), 'hex') }, { name: 'dash', digest: Buffer.from(digest, 'hex') }];
    expect(tokenName(token, tokens)).toBe('dash');
    expect(tokenName(`${token}x`, tokens)).toBeUndefined();
    expect(tokenName('', tokens)).toBeUndefined();
  });
});
