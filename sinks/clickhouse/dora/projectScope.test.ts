import { describe, expect, it } from 'vitest';
import { parseOrganizationFile } from '../../organization.ts';
import { projectScope } from './projectScope.ts';

const organization = parseOrganizationFile(
  JSON.stringify({
    projects: [
      { key: 'SHOP', name: 'Shop', repositories: ['acme/api', 'acme/web'], jiraKeys: ['SHOP', 'OPS'], dora: { deploymentPattern: '(?i)release', median: 'midpoint' } },
      { key: 'WEB', repositories: ['acme/site'] },
    ],
  }),
);

describe('projectScope', () => {
  it('finds a project by key or by name, case-insensitive, with its repositories, Jira keys and rules', () => {
    const shop = projectScope(organization, 'shop');
    expect(shop.scope).toEqual({ repositories: ['acme/api', 'acme/web'], jiraKeys: ['SHOP', 'OPS'] });
    expect(shop.rules.deploymentPattern?.test('Release 1.2')).toBe(true);
    expect(shop.rules.median).toBe('midpoint');
    expect(projectScope(organization, 'Shop').project.key).toBe('SHOP');
  });

  it("tracks a project without jiraKeys under its own key, with DevLake's default rules", () => {
    const web = projectScope(organization, 'WEB');
    expect(web.scope).toEqual({ repositories: ['acme/site'], jiraKeys: ['WEB'] });
    expect(web.rules.median).toBe('devlake');
  });

  it('names the known projects when it does not find one', () => {
    expect(() => projectScope(organization, 'Payments')).toThrow('no project "Payments" in SWITCHYARD_TEAMS_FILE; its projects: SHOP (Shop), WEB');
  });

});

describe('the organization file', () => {
  it("refuses a project's DORA pattern that does not compile when the file is read, naming its path", () => {
    expect(() => parseOrganizationFile(JSON.stringify({ projects: [{ key: 'X', dora: { productionPattern: '(?i)prod(' } }] }), 'org.json')).toThrow(
      /SWITCHYARD_TEAMS_FILE org\.json: projects\.0\.dora\.productionPattern: "\(\?i\)prod\(" is not a regular expression/,
    );
  });
});
