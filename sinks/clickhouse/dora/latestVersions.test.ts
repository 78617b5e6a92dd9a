import { describe, expect, it } from 'vitest';
import { latestVersions } from './readFacts.ts';

describe('latestVersions', () => {
  it("keeps each event's row of its highest version, as FINAL would, and drops the id and version columns", () => {
    const rows = [
      { _event_id: 'e1', _version: '1733400000000', payload: 'old' },
      { _event_id: 'e2', _version: '1733400000001', payload: 'only' },
      { _event_id: 'e1', _version: '1733400000005', payload: 'replayed through a fixed normalizer' },
      { _event_id: 'e1', _version: '1733400000003', payload: 'in between' },
    ];
    expect(latestVersions(rows)).toEqual([{ payload: 'replayed through a fixed normalizer' }, { payload: 'only' }]);
  });

  it('keeps one row of two writes of the same version (a retried insert)', () => {
    expect(latestVersions([{ _event_id: 'e1', _version: 7, payload: 'x' }, { _event_id: 'e1', _version: 7, payload: 'x' }])).toEqual([{ payload: 'x' }]);
  });
});
