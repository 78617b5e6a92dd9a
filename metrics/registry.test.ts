import { describe, expect, it } from 'vitest';
import { countSkipped, eventsSkipped } from './registry.ts';

describe('countSkipped', () => {
  it('counts by source and event name, and folds names past the first 50 of a source into "other"', async () => {
    const source = `test-source-${Date.now()}`;
    countSkipped(source, 'ping');
    countSkipped(source, 'ping');
    for (let i = 0; i < 60; i++) countSkipped(source, `made-up-${i}`);
    countSkipped(source, 'ping');

    const series = (await eventsSkipped.get()).values.filter((v) => v.labels.source === source);
    const value = (event: string) => series.find((v) => v.labels.event === event)?.value;
    expect(value('ping')).toBe(3);
    expect(value('made-up-48')).toBe(1);
    expect(value('made-up-49')).toBeUndefined();
    expect(value('other')).toBe(11);
    expect(series).toHaveLength(51);
  });
});
