/**
 * Questions no single store answers: each asks other questions of the catalogue through
 * `context.ask`, so their guards, caps, timeouts and metrics apply unchanged. One file each.
 */
export const COMPOSITIONS = [] as const;
