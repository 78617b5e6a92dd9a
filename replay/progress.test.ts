import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatSummary, progressLine, progressReporter } from './progress.ts';

/** A stream that keeps what is written; a TTY of 100 columns when asked. */
function capture(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: tty, columns: 100 });
  return { stream, text: () => chunks.join('') };
}

const progress = (sent: number, elapsedMs: number) => ({ sent, skipped: 1, elapsedMs, byTopic: { 'jira-events': sent - 10, 'github-events': 10 } });

describe('replay progress', () => {
  it('prints plain lines when not on a TTY: the first at once, then at most one per interval, then the summary', () => {
    const { stream, text } = capture(false);
    const reporter = progressReporter({ stream, total: 5000, intervalMs: 1000 });
    reporter.update(progress(500, 100));
    reporter.update(progress(1000, 600));
    reporter.update(progress(2000, 1200));
    reporter.done({ ...progress(5000, 2500), unreadable: [{ origin: 'a/b.json', reason: 'not JSON: Unexpected token' }] });
    expect(text().split('\n')).toEqual([
      'replay: 500/5,000 sent, 1 skipped, 5,000/s (github-events 10, jira-events 490)',
      'replay: 2,000/5,000 sent, 1 skipped, 1,667/s (github-events 10, jira-events 1,990)',
      'replay: done in 2.5 s: 5,000 sent (2,000/s), 1 skipped',
      '  sent github-events: 10',
      '  sent jira-events: 4,990',
      '  skipped a/b.json: not JSON: Unexpected token',
      '',
    ]);
  });

  it('draws a bar on a TTY, with the count, and still ends with the summary', () => {
    const { stream, text } = capture(true);
    const reporter = progressReporter({ stream, total: 4000 });
    reporter.update(progress(1000, 500));
    reporter.done({ ...progress(4000, 1000), unreadable: [] });
    expect(text()).toMatch(/replay \[[█░]+\] 100% \| 4000\/4000 \| 1 skipped \| 4,000\/s/);
    expect(text()).toContain('replay: done in 1.0 s: 4,000 sent (4,000/s), 1 skipped\n');
  });

  it('says how many skips it did not list', () => {
    const summary = formatSummary({ sent: 0, skipped: 1500, elapsedMs: 10, byTopic: {}, unreadable: [{ origin: 'x', reason: 'y' }] });
    expect(summary.split('\n').slice(1)).toEqual(['  skipped x: y', '  … and 1,499 more skipped']);
    expect(progressLine({ sent: 0, skipped: 0, elapsedMs: 0, byTopic: {} })).toBe('replay: 0 sent, 0 skipped, 0/s');
  });
});
