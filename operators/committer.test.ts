import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Committer } from './committer.ts';
import { OffsetTracker } from './offsetTracker.ts';
import type { TopicPartitionOffset } from './record.ts';

const tp = { topic: 't', partition: 0 };

describe('Committer', () => {
  it('commits on its interval only the watermarks that moved', async () => {
    const scheduler = new VirtualTimeScheduler();
    const tracker = new OffsetTracker();
    const commits: (readonly TopicPartitionOffset[])[] = [];
    const committer = new Committer({ tracker, scheduler, intervalMs: 100, commit: async (o) => void commits.push(o) });
    committer.start();
    tracker.track(tp, '0').done();
    scheduler.maxFrames = 100;
    scheduler.flush();
    await committer.flush();
    expect(commits).toEqual([[{ ...tp, offset: '1' }]]);
    scheduler.maxFrames = 300;
    scheduler.flush();
    await committer.flush();
    expect(commits).toHaveLength(1);
    committer.stop();
  });

  it('keeps a failed commit pending and retries it', async () => {
    const tracker = new OffsetTracker();
    const errors: unknown[] = [];
    let fail = true;
    const commits: string[] = [];
    const committer = new Committer({
      tracker,
      onError: (e) => errors.push(e),
      commit: async (o) => {
        if (fail) throw new Error('coordinator moved');
        commits.push(...o.map((x) => x.offset));
      },
    });
    tracker.track(tp, '0').done();
    await committer.flush();
    expect(errors).toHaveLength(1);
    fail = false;
    await committer.flush();
    expect(commits).toEqual(['1']);
  });

  it('runs one commit at a time, in order', async () => {
    const tracker = new OffsetTracker();
    const log: string[] = [];
    const committer = new Committer({
      tracker,
      commit: async (o) => {
        log.push(`start ${o[0]?.offset}`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`end ${o[0]?.offset}`);
      },
    });
    tracker.track(tp, '0').done();
    const first = committer.flush();
    while (log.length === 0) await new Promise((r) => setImmediate(r));
    // While offset 1 is being committed, offset 2 becomes committable and a flush is asked for.
    tracker.track(tp, '1').done();
    await Promise.all([first, committer.flush()]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });
});
