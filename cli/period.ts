/** The period a command reports on: a calendar month (UTC), or [from, to), or this month. */
export interface PeriodOptions {
  readonly month?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export function periodOf(options: PeriodOptions, now: number): { from: number; to: number } {
  if (options.month !== undefined && (options.from !== undefined || options.to !== undefined)) throw new Error('give --month, or --from and --to, not both');
  if (options.from !== undefined || options.to !== undefined) {
    if (options.from === undefined || options.to === undefined) throw new Error('--from and --to go together');
    const from = instant(options.from, '--from');
    const to = instant(options.to, '--to');
    if (!(from < to)) throw new Error(`--from (${options.from}) must be before --to (${options.to})`);
    return { from, to };
  }
  const month = options.month ?? new Date(now).toISOString().slice(0, 7);
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (match === null) throw new Error(`--month: "${month}" is not a month like 2025-03`);
  const [year, index] = [Number(match[1]), Number(match[2]) - 1];
  return { from: Date.UTC(year, index, 1), to: Date.UTC(year, index + 1, 1) };
}

/** An ISO date or time in ms; without a zone, UTC. NaN when it is neither. */
export function instantMs(text: string): number {
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(text) || /^\d{4}-\d\d-\d\d$/.test(text) ? text : `${text}Z`);
}

function instant(text: string, option: string): number {
  const ms = instantMs(text);
  if (Number.isNaN(ms)) throw new Error(`${option}: "${text}" is not an ISO date or time`);
  return ms;
}
