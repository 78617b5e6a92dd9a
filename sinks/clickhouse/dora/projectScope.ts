/**
 * "Project X" as the DORA figures read it: a project of the organization file (its key, or its
 * name, case-insensitive) → the repositories and Jira keys it spans, and its rules (its `dora`
 * settings over DevLake's defaults). A project without `jiraKeys` is tracked under its own key.
 */
import { ErrorCodes, SwitchyardError } from '../../../operators/errors.ts';
import { findProject, type OrganizationFile, type OrganizationProject } from '../../organization.ts';
import type { DoraScope } from './facts.ts';
import { doraRules, type DoraRules } from './rules.ts';

export interface ProjectScope {
  readonly project: OrganizationProject;
  readonly scope: DoraScope;
  readonly rules: DoraRules;
}

export class UnknownProjectError extends SwitchyardError {
  override readonly name: string = 'UnknownProjectError';

  constructor(message: string) {
    super(message, ErrorCodes.unknownProject);
  }
}

export function projectScope(organization: OrganizationFile, project: string): ProjectScope {
  const found = findProject(organization, project);
  if (found === undefined) {
    const known = organization.projects.map((p) => (p.name === undefined ? p.key : `${p.key} (${p.name})`));
    throw new UnknownProjectError(`no project "${project}" in SWITCHYARD_TEAMS_FILE; its projects: ${known.length === 0 ? '(none)' : known.join(', ')}`);
  }
  return {
    project: found,
    scope: { repositories: found.repositories, jiraKeys: found.jiraKeys ?? [found.key] },
    rules: doraRules(found.dora ?? {}, `SWITCHYARD_TEAMS_FILE projects[${found.key}].dora`),
  };
}
