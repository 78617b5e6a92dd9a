import { describe, expect, it } from 'vitest';
import { addressOf } from './sink.ts';

describe('addressOf', () => {
  it('keeps scheme, host, port and path; drops user, password and query string', () => {
    expect(addressOf('postgres://switchyard:s3cret@db.internal:5432/switchyard?sslmode=require&password=x')).toBe('postgres://db.internal:5432/switchyard');
    expect(addressOf('http://default:s3cret@127.0.0.1:8123')).toBe('http://127.0.0.1:8123');
    expect(addressOf('bolt://127.0.0.1:7687')).toBe('bolt://127.0.0.1:7687');
  });

  it('says so rather than echoing something that is not a URL (it may be a secret pasted by mistake)', () => {
    expect(addressOf('s3cret')).toBe('(an address that is not a URL)');
  });
});
