import { describe, expect, it } from 'vitest';
import { readerRefusal } from './reader.ts';

describe('readerRefusal: which roles may serve as the PostgreSQL reader', () => {
  const reader = { role: 'switchyard_reader', superuser: false, readsPasswords: false, writableTables: [], canCreateInSchema: false };

  it('accepts a role that can only read', () => {
    expect(readerRefusal(reader, 'public')).toBeUndefined();
  });

  it('refuses a superuser, naming the variable (READ ONLY does not stop COPY … TO PROGRAM)', () => {
    expect(readerRefusal({ ...reader, role: 'switchyard', superuser: true }, 'public')).toMatch(/^POSTGRES_READER_URL's role switchyard is a superuser/);
  });

  it('refuses a role that may read pg_authid (pg_read_all_data does), naming the variable', () => {
    expect(readerRefusal({ ...reader, role: 'analyst', readsPasswords: true }, 'public')).toMatch(/^POSTGRES_READER_URL's role analyst may read pg_catalog\.pg_authid, every role's password hash/);
  });

  it('refuses a role that may write a table of the schema, naming the tables', () => {
    expect(readerRefusal({ ...reader, role: 'app', writableTables: ['identities', 'users'] }, 'eng')).toMatch(/POSTGRES_READER_URL's role app may write tables of schema eng \(identities, users\)/);
  });

  it('refuses a role that may create in the schema', () => {
    expect(readerRefusal({ ...reader, canCreateInSchema: true }, 'eng')).toMatch(/may CREATE in schema eng/);
  });
});
