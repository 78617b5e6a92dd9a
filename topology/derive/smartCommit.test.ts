import { describe, expect, it } from 'vitest';
import { parseSmartCommands } from './smartCommit.ts';

describe('parseSmartCommands', () => {
  it('reads the issue example: a comment and a transition on one key', () => {
    expect(parseSmartCommands('PROJ-123 #comment fixed login bug #in-review')).toEqual([
      { kind: 'comment', issueKey: 'PROJ-123', text: 'fixed login bug' },
      { kind: 'transition', issueKey: 'PROJ-123', transition: 'in-review', comment: null },
    ]);
  });

  it('logs time in weeks, days, hours and minutes, with a comment', () => {
    expect(parseSmartCommands('JRA-34 #time 1w 2d 4h 30m Total work logged')).toEqual([
      { kind: 'time', issueKey: 'JRA-34', seconds: (5 * 8 + 2 * 8 + 4) * 3600 + 30 * 60, comment: 'Total work logged' },
    ]);
    expect(parseSmartCommands('JRA-1 #time 1d 2h')).toEqual([{ kind: 'time', issueKey: 'JRA-1', seconds: 10 * 3600, comment: null }]);
  });

  it('applies commands to every key before them on the line, and ignores text between', () => {
    expect(parseSmartCommands('Fix JRA-123 and JRA-234 in the parser #resolve done here')).toEqual([
      { kind: 'transition', issueKey: 'JRA-123', transition: 'resolve', comment: 'done here' },
      { kind: 'transition', issueKey: 'JRA-234', transition: 'resolve', comment: 'done here' },
    ]);
  });

  it('keeps lines apart: a command applies only to the keys of its own line', () => {
    expect(parseSmartCommands('PROJ-1 first change\n#close\nPROJ-2 #comment second')).toEqual([{ kind: 'comment', issueKey: 'PROJ-2', text: 'second' }]);
  });

  it('ignores hashtags without a key, keys without commands, an empty comment and a #time without a duration', () => {
    expect(parseSmartCommands('#comment nothing to attach to')).toEqual([]);
    expect(parseSmartCommands('PROJ-9 fixes the bug')).toEqual([]);
    expect(parseSmartCommands('PROJ-9 #comment')).toEqual([]);
    expect(parseSmartCommands('PROJ-9 #time soon')).toEqual([]);
  });

  it('does not take issue refs like #123 or url fragments for commands', () => {
    expect(parseSmartCommands('PROJ-9 see issue #123 and http://x/y#frag')).toEqual([]);
  });
});
