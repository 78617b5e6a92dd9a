import { describe, expect, it } from 'vitest';
import { organizationParams, parseOrganization } from './organization.ts';

describe('parseOrganization', () => {
  it('reads the shared format, with defaults, ignoring keys other readers add', () => {
    const org = parseOrganization({ teams: [{ name: 'Platform', members: ['johndoe'], owns: ['PLAT'], slack: '#plat' }], dependencies: [{ project: 'WEB', dependsOn: ['PLAT'] }] });
    expect(org).toEqual({ teams: [{ name: 'Platform', members: ['johndoe'], owns: ['PLAT'] }], dependencies: [{ project: 'WEB', dependsOn: ['PLAT'] }], projects: [] });
    expect(parseOrganization({})).toEqual({ teams: [], dependencies: [], projects: [] });
  });

  it('names the bad paths', () => {
    expect(() => parseOrganization({ teams: [{ name: '' }], dependencies: [{ project: 'WEB' }] })).toThrow(/teams\.0\.name must not be empty.*dependencies\.0\.dependsOn/);
    expect(() => parseOrganization({ teams: [{ name: 'A' }, { name: 'A' }] })).toThrow(/team names must be unique/);
  });
});

describe('organizationParams', () => {
  it('keys members like GitHub developers and merges repeated entries', () => {
    const params = organizationParams(parseOrganization({
      teams: [{ name: 'Platform', members: ['JohnDoe', 'JohnDoe'], owns: ['PLAT', 'PLAT'] }],
      dependencies: [{ project: 'WEB', dependsOn: ['PLAT'] }, { project: 'WEB', dependsOn: ['AUTH', 'PLAT'] }],
    }));
    expect(params).toEqual({
      teams: [{ name: 'Platform', members: [{ key: 'github:johndoe', login: 'JohnDoe' }], owns: ['PLAT'] }],
      dependencies: [{ project: 'WEB', dependsOn: ['PLAT', 'AUTH'] }],
      projects: [],
    });
  });
});
