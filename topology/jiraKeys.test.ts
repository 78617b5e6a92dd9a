import { describe, expect, it } from 'vitest';
import { jiraKeys } from './jiraKeys.ts';

describe('jiraKeys', () => {
  it('finds a key', () => {
    expect(jiraKeys('PROJ-123 fixed login bug')).toEqual(['PROJ-123']);
  });

  it('finds several keys, in order of first mention, without repeats', () => {
    expect(jiraKeys('OPS-9: PROJ-123 and PROJ-7, again PROJ-123 and OPS-9')).toEqual(['OPS-9', 'PROJ-123', 'PROJ-7']);
  });

  it('keeps first-mention order across several texts', () => {
    expect(jiraKeys('Fix PROJ-2', 'feature/PROJ-1-login-PROJ-2')).toEqual(['PROJ-2', 'PROJ-1']);
  });

  it('takes digits and underscores after the first letter of the project key', () => {
    expect(jiraKeys('AB2-5 and MY_TEAM-40')).toEqual(['AB2-5', 'MY_TEAM-40']);
  });

  it('does not match lowercase or mixed-case keys', () => {
    expect(jiraKeys('proj-123, Proj-123, pROJ-123, utf-8, sha-256')).toEqual([]);
  });

  it('does not match a key inside a longer word', () => {
    expect(jiraKeys('XABC-1')).toEqual(['XABC-1']);
    expect(jiraKeys('XABC-1')).not.toContain('ABC-1');
    expect(jiraKeys('xABC-1 _ABC-2 9ABC-3 ABC-4x ABC-5_ ABC-6é')).toEqual([]);
  });

  it('needs a project key of two characters at least, starting with a letter, and a number', () => {
    expect(jiraKeys('A-1 1A-2 PROJ- PROJ-x -12')).toEqual([]);
  });

  it('accepts punctuation, brackets, slashes and hyphens around a key', () => {
    expect(jiraKeys('[PROJ-1] (PROJ-2), feature/PROJ-3-login, "PROJ-4". PROJ-5:done')).toEqual(['PROJ-1', 'PROJ-2', 'PROJ-3', 'PROJ-4', 'PROJ-5']);
  });

  it('finds nothing in a text without keys', () => {
    expect(jiraKeys('')).toEqual([]);
    expect(jiraKeys('Initial commit')).toEqual([]);
  });
});
