/**
 * What the dashboard bench opens, and what the delivery page asks for each view: the list below is
 * dashboard/delivery.ts's, in the order it asks (`start` → `choose` → `show`), with the same
 * inputs built by the page's own period functions (dashboard/period.ts), so the data-only
 * baseline fetches exactly the answers the page waits for. When delivery.ts asks something new,
 * this list must follow, or the baseline would be cheaper than the page's real data.
 */
import { periodInput, trendRange, type Range } from '../../dashboard/period.ts';

export interface View {
  /** The label in the table and the JSON figures. */
  readonly name: string;
  /** The page's URL path and query. */
  readonly path: string;
  /** The project key the page shows (its `data-view` starts with it). */
  readonly project: string;
  /** `latest`: the page asks the project's latest event before its range is known. */
  readonly preset: 'custom' | 'latest';
}

export const VIEWS: readonly View[] = [
  { name: 'shopMarch2025', path: '/?project=SHOP&preset=custom&from=2025-03-01&to=2025-04-01', project: 'SHOP', preset: 'custom' },
  { name: 'helloLatest', path: '/?project=HELLO&preset=latest', project: 'HELLO', preset: 'latest' },
];

export interface Ask {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

/** Every POST /v1/questions/<name> the page makes for `view` once its range is `range` (the range the page settled on). */
export function questionsOf(view: View, range: Range): Ask[] {
  const project = view.project;
  const period = periodInput(range);
  return [
    { name: 'projects', input: {} },
    // Once per choice: the latest preset's range and the "nothing arrived" banner share it.
    { name: 'project_activity', input: { project } },
    { name: 'dora_metrics', input: { project, period } },
    { name: 'dora_trend', input: { project, period: periodInput(trendRange(range)) } },
    { name: 'lead_time_breakdown', input: { project, period } },
    { name: 'pr_review_time_trend', input: { project, period } },
    { name: 'pr_pickup_time_trend', input: { project, period } },
    { name: 'sprint_velocity', input: { project } },
    { name: 'delivery_timeline', input: { project, period } },
    { name: 'top_committers', input: { project, period, limit: 10 } },
    { name: 'dependency_chain', input: { project } },
    { name: 'projects_affected_by_delay', input: { project } },
  ];
}

/** The range a settled page shows, from its `<body data-view="PROJECT|from|to">`. */
export function rangeOfView(dataView: string, view: View): Range {
  const [project, from, to] = dataView.split('|');
  if (project !== view.project || from === undefined || to === undefined) throw new Error(`${view.name}: the page settled on ${JSON.stringify(dataView)}, not project ${view.project}`);
  return { from: Date.parse(`${from}T00:00:00Z`), to: Date.parse(`${to}T00:00:00Z`) };
}
