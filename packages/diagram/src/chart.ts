import { escapeXml } from './xml.js';

/** One line of a chart: its points in data units, in order of x. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** Any SVG colour; default: the next of the chart palette. */
  readonly colour?: string;
  readonly dashed?: boolean;
  /** Line width in pixels (default 2); series drawn first and wider stay visible under coinciding ones. */
  readonly width?: number;
}

export type Scale = 'log' | 'linear';

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xScale?: Scale;
  readonly yScale?: Scale;
  /** Fixed axis ranges; default: the data's, widened to whole decades on a log axis. */
  readonly xDomain?: readonly [number, number];
  readonly yDomain?: readonly [number, number];
  /** Tick labels of a linear y axis, e.g. v => `${v}%`. */
  readonly yFormat?: (value: number) => string;
  readonly width?: number;
  readonly height?: number;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f'];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';
const PLOT = { left: 64, top: 36, right: 20, bottom: 48 };

/** An axis: data value to pixel, and its ticks. */
interface Axis {
  readonly at: (value: number) => number;
  readonly ticks: readonly { value: number; label: string; major: boolean }[];
}

/**
 * A line chart as SVG: axes with ticks at every power of ten on a log scale (unlabelled minor ticks
 * at 2…9 × 10^k when there are few decades), markers at every point, a legend below. Points that a
 * log axis cannot show (zero or negative) are left out, and the legend says how many.
 */
