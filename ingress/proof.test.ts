import { createHmac, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Proof } from '../topology/receiver.ts';
import type { Credential } from './config.ts';
import { checkBody, checkHeaders } from './proof.ts';

const HMAC: Proof = { kind: 'hmac-sha256', header: 'x-hub-signature-256' };
const AUTH: Proof = { kind: 'authorization' };
const secret = (s: string): Credential => ({ kind: 'secret', secret: createSecretKey(Buffer.from(s)) });
const sign = (key: string, body: Uint8Array | string) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
const BODY = Buffer.from('{"zen":"Design for failure.","hook_id":1}');

describe('an HMAC-SHA256 signature over the raw bytes', () => {
  it('matches under any configured secret (rotation), in upper or lower case hex', () => {
    const credentials = [secret('old'), secret('new')];
    for (const key of ['old', 'new']) {
      const headers = { 'x-hub-signature-256': sign(key, BODY) };
      expect(checkHeaders(HMAC, credentials, headers)).toBeUndefined();
      expect(checkBody(HMAC, credentials, headers, BODY)).toBeUndefined();
    }
    expect(checkBody(HMAC, credentials, { 'x-hub-signature-256': sign('new', BODY).toUpperCase().replace('SHA256=', 'sha256=') }, BODY)).toBeUndefined();
  });

  it('refuses a wrong secret, a tampered byte, and a body re-serialized with other white space', () => {
    const credentials = [secret('s3cret')];
    expect(checkBody(HMAC, credentials, { 'x-hub-signature-256': sign('other', BODY) }, BODY)).toMatchObject({ reason: 'mismatch' });
    const tampered = Buffer.from(BODY);
    tampered[8] = tampered[8]! ^ 1;
    expect(checkBody(HMAC, credentials, { 'x-hub-signature-256': sign('s3cret', BODY) }, tampered)).toMatchObject({ reason: 'mismatch' });
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 1));
    expect(checkBody(HMAC, credentials, { 'x-hub-signature-256': sign('s3cret', BODY) }, reserialized)).toMatchObject({ reason: 'mismatch' });
  });

  it('says a missing header is missing and a malformed one malformed, before the body is read', () => {
    expect(checkHeaders(HMAC, [secret('s')], {})).toMatchObject({ reason: 'missing', detail: expect.stringContaining('x-hub-signature-256 is missing') });
    for (const header of ['sha1=abc', 'sha256=xyz', `sha256=${'a'.repeat(63)}`, 'abc']) {
      expect(checkHeaders(HMAC, [secret('s')], { 'x-hub-signature-256': header })).toMatchObject({ reason: 'malformed' });
    }
  });

  it('checks the bytes exactly as they arrived, non-ASCII included', () => {
    const body = Buffer.from('{"title":"Größe 🚀 \\u00e9"}');
    expect(checkBody(HMAC, [secret('k')], { 'x-hub-signature-256': sign('k', body) }, body)).toBeUndefined();
  });
});

describe('Authorization (Alertmanager)', () => {
  const credentials: Credential[] = [
    { kind: 'bearer', token: Buffer.from('t0ken') },
    { kind: 'basic', user: 'am', password: Buffer.from('pa:ss') },
  ];
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('takes a configured bearer token or basic credentials, the scheme in any case', () => {
    expect(checkHeaders(AUTH, credentials, { authorization: 'Bearer t0ken' })).toBeUndefined();
    expect(checkHeaders(AUTH, credentials, { authorization: 'bearer t0ken' })).toBeUndefined();
    expect(checkHeaders(AUTH, credentials, { authorization: basic('am', 'pa:ss') })).toBeUndefined();
    expect(checkBody(AUTH, credentials, { authorization: 'Bearer t0ken' }, BODY)).toBeUndefined();
  });

  it('refuses other tokens, other passwords, a token sent as basic, and no header', () => {
    expect(checkHeaders(AUTH, credentials, { authorization: 'Bearer t0ken2' })).toMatchObject({ reason: 'mismatch' });
    expect(checkHeaders(AUTH, credentials, { authorization: basic('am', 'wrong') })).toMatchObject({ reason: 'mismatch' });
    expect(checkHeaders(AUTH, credentials, { authorization: basic('t0ken', '') })).toMatchObject({ reason: 'mismatch' });
    expect(checkHeaders(AUTH, credentials, { authorization: 'Token t0ken' })).toMatchObject({ reason: 'malformed' });
    expect(checkHeaders(AUTH, credentials, {})).toMatchObject({ reason: 'missing' });
  });
});
