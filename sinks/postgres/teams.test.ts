import { describe, expect, it } from 'vitest';
import { memberKeys, parseTeamsFile, TeamsFileError } from './teams.ts';
import { TEAMS_FILE } from './testing/testEvents.ts';

describe('teams file', () => {
  it('parses teams, members and projects (a key alone or with a name)', () => {
    const file = parseTeamsFile(JSON.stringify(TEAMS_FILE));
    expect(file.teams.map((t) => t.name)).toEqual(['Team Alpha', 'Team Beta']);
    expect(file.teams[0]!.projects).toEqual([{ key: 'PROJ', name: 'Project Phoenix' }, { key: 'OPS', name: undefined }]);
    expect(memberKeys(file.teams[0]!.members[1]!)).toEqual([{ source: 'github', externalId: 'janesmith' }, { source: 'email', externalId: 'jane@acme.io' }]);
  });

  it('names the variable, the file and the path of each problem', () => {
    const bad = { teams: [{ name: 'A', members: [{ hourlyRate: -1 }] }, { name: 'A' }] };
    expect(() => parseTeamsFile(JSON.stringify(bad), '/etc/teams.json')).toThrow(TeamsFileError);
    expect(() => parseTeamsFile(JSON.stringify(bad), '/etc/teams.json')).toThrow(/^SWITCHYARD_TEAMS_FILE \/etc\/teams.json: .*teams\.0\.members\.0\.hourlyRate/);
    expect(() => parseTeamsFile('{ nope', 'x.json')).toThrow(/SWITCHYARD_TEAMS_FILE x.json: not JSON/);
    expect(() => parseTeamsFile(JSON.stringify({ teams: [{ name: 'A', members: [{ name: 'Nobody' }] }] }))).toThrow(/a member needs github, email, jira or slack/);
  });
});
