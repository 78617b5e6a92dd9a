/**
 * What every chart shares: the colours (each passes 4.5:1 on white, for text and thin lines), the
 * grid, and the tooltip.
 */
import type { EChartsOption } from 'echarts';

export const COLORS = { primary: '#0b5cad', secondary: '#8a4baf', good: '#1a7f37', warn: '#9a6700', bad: '#c4202f', muted: '#59636e' } as const;


/** At most this many values are read out in a chart's description. */
const READ_OUT = 40;

/**
 * A chart's text alternative: what it shows, then each value as a person would say it
 * ("2025-03-03: 3 days"), none for a missing one. ECharts' own would read raw data (indexes,
 * epoch milliseconds, NaN).
 */
export function described(title: string, values: readonly (readonly [string, string | null])[]): string {
  const said = values.slice(0, READ_OUT).map(([label, value]) => `${label}: ${value ?? 'none'}`);
  const more = values.length > READ_OUT ? `; and ${values.length - READ_OUT} more` : '';
  return `${title}. ${values.length === 0 ? 'Nothing to show.' : `${said.join('; ')}${more}.`}`;
}

/**
 * The options every chart starts from: animation short, and an accessible description (`described`)
 * that ECharts writes into the chart element's aria-label, so a screen reader hears the numbers.
 */
export function base(title: string, description: string = title): EChartsOption {
  return {
    aria: { enabled: true, label: { description } },
    // No motion for a person who asked their system for none.
    animation: globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches !== true,
    animationDuration: 200,
    color: [COLORS.primary, COLORS.secondary, COLORS.good, COLORS.warn, COLORS.bad],
    textStyle: { fontFamily: 'system-ui, sans-serif', color: '#1f2328' },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
  };
}