export function lineChart(series: readonly ChartSeries[], options: ChartOptions): string {
  const width = options.width ?? 640;
  const legendRows = Math.ceil(series.length / 2);
  const plotHeight = (options.height ?? 400) - PLOT.top - PLOT.bottom;
  const height = PLOT.top + plotHeight + PLOT.bottom + legendRows * 18;
  const plotWidth = width - PLOT.left - PLOT.right;
  const xScale = options.xScale ?? 'linear';
  const yScale = options.yScale ?? 'linear';
  const shown = series.map((s) => s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (xScale !== 'log' || x > 0) && (yScale !== 'log' || y > 0)));
  const xs = shown.flat().map(([x]) => x);
  const ys = shown.flat().map(([, y]) => y);
  const x = axis(options.xDomain ?? extent(xs, xScale), xScale, PLOT.left, PLOT.left + plotWidth, String);
  const y = axis(options.yDomain ?? extent(ys, yScale), yScale, PLOT.top + plotHeight, PLOT.top, options.yFormat ?? String);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="20" font-size="14" font-weight="600" text-anchor="middle" ${FONT}>${escapeXml(options.title)}</text>`,
  ];
  const bottom = PLOT.top + plotHeight;
  for (const tick of x.ticks) {
    const px = round(x.at(tick.value));
    out.push(`<line x1="${px}" y1="${PLOT.top}" x2="${px}" y2="${bottom}" stroke="${tick.major ? '#e2e2e2' : '#f3f3f3'}"/>`);
    out.push(`<line class="x-tick" data-value="${tick.value}" x1="${px}" y1="${bottom}" x2="${px}" y2="${bottom + (tick.major ? 6 : 3)}" stroke="#333"/>`);
    if (tick.label) out.push(`<text x="${px}" y="${bottom + 19}" font-size="11" text-anchor="middle" ${FONT}>${escapeXml(tick.label)}</text>`);
  }
  for (const tick of y.ticks) {
    const py = round(y.at(tick.value));
    out.push(`<line x1="${PLOT.left}" y1="${py}" x2="${PLOT.left + plotWidth}" y2="${py}" stroke="${tick.major ? '#e2e2e2' : '#f3f3f3'}"/>`);
    out.push(`<line class="y-tick" data-value="${tick.value}" x1="${PLOT.left - (tick.major ? 6 : 3)}" y1="${py}" x2="${PLOT.left}" y2="${py}" stroke="#333"/>`);
    if (tick.label) out.push(`<text x="${PLOT.left - 9}" y="${py + 4}" font-size="11" text-anchor="end" ${FONT}>${escapeXml(tick.label)}</text>`);
  }
  out.push(`<rect x="${PLOT.left}" y="${PLOT.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${PLOT.left + plotWidth / 2}" y="${bottom + 38}" font-size="12" text-anchor="middle" ${FONT}>${escapeXml(options.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${PLOT.top + plotHeight / 2}) rotate(-90)" font-size="12" text-anchor="middle" ${FONT}>${escapeXml(options.yLabel)}</text>`);
  series.forEach((s, k) => {
    const colour = s.colour ?? PALETTE[k % PALETTE.length];
    const points = shown[k].map(([vx, vy]) => [round(x.at(vx)), round(y.at(vy))] as const);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const lineWidth = s.width ?? 2;
    out.push(`<g class="series" data-name="${escapeXml(s.name)}">`);
    if (points.length > 1) out.push(`<polyline fill="none" stroke="${colour}" stroke-width="${lineWidth}"${dash} points="${points.map((p) => p.join(',')).join(' ')}"/>`);
    for (const [px, py] of points) out.push(`<circle cx="${px}" cy="${py}" r="${1.5 + lineWidth}" fill="${s.dashed ? '#ffffff' : colour}" stroke="${colour}" stroke-width="1.5"/>`);
    out.push('</g>');
    const lx = PLOT.left + (k % 2) * (plotWidth / 2);
    const ly = bottom + 58 + Math.floor(k / 2) * 18;
    const hidden = s.points.length - shown[k].length;
    const note = hidden > 0 ? ` (${hidden} point${hidden === 1 ? '' : 's'} ≤ 0 not shown)` : '';
    out.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 24}" y2="${ly - 4}" stroke="${colour}" stroke-width="${lineWidth}"${dash}/>`);
    out.push(`<text x="${lx + 30}" y="${ly}" font-size="12" ${FONT}>${escapeXml(s.name + note)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** The range of the data; a log range is widened to whole decades, an empty one gets a default. */
function extent(values: readonly number[], scale: Scale): [number, number] {
  if (values.length === 0) return scale === 'log' ? [1, 10] : [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (scale === 'log') {
    lo = 10 ** Math.floor(Math.log10(lo) + 1e-9);
    hi = 10 ** Math.ceil(Math.log10(hi) - 1e-9);
    if (hi <= lo) hi = lo * 10;
    return [lo, hi];
  }
  if (hi === lo) return [lo - 1, hi + 1];
  return [lo, hi];
}

function axis(domain: readonly [number, number], scale: Scale, from: number, to: number, format: (v: number) => string): Axis {
  const [lo, hi] = domain;
  if (!(hi > lo) || (scale === 'log' && !(lo > 0))) throw new RangeError(`a ${scale} axis needs a range lo < hi${scale === 'log' ? ' above 0' : ''}, got [${lo}, ${hi}]`);
  if (scale === 'log') {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const at = (v: number) => from + ((Math.log10(v) - a) / (b - a)) * (to - from);
    const ticks: { value: number; label: string; major: boolean }[] = [];
    const decades = Math.ceil(b) - Math.floor(a);
    for (let k = Math.floor(a); k <= Math.ceil(b); k++) {
      for (let m = 1; m < 10; m++) {
        if (m > 1 && decades > 6) break;
        const value = m * 10 ** k;
        if (value < lo * (1 - 1e-9) || value > hi * (1 + 1e-9)) continue;
        ticks.push({ value, label: m === 1 ? powerOfTen(k) : '', major: m === 1 });
      }
    }
    return { at, ticks };
  }
  const at = (v: number) => from + ((v - lo) / (hi - lo)) * (to - from);
  const step = niceStep((hi - lo) / 5);
  const ticks: { value: number; label: string; major: boolean }[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    const value = Number(v.toPrecision(12));
    ticks.push({ value, label: format(value), major: true });
  }
  return { at, ticks };
}

/** 1, 10, 100, 1000, then 10⁴, 10⁵ … (and 0.1, 0.01, then 10⁻³ …). */
function powerOfTen(k: number): string {
  if (k >= 0 && k <= 3) return String(10 ** k);
  if (k < 0 && k >= -2) return (10 ** k).toFixed(-k);
  const superscript = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return '10' + (k < 0 ? '⁻' : '') + [...String(Math.abs(k))].map((d) => superscript[Number(d)]).join('');
}

/** A round step near `rough`: 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const f = rough / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * power;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
