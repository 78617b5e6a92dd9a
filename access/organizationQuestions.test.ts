import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../operators/errors.ts';
import { parseOrganizationFile } from '../sinks/organization.ts';
import { openAccess } from './service.ts';

const FILE = parseOrganizationFile(
  JSON.stringify({
    teams: [
      { name: 'Shop Team', projects: ['SHOP'] },
      { name: 'Ops', projects: [{ key: 'OPS', name: 'Operations' }] },
      { name: 'Hello Team', projects: ['HELLO'] },
    ],
    projects: [
      { key: 'WEB', repositories: ['acme/web'] },
      { key: 'SHOP', name: 'Shop', repositories: ['acme/api'], jiraKeys: ['SHOP', 'OPS'] },
      // Tracked under another Jira key than its own: its team owns it by its own key.
      { key: 'HELLO', name: 'Hello World', repositories: ['Codertocat/Hello-World'], jiraKeys: ['PROJ'] },
      { key: 'AUTH' },
    ],
  }),
  'test',
);
const LIMITS = { rowCap: 3, maxTopK: 10, timeoutMs: 5_000 };

describe('projects', () => {
  it("lists the organization file's projects by key, with the teams owning the project or one of its Jira keys, with no store configured", async () => {
    // No store at all: the file alone answers, so no store being down can stop the dashboard's project picker.
    const access = openAccess({ stores: {}, limits: LIMITS, organization: FILE });
    try {
      expect(await access.ask('projects', {})).toEqual({
        rows: [
          { key: 'AUTH', name: null, repositories: [], jiraKeys: ['AUTH'], teams: [] },
          { key: 'HELLO', name: 'Hello World', repositories: ['Codertocat/Hello-World'], jiraKeys: ['PROJ'], teams: ['Hello Team'] },
          { key: 'SHOP', name: 'Shop', repositories: ['acme/api'], jiraKeys: ['SHOP', 'OPS'], teams: ['Ops', 'Shop Team'] },
        ],
        truncated: true,
        limit: 3,
      });
    } finally {
      await access.close();
    }
  });

  it('is refused without the organization file, naming the setting', async () => {
    const access = openAccess({ stores: {}, limits: LIMITS });
    try {
      const refused = await access.ask('projects', {}).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: ErrorCodes.accessRefused, status: 403, message: expect.stringContaining('SWITCHYARD_TEAMS_FILE') });
    } finally {
      await access.close();
    }
  });
});
