import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrganizationFile } from './neo4j/organization.ts';
import { parseOrganizationFile } from './organization.ts';
import { loadTeamsFile } from './postgres/teams.ts';

const FILE = {
  teams: [
    { name: 'Platform', members: [{ github: 'johndoe', email: 'john@acme.io', slack: 'U024BE7LH', hourlyRate: 95 }, { email: 'ada@acme.io' }], projects: ['PLAT', { key: 'AUTH', name: 'Auth' }] },
  ],
  projects: [
    { key: 'WEB', repositories: ['acme/web'], dependsOn: ['PLAT'] },
    { key: 'PLAT', repositories: ['acme/platform'] },
  ],
};

describe('the organization file', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'switchyard-org-')), 'teams.json');
  writeFileSync(file, JSON.stringify(FILE));

  it('is one file both the PostgreSQL and the Neo4j sinks read', async () => {
    const teams = await loadTeamsFile(file);
    expect(teams.teams[0]!.members.map((m) => m.email)).toEqual(['john@acme.io', 'ada@acme.io']);
    expect(teams.teams[0]!.projects).toEqual([{ key: 'PLAT', name: undefined }, { key: 'AUTH', name: 'Auth' }]);

    expect(await loadOrganizationFile(file)).toEqual({
      teams: [{ name: 'Platform', members: ['johndoe'], owns: ['PLAT', 'AUTH'] }],
      dependencies: [{ project: 'WEB', dependsOn: ['PLAT'] }],
      projects: [
        { key: 'WEB', repositories: ['acme/web'] },
        { key: 'PLAT', repositories: ['acme/platform'] },
      ],
    });
  });

  it('reports a misspelt field and a member nobody can be found by, with their paths', () => {
    expect(() => parseOrganizationFile(JSON.stringify({ teams: [{ name: 'A', memebrs: [] }] }), 'teams.json')).toThrow(/SWITCHYARD_TEAMS_FILE teams\.json: teams\.0: .*memebrs/);
    expect(() => parseOrganizationFile(JSON.stringify({ teams: [{ name: 'A', members: [{ name: 'Nobody' }] }] }))).toThrow(/teams\.0\.members\.0: a member needs github, email, jira or slack/);
  });
});
