import { describe, expect, it } from 'vitest';
import { doraRules, githubIssueIsIncident, goPattern } from './rules.ts';

describe('DORA rules', () => {
  it("reads Go's leading (?i) as case-insensitive and matches anywhere, as Go's MatchString does", () => {
    expect(goPattern('(?i)deploy', 'x').test('Deploy to production')).toBe(true);
    expect(goPattern('deploy', 'x').test('Deploy')).toBe(false);
    // DevLake's default production pattern matches "preprod" too: unanchored.
    expect(goPattern('(?i)prod(.*)', 'x').test('preprod')).toBe(true);
  });

  it("defaults to DevLake's: GitHub issue labels (incident|failure), case-sensitive; Jira type Incident; its median", () => {
    const rules = doraRules();
    expect(rules.incidentLabelPattern?.test('incident')).toBe(true);
    expect(rules.incidentLabelPattern?.test('deploy-failure')).toBe(true);
    expect(rules.incidentLabelPattern?.test('Incident')).toBe(false);
    expect(rules).toMatchObject({ jiraIncidentTypes: ['Incident'], jiraIncidentLabelPattern: null, median: 'devlake', historyDays: 90 });
  });

  it('an empty pattern turns its rule off, as in DevLake: no CI deployments, all in production, no incident label', () => {
    const off = doraRules({ deploymentPattern: '', productionPattern: '', environmentPattern: '', incidentLabelPattern: '' });
    expect(off).toMatchObject({ deploymentPattern: null, productionPattern: null, environmentPattern: null, incidentLabelPattern: null });
    expect(githubIssueIsIncident(['incident'], off)).toBe(false);
  });

  it('names the setting of a pattern that does not compile, and of a bad history length', () => {
    expect(() => doraRules({ deploymentPattern: '(?i)deploy(' }, 'SWITCHYARD_TEAMS_FILE projects[SHOP].dora')).toThrow(/SWITCHYARD_TEAMS_FILE projects\[SHOP\]\.dora\.deploymentPattern: "\(\?i\)deploy\(" is not a regular expression/);
    expect(() => doraRules({ historyDays: 0 })).toThrow(/historyDays: must be a whole number of days ≥ 1, got 0/);
  });
});

describe('githubIssueIsIncident', () => {
  const rules = doraRules();
  it("follows DevLake's precedence: per label requirement, else bug, else incident; the last label that matched decides", () => {
    expect(githubIssueIsIncident(['incident'], rules)).toBe(true);
    expect(githubIssueIsIncident(['incident', 'bug'], rules)).toBe(false);
    expect(githubIssueIsIncident(['bug', 'incident', 'p1'], rules)).toBe(true);
    expect(githubIssueIsIncident(['failure', 'feature'], rules)).toBe(false);
    expect(githubIssueIsIncident([], rules)).toBe(false);
  });

  it('an empty bug pattern leaves the incident label alone', () => {
    expect(githubIssueIsIncident(['incident', 'bug'], doraRules({ bugLabelPattern: '' }))).toBe(true);
  });
});
