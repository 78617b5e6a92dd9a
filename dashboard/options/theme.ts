/**
 * What every chart shares: the colours (each passes 4.5:1 on white, for text and thin lines), the
 * grid, and the tooltip. DevLake's band colours, darkened to pass contrast.
 */
import type { EChartsOption } from 'echarts';

export const COLORS = { primary: '#0b5cad', secondary: '#8a4baf', good: '#1a7f37', warn: '#9a6700', bad: '#c4202f', muted: '#59636e' } as const;

export const BAND_COLORS = { elite: '#1a7f37', high: '#0b5cad', medium: '#9a6700', low: '#c4202f' } as const;

/** The options every chart starts from: accessible description on, animation short, SVG-friendly. */
export function base(title: string): EChartsOption {
  return {
    aria: { enabled: true, label: { description: title } },
    animationDuration: 200,
    color: [COLORS.primary, COLORS.secondary, COLORS.good, COLORS.warn, COLORS.bad],
    textStyle: { fontFamily: 'system-ui, sans-serif', color: '#1f2328' },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
  };
}
