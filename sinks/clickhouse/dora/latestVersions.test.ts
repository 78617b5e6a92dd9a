import { describe, expect, it } from 'vitest';
import { latestVersions } from './readFacts.ts';

describe('latestVersions', () => {
  it("keeps each event's row of its highest version, as FINAL would, and drops the id, version and match columns", () => {
    const rows = [
      { _event_id: 'e1', _version: '1733400000000', _match: 1, payload: 'old' },
      { _event_id: 'e2', _version: '1733400000001', _match: 1, payload: 'only' },
      { _event_id: 'e1', _version: '1733400000005', _match: 1, payload: 'replayed through a fixed normalizer' },
      { _event_id: 'e1', _version: '1733400000003', _match: 1, payload: 'in between' },
    ];
    expect(latestVersions(rows)).toEqual([{ payload: 'replayed through a fixed normalizer' }, { payload: 'only' }]);
  });

  it('drops an event whose latest version no longer matches, though an older one did (FINAL filters after it merges)', () => {
    const rows = [
      { _event_id: 'moved', _version: 1, _match: 1, environment: 'production' },
      { _event_id: 'moved', _version: 2, _match: 0, environment: 'staging' },
      { _event_id: 'came-in', _version: 1, _match: 0, environment: 'staging' },
      { _event_id: 'came-in', _version: 2, _match: 1, environment: 'production' },
    ];
    expect(latestVersions(rows)).toEqual([{ environment: 'production' }]);
  });

  it('keeps the later row of two writes of the same version (one batch), as the later insert wins', () => {
    expect(latestVersions([{ _event_id: 'e1', _version: 7, _match: 1, payload: 'first' }, { _event_id: 'e1', _version: 7, _match: 1, payload: 'second' }])).toEqual([{ payload: 'second' }]);
  });
});
