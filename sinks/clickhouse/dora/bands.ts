/**
 * DevLake's 2023 benchmark bands (the DORA 2023 report's clusters, as DevLake's dashboards draw the
 * lines). Deployment frequency is judged by deployment days: elite at a median of 5 or more days a
 * week (DevLake's current page and detail dashboard; its v1.0 page said 7), high at 1 or more a
 * week, medium at 1 or more a month, low below.
 */
export type Band = 'elite' | 'high' | 'medium' | 'low';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function deploymentFrequencyBand(medianDaysPerWeek: number | null, medianDaysPerMonth: number | null): Band | null {
  if (medianDaysPerWeek === null || medianDaysPerMonth === null) return null;
  if (medianDaysPerWeek >= 5) return 'elite';
  if (medianDaysPerWeek >= 1) return 'high';
  return medianDaysPerMonth >= 1 ? 'medium' : 'low';
}

/** Median lead time: under a day, a week, a month (30 days). */
export function leadTimeBand(medianMs: number | null): Band | null {
  if (medianMs === null) return null;
  return medianMs < DAY_MS ? 'elite' : medianMs < 7 * DAY_MS ? 'high' : medianMs < 30 * DAY_MS ? 'medium' : 'low';
}

/** Change failure rate: at most 5 %, 10 %, 15 %. */
export function changeFailureRateBand(rate: number | null): Band | null {
  if (rate === null) return null;
  return rate <= 0.05 ? 'elite' : rate <= 0.1 ? 'high' : rate <= 0.15 ? 'medium' : 'low';
}

/** Median failed deployment recovery time: under an hour, a day, a week. */
export function recoveryTimeBand(medianMs: number | null): Band | null {
  if (medianMs === null) return null;
  return medianMs < HOUR_MS ? 'elite' : medianMs < DAY_MS ? 'high' : medianMs < 7 * DAY_MS ? 'medium' : 'low';
}
