import { escapeXml } from './xml.js';
import { channelColour, hex, symbolColour, WRONG_COLOUR } from './colours.js';
import { layout, type Layout, type PictureOptions } from './layout.js';
import { encodePng } from './png.js';
import { rasterOf } from './raster.js';
import type { Trace } from './trace.js';

export interface SvgOptions extends PictureOptions {
  /** The first line above the diagram; default: the task, size, steps and verdict. */
  title?: string;
}

/**
 * Above this many rectangles the diagram is embedded as a PNG image inside the SVG instead (a
 * pooled picture of a noisy run would otherwise take tens of megabytes); text stays vector.
 */
export const MAX_SVG_RECTS = 40_000;

const MARGIN = { left: 70, top: 56, right: 16, bottom: 44 };
/** The font of every text of a picture. */
export const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/** The spacetime diagram of a trace as an SVG document, with axes, a title and a legend. */
export function renderSvg(trace: Trace, options: SvgOptions = {}): string {
  const plan = layout(trace, options);
  const colour = options.colour ?? 'symbols';
  const overlay = (options.overlay ?? true) && trace.reference !== null;
  const { grid } = trace;
  const legend = legendItems(trace, colour, overlay);
  const legendWidth = legend.reduce((w, item) => w + 22 + textWidth(item.label) + 18, 0);
  const title = options.title ?? titleOf(trace);
  const subtitle = subtitleOf(trace);
  const width = Math.ceil(Math.max(MARGIN.left + plan.width + MARGIN.right, MARGIN.left + legendWidth, 16 + textWidth(title, 14), 16 + textWidth(subtitle)));
  const height = MARGIN.top + plan.height + MARGIN.bottom;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="18" font-size="14" font-weight="600" ${FONT}>${escapeXml(title)}</text>`,
    `<text x="8" y="34" font-size="12" fill="#555" ${FONT}>${escapeXml(subtitle)}</text>`,
  ];
  out.push(`<g transform="translate(${MARGIN.left} ${MARGIN.top})">`);
  out.push(diagramBody(plan));
  for (const panel of plan.panels) {
    const right = panel.left + plan.columns * plan.blockWidth;
    out.push(`<text x="${panel.left}" y="-6" font-size="11" ${FONT}>cell 0</text>`);
    out.push(`<text x="${right}" y="-6" font-size="11" text-anchor="end" ${FONT}>cell ${grid.cells - 1}</text>`);
    if (plan.panels.length > 1) out.push(`<text x="${(panel.left + right) / 2}" y="-6" font-size="11" text-anchor="middle" ${FONT}>${escapeXml(panelLabel(trace, panel.label))}</text>`);
  }
  const bottom = plan.blockRows * plan.blockHeight;
  out.push(`<text x="-6" y="9" font-size="11" text-anchor="end" ${FONT}>t = 0</text>`);
  out.push(`<text x="-6" y="${bottom}" font-size="11" text-anchor="end" ${FONT}>t = ${grid.rows - 1}</text>`);
  // Between the t labels only where there is room for it.
  if (bottom >= 60) out.push(`<text x="-6" y="${bottom / 2 + 4}" font-size="11" text-anchor="end" fill="#555" ${FONT}>time ↓</text>`);
  if (plan.band) out.push(`<text x="-6" y="${plan.band.top + plan.band.height / 2 + 4}" font-size="11" text-anchor="end" fill="#555" ${FONT}>${trace.converged ? 'settled' : 'last row'}</text>`);
  out.push('</g>');
  let x = 8;
  const y = MARGIN.top + plan.height + 24;
  for (const item of legend) {
    out.push(`<rect x="${x}" y="${y - 11}" width="14" height="14" fill="${item.colour}" stroke="#999" stroke-width="0.5"/>`);
    out.push(`<text x="${x + 20}" y="${y}" font-size="12" ${FONT}>${escapeXml(item.label)}</text>`);
    x += 22 + textWidth(item.label) + 18;
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** The blocks as rectangles, runs of one colour merged, or as an embedded PNG when there are too many. */
export function diagramBody(plan: Layout): string {
  const rects: string[] = [];
  const run = (colours: Uint8Array, row: number, columns: number, x0: number, y: number, h: number): boolean => {
    for (let j = 0; j < columns; ) {
      let k = j + 1;
      const at = 3 * (row * columns + j);
      while (k < columns && sameColour(colours, at, 3 * (row * columns + k))) k++;
      rects.push(`<rect x="${x0 + j * plan.blockWidth}" y="${y}" width="${(k - j) * plan.blockWidth}" height="${h}" fill="${hex([colours[at], colours[at + 1], colours[at + 2]])}"/>`);
      if (rects.length > MAX_SVG_RECTS) return false;
      j = k;
    }
    return true;
  };
  let fits = true;
  for (const panel of plan.panels) {
    for (let b = 0; b < plan.blockRows && fits; b++) fits = run(panel.blocks, b, plan.columns, panel.left, b * plan.blockHeight, plan.blockHeight);
    if (plan.band && fits) fits = run(panel.band, 0, plan.columns, panel.left, plan.band.top, plan.band.height);
  }
  if (fits) return `<g shape-rendering="crispEdges">\n${rects.join('\n')}\n</g>`;
  const png = base64(encodePng(rasterOf(plan)));
  return `<image width="${plan.width}" height="${plan.height}" style="image-rendering: pixelated" href="data:image/png;base64,${png}"/>`;
}

function sameColour(colours: Uint8Array, a: number, b: number): boolean {
  return colours[a] === colours[b] && colours[a + 1] === colours[b + 1] && colours[a + 2] === colours[b + 2];
}

function legendItems(trace: Trace, colour: PictureOptions['colour'], overlay: boolean): { colour: string; label: string }[] {
  const items =
    colour === 'channels'
      ? [0, 0.5, 1].map((v) => ({ colour: hex(channelColour(v)), label: `${v}` }))
      : trace.task.stateSymbols.map((name, s) => ({ colour: hex(symbolColour(s)), label: name }));
  if (overlay) items.push({ colour: hex(WRONG_COLOUR), label: trace.reference === 'trajectory' ? 'differs from the reference rule' : 'differs from the answer' });
  return items;
}

function panelLabel(trace: Trace, label: string): string {
  const c = Number(label.replace('channel ', ''));
  // A discrete model's channels are its symbols, one-hot.
  return trace.grid.channelSums ? label : `${label} (${trace.task.stateSymbols[c] ?? ''})`;
}

function titleOf(trace: Trace): string {
  const verdict = trace.correct ? 'answer correct' : trace.converged ? 'answer WRONG' : `did not converge (${trace.outcome})`;
  return `${trace.task.id}: ${count(trace.grid.cells, 'cell')}, ${count(trace.steps, 'step')}, ${verdict}`;
}

function subtitleOf(trace: Trace): string {
  const { grid } = trace;
  const parts = [`${trace.engine} engine`, trace.outcome + (trace.period !== undefined ? ` (period ${trace.period})` : '')];
  if (grid.cellsPerColumn > 1 || grid.rowsPerBlock > 1) parts.push(`each block pools ${count(grid.cellsPerColumn, 'cell')} × ${count(grid.rowsPerBlock, 'step')}`);
  if (trace.reference !== null) parts.push(trace.wrongPoints === 0 ? 'no point differs from the reference' : `${trace.wrongPoints} points differ from the reference`);
  return parts.join('; ');
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** A generous estimate of a text's width: the SVG is laid out without a font to measure with. */
export function textWidth(text: string, size = 12): number {
  return text.length * size * 0.6;
}

/** Base64 without Node's Buffer, so the SVG renders in a browser too. */
function base64(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? alphabet[n & 63] : '=';
  }
  return out;
}
