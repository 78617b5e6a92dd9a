/**
 * Questions no single store answers: each asks other questions of the catalogue through
 * `context.ask`, so their guards, caps, timeouts and metrics apply unchanged. One file each.
 */
import { projectSlipImpact } from './projectSlipImpact.ts';
import { reviewersForPr } from './reviewersForPr.ts';
import { sprintTopCommitters } from './sprintTopCommitters.ts';

export const COMPOSITIONS = [reviewersForPr, projectSlipImpact, sprintTopCommitters] as const;
