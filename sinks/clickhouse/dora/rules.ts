/**
 * What counts as a deployment, production and an incident for one scope: DevLake's scope
 * configuration (its GitHub and Jira transformation rules).
 *
 * Patterns are written as DevLake users write them, Go regular expressions such as `(?i)deploy`;
 * a leading `(?i)` becomes JavaScript's `i` flag. Like Go's `MatchString`, a pattern matches
 * anywhere in the text unless it anchors itself, so DevLake's default production pattern
 * `(?i)prod(.*)` also matches `preprod`, as it does in DevLake.
 */
import { ErrorCodes, SwitchyardError } from '../../../operators/errors.ts';
import type { MedianRule } from './median.ts';

export interface DoraRules {
  /** A CI run or job whose name matches is a deployment (DevLake's deploymentPattern); null: none is. */
  readonly deploymentPattern: RegExp | null;
  /**
   * A CI deployment is to production when this matches the run's name or branch, or the name of one
   * of its jobs (DevLake's productionPattern); null: every CI deployment is.
   */
  readonly productionPattern: RegExp | null;
  /** A GitHub Deployment is to production when this matches its environment (DevLake's envNamePattern); null: every one is. */
  readonly environmentPattern: RegExp | null;
  /** A GitHub issue with a label that matches is an incident (DevLake's issueTypeIncident)… ; null: none is. */
  readonly incidentLabelPattern: RegExp | null;
  /** …unless a later label makes it a requirement or a bug (DevLake's issueTypeRequirement, issueTypeBug); null: off. */
  readonly requirementLabelPattern: RegExp | null;
  readonly bugLabelPattern: RegExp | null;
  /** Jira issue types that are incidents, case-insensitive (DevLake maps these to INCIDENT). */
  readonly jiraIncidentTypes: readonly string[];
  /** A Jira issue with a label that matches is an incident too; null for none. */
  readonly jiraIncidentLabelPattern: RegExp | null;
  readonly median: MedianRule;
  /**
   * How far before the range facts are read: the pushes that make up a deployment's change set
   * and a pull request's first commit. A chain of pushes that reaches further back makes that
   * change set unknown, which the figures count.
   */
  readonly historyDays: number;
}

/** The rules as written in the organization file or a request: patterns as strings. */
export interface DoraRuleSettings {
  /**
   * An empty pattern turns its rule off, as in DevLake: no CI deployments (deploymentPattern), every
   * CI deployment or GitHub Deployment in production (productionPattern, environmentPattern), no
   * issue a requirement, bug or incident (the label patterns).
   */
  readonly deploymentPattern?: string | undefined;
  readonly productionPattern?: string | undefined;
  readonly environmentPattern?: string | undefined;
  readonly incidentLabelPattern?: string | undefined;
  readonly requirementLabelPattern?: string | undefined;
  readonly bugLabelPattern?: string | undefined;
  readonly jiraIncidentTypes?: readonly string[] | undefined;
  /** null: no label makes a Jira issue an incident (DevLake has no such rule). */
  readonly jiraIncidentLabelPattern?: string | null | undefined;
  readonly median?: MedianRule | undefined;
  readonly historyDays?: number | undefined;
}

/**
 * The defaults. DevLake's configuration screen fills in `envNamePattern` `(?i)prod(.*)` and the
 * incident label `(incident|failure)`; it leaves the CI patterns empty (no CI deployments until
 * a user says which runs deploy). We default those to `(?i)deploy` and `(?i)prod(.*)` (an
 * earlier DevLake screen suggested `(?i)deploy`; the gh-devlake setup tool fills in both), so a
 * workflow named for deploying to production counts without configuration. A Jira issue type named Incident is an incident in DevLake with no mapping.
 */
export const DEVLAKE_DEFAULTS = {
  deploymentPattern: '(?i)deploy',
  productionPattern: '(?i)prod(.*)',
  environmentPattern: '(?i)prod(.*)',
  incidentLabelPattern: '(incident|failure)',
  requirementLabelPattern: '(feat|feature|proposal|requirement)',
  bugLabelPattern: '(bug|broken)',
  jiraIncidentTypes: ['Incident'],
  jiraIncidentLabelPattern: null,
  median: 'devlake',
  historyDays: 90,
} as const satisfies DoraRuleSettings;

export class DoraRuleError extends SwitchyardError {
  override readonly name: string = 'DoraRuleError';

  constructor(message: string) {
    super(message, ErrorCodes.doraRule);
  }
}

/** A Go-style pattern as a RegExp; the error names the setting and says what is wrong. */
export function goPattern(source: string, setting: string): RegExp {
  const caseless = source.startsWith('(?i)');
  const body = caseless ? source.slice(4) : source;
  try {
    return new RegExp(body, caseless ? 'iu' : 'u');
  } catch (error) {
    throw new DoraRuleError(`${setting}: ${JSON.stringify(source)} is not a regular expression: ${(error as Error).message}`);
  }
}

const optionalPattern = (source: string, setting: string): RegExp | null => (source === '' ? null : goPattern(source, setting));

/**
 * What DevLake makes of a GitHub issue's labels: each label, in order, is a requirement, else a
 * bug, else an incident if its pattern matches, and the last label that matched anything decides
 * (its GitHub plugin's issue extractor). An issue labelled `incident` and then `bug` is a bug.
 */
export function githubIssueIsIncident(labels: readonly string[], rules: DoraRules): boolean {
  let type: 'requirement' | 'bug' | 'incident' | null = null;
  for (const label of labels) {
    if (rules.requirementLabelPattern?.test(label) === true) type = 'requirement';
    else if (rules.bugLabelPattern?.test(label) === true) type = 'bug';
    else if (rules.incidentLabelPattern?.test(label) === true) type = 'incident';
  }
  return type === 'incident';
}

export function doraRules(settings: DoraRuleSettings = {}, where = 'DORA rules'): DoraRules {
  const d = DEVLAKE_DEFAULTS;
  const historyDays = settings.historyDays ?? d.historyDays;
  if (!Number.isInteger(historyDays) || historyDays < 1) throw new DoraRuleError(`${where}.historyDays: must be a whole number of days ≥ 1, got ${String(historyDays)}`);
  const deployment = settings.deploymentPattern ?? d.deploymentPattern;
  const production = settings.productionPattern ?? d.productionPattern;
  const jiraLabel = settings.jiraIncidentLabelPattern === undefined ? d.jiraIncidentLabelPattern : settings.jiraIncidentLabelPattern;
  return {
    deploymentPattern: optionalPattern(deployment, `${where}.deploymentPattern`),
    productionPattern: optionalPattern(production, `${where}.productionPattern`),
    environmentPattern: optionalPattern(settings.environmentPattern ?? d.environmentPattern, `${where}.environmentPattern`),
    incidentLabelPattern: optionalPattern(settings.incidentLabelPattern ?? d.incidentLabelPattern, `${where}.incidentLabelPattern`),
    requirementLabelPattern: optionalPattern(settings.requirementLabelPattern ?? d.requirementLabelPattern, `${where}.requirementLabelPattern`),
    bugLabelPattern: optionalPattern(settings.bugLabelPattern ?? d.bugLabelPattern, `${where}.bugLabelPattern`),
    jiraIncidentTypes: settings.jiraIncidentTypes ?? d.jiraIncidentTypes,
    jiraIncidentLabelPattern: jiraLabel === null ? null : goPattern(jiraLabel, `${where}.jiraIncidentLabelPattern`),
    median: settings.median ?? d.median,
    historyDays,
  };
}
