import { niceStep } from './chart.js';
import { hex, stepColour, symbolColour, WRONG_COLOUR } from './colours.js';
import { gridLayout, type GridPictureOptions } from './grid-layout.js';
import type { GridTrace } from './grid-trace.js';
import { count, diagramBody, FONT, textWidth } from './svg.js';
import { escapeXml } from './xml.js';

export interface GridSvgOptions extends GridPictureOptions {
  /** The first line above the picture; default: the task, the grid's size, the steps and the verdict. */
  title?: string;
}

const MARGIN = { left: 70, top: 72, right: 16 };
/** The step scale: its bar's width in pixels, and the colour stops its gradient is drawn with. */
const SCALE_WIDTH = 200;
const SCALE_STOPS = 11;
/** Characters of one input field or answer in the labels; a longer one keeps its ends. */
const MAX_LABEL = 64;
const TIME_CAPTION = 'left, the step each cell last changed:';
const SYMBOLS_CAPTION = 'right, the symbols the cells end in:';

/**
 * The picture of a grid's run as an SVG document (see `gridLayout`): a title with the verdict, the
 * input and the answer, rows and columns along the edges, the step scale of the left panel and the
 * symbols of the right one.
 */
export function renderGridSvg(trace: GridTrace, options: GridSvgOptions = {}): string {
  const plan = gridLayout(trace, options);
  const { map } = trace;
  const overlay = (options.overlay ?? true) && trace.reference !== null;
  const title = options.title ?? titleOf(trace);
  const question = questionOf(trace);
  const subtitle = subtitleOf(trace);
  const items = trace.task.stateSymbols.map((name, s) => ({ colour: hex(symbolColour(s)), label: name }));
  if (overlay) items.push({ colour: hex(WRONG_COLOUR), label: 'differs from the answer' });
  const itemWidth = (label: string) => 22 + textWidth(label) + 18;
  // The step scale and the symbols start at one x, after the longer caption.
  const keyLeft = 8 + Math.max(textWidth(TIME_CAPTION), textWidth(SYMBOLS_CAPTION)) + 10;
  const width = Math.ceil(
    Math.max(
      MARGIN.left + plan.width + MARGIN.right,
      keyLeft + SCALE_WIDTH + 16,
      keyLeft + items.reduce((w, item) => w + itemWidth(item.label), 0),
      16 + textWidth(title, 14),
      16 + textWidth(question),
      16 + textWidth(subtitle),
    ),
  );
  const scaleY = MARGIN.top + plan.height + 28;
  const itemsY = scaleY + 40;
  const height = itemsY + 16;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<defs><linearGradient id="sead-step-scale">${scaleStops()}</linearGradient></defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="18" font-size="14" font-weight="600" ${FONT}>${escapeXml(title)}</text>`,
    `<text x="8" y="34" font-size="12" ${FONT}>${escapeXml(question)}</text>`,
    `<text x="8" y="50" font-size="12" fill="#555" ${FONT}>${escapeXml(subtitle)}</text>`,
    `<g transform="translate(${MARGIN.left} ${MARGIN.top})">`,
    diagramBody(plan),
  ];
  // Both panels share their rows and columns: the left one is labelled.
  const panelWidth = plan.columns * plan.blockWidth;
  const first = 'column 0';
  const last = `column ${map.columns - 1}`;
  out.push(`<text x="0" y="-6" font-size="11" ${FONT}>${first}</text>`);
  if (map.columns > 1 && panelWidth >= textWidth(first, 11) + textWidth(last, 11) + 8) {
    out.push(`<text x="${panelWidth}" y="-6" font-size="11" text-anchor="end" ${FONT}>${last}</text>`);
  }
  out.push(`<text x="-6" y="9" font-size="11" text-anchor="end" ${FONT}>row 0</text>`);
  if (map.rows > 1 && plan.height >= 24) out.push(`<text x="-6" y="${plan.height}" font-size="11" text-anchor="end" ${FONT}>row ${map.rows - 1}</text>`);
  out.push('</g>');

  out.push(`<text x="8" y="${scaleY}" font-size="12" ${FONT}>${TIME_CAPTION}</text>`);
  out.push(`<rect x="${keyLeft}" y="${scaleY - 11}" width="${SCALE_WIDTH}" height="14" fill="url(#sead-step-scale)" stroke="#999" stroke-width="0.5"/>`);
  for (const step of scaleTicks(map.steps)) {
    const x = keyLeft + (map.steps > 0 ? (step / map.steps) * SCALE_WIDTH : 0);
    out.push(`<line x1="${x}" y1="${scaleY + 3}" x2="${x}" y2="${scaleY + 6}" stroke="#555" stroke-width="1"/>`);
    out.push(`<text x="${x}" y="${scaleY + 17}" font-size="11" text-anchor="middle" ${FONT}>${step}</text>`);
  }
  out.push(`<text x="8" y="${itemsY}" font-size="12" ${FONT}>${SYMBOLS_CAPTION}</text>`);
  let x = keyLeft;
  for (const item of items) {
    out.push(`<rect x="${x}" y="${itemsY - 11}" width="14" height="14" fill="${item.colour}" stroke="#999" stroke-width="0.5"/>`);
    out.push(`<text x="${x + 20}" y="${itemsY}" font-size="12" ${FONT}>${escapeXml(item.label)}</text>`);
    x += itemWidth(item.label);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** The scale's gradient, light at step 0 to dark at the last, sampled from `stepColour`. */
function scaleStops(): string {
  const last = SCALE_STOPS - 1;
  return Array.from({ length: SCALE_STOPS }, (_, k) => `<stop offset="${k / last}" stop-color="${hex(stepColour(k, last))}"/>`).join('');
}

/** Round steps along the scale, its ends always, none crowding the last. */
function scaleTicks(steps: number): number[] {
  if (steps === 0) return [0];
  const every = Math.max(1, Math.round(niceStep(steps / 4)));
  const ticks: number[] = [];
  for (let step = 0; step < steps - every / 2; step += every) ticks.push(step);
  return [...ticks, steps];
}

function titleOf(trace: GridTrace): string {
  const verdict = trace.correct ? 'answer correct' : trace.converged ? 'answer WRONG' : `did not converge (${trace.outcome})`;
  return `${trace.task.id}: ${trace.map.rows.toLocaleString('en-US')} × ${count(trace.map.columns, 'cell')}, ${count(trace.steps, 'step')}, ${verdict}`;
}

/** The input, field by field, and the answer: "a = 1011, b = 110 → 1000010". */
function questionOf(trace: GridTrace): string {
  const fields = Object.entries(trace.input).map(([name, value]) => `${name} = ${shorten(typeof value === 'string' ? value : JSON.stringify(value))}`);
  const expected = trace.converged && !trace.correct ? `, expected ${shorten(trace.expectedAnswer)}` : '';
  return `${fields.join(', ')} → ${shorten(trace.answer)}${expected}`;
}

function subtitleOf(trace: GridTrace): string {
  const { map } = trace;
  const parts = [`${trace.engine} engine`, trace.outcome + (trace.period !== undefined ? ` (period ${trace.period})` : '')];
  if (map.cellsPerBlock > 1) parts.push(`each block pools ${map.cellsPerBlock} × ${count(map.cellsPerBlock, 'cell')}`);
  if (trace.reference !== null) parts.push(trace.wrongCells === 0 ? 'no cell differs from the reference' : `${count(trace.wrongCells, 'cell')} ${trace.wrongCells === 1 ? 'differs' : 'differ'} from the reference`);
  return parts.join('; ');
}

function shorten(text: string): string {
  if (text.length <= MAX_LABEL) return text;
  const end = (MAX_LABEL - 1) / 2;
  return `${text.slice(0, Math.floor(end))}…${text.slice(-Math.ceil(end))} (${text.length.toLocaleString('en-US')} characters)`;
}
