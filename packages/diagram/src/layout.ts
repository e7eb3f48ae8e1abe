import { channelColour, GAP_COLOUR, mix, symbolColour, WRONG_COLOUR, type Rgb } from './colours.js';
import type { SpacetimeGrid } from './grid.js';
import type { Trace } from './trace.js';

/** symbols: one colour per state symbol. channels: one panel per state channel, shaded by its value. */
export type Colouring = 'symbols' | 'channels';
export const COLOURINGS: readonly Colouring[] = ['symbols', 'channels'];

export interface PictureOptions {
  colour?: Colouring;
  /** Mark the points that differ from the reference (default true). */
  overlay?: boolean;
  /**
   * Blocks are scaled up by whole pixels while the diagram fits in this many pixels (default
   * 1000 × 1000, the grid's default size); a block is never less than one pixel.
   */
  maxWidth?: number;
  maxHeight?: number;
  /** Largest side of one block in pixels (default 16). */
  maxBlockSize?: number;
}

/**
 * A symbol that makes up less than this share of a whole run is drawn wherever it occurs, even in
 * a block where it is one point among millions: a lone moving front stays visible when the picture
 * is pooled. Other blocks get the mean colour of their points, like any image downscale.
 */
export const RARE_SHARE = 0.01;

/** Where everything goes, in pixels, and the colour of every block: what the raster and the SVG draw. */
export interface Layout {
  readonly width: number;
  readonly height: number;
  /** Blocks across and down each panel. */
  readonly columns: number;
  readonly blockRows: number;
  /** Pixels per block. */
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly panels: readonly Panel[];
  /** A row's fixed-point run: the settled row again, under the diagram, where a wrong answer shows plainly. */
  readonly band: { readonly top: number; readonly height: number } | null;
}

export interface Panel {
  /** "symbols", or "channel c"; a grid's: "last change", then "symbols". */
  readonly label: string;
  readonly left: number;
  /** The colour of every block as RGB bytes, [blockRows × columns × 3]. */
  readonly blocks: Uint8Array;
  /** The band's colours, [columns × 3] (empty without a band). */
  readonly band: Uint8Array;
}

/** Pixels between panels side by side. */
export const PANEL_GAP = 6;
const BAND_GAP = 4;

export function layout(trace: Trace, options: PictureOptions = {}): Layout {
  const { grid } = trace;
  const colour = options.colour ?? 'symbols';
  if (!COLOURINGS.includes(colour)) throw new RangeError(`colour must be ${COLOURINGS.join(' or ')}, got ${JSON.stringify(colour)}`);
  const overlay = options.overlay ?? true;
  const maxWidth = positive(options.maxWidth ?? 1000, 'maxWidth');
  const maxHeight = positive(options.maxHeight ?? 1000, 'maxHeight');
  const maxBlock = positive(options.maxBlockSize ?? 16, 'maxBlockSize');
  const channelCount = grid.channelSums ? grid.channels : grid.symbols;
  const panelCount = colour === 'symbols' ? 1 : channelCount;
  const fit = (space: number, blocks: number) => Math.max(1, Math.min(maxBlock, Math.floor(space / blocks)));
  let blockWidth = fit((maxWidth - (panelCount - 1) * PANEL_GAP) / panelCount, grid.columns);
  let blockHeight = fit(maxHeight, grid.blockRows);
  // Unpooled pictures keep square cells: one cell for one step.
  if (grid.cellsPerColumn === 1 && grid.rowsPerBlock === 1) blockWidth = blockHeight = Math.min(blockWidth, blockHeight);
  const diagramWidth = grid.columns * blockWidth;
  const diagramHeight = grid.blockRows * blockHeight;
  const band = trace.task.dynamics === 'fixed-point' ? { top: diagramHeight + BAND_GAP, height: Math.max(6, Math.min(24, 2 * blockHeight)) } : null;
  const rare = rareSymbols(grid);
  const levels = grid.cellsPerColumn > 1 || grid.rowsPerBlock > 1 ? shareLevels(grid) : null;
  const wrongAt = (wrong: Float64Array, k: number) => overlay && wrong[k] > 0;
  const panels: Panel[] = [];
  for (let p = 0; p < panelCount; p++) {
    const paint = (counts: Float64Array, offset: number, channelSums: Float64Array | null, channelOffset: number): Rgb => {
      if (colour === 'symbols') return symbolBlock(counts, offset, grid.symbols, rare, levels);
      let total = 0;
      for (let s = 0; s < grid.symbols; s++) total += counts[offset + s];
      if (total === 0) return GAP_COLOUR;
      return channelColour(channelSums ? channelSums[channelOffset + p] / total : counts[offset + p] / total);
    };
    const blocks = new Uint8Array(grid.blockRows * grid.columns * 3);
    for (let k = 0; k < grid.blockRows * grid.columns; k++) {
      blocks.set(wrongAt(grid.wrong, k) ? WRONG_COLOUR : paint(grid.counts, k * grid.symbols, grid.channelSums, k * grid.channels), 3 * k);
    }
    const bandColours = new Uint8Array(band ? grid.columns * 3 : 0);
    if (band) {
      // The band shows the last row. Channel values are summed per block only, so a continuous
      // model's band shows its last block row's.
      const last = (grid.blockRows - 1) * grid.columns;
      for (let j = 0; j < grid.columns; j++) {
        if (wrongAt(grid.lastRow.wrong, j)) bandColours.set(WRONG_COLOUR, 3 * j);
        else if (colour === 'channels' && grid.channelSums) bandColours.set(paint(grid.counts, (last + j) * grid.symbols, grid.channelSums, (last + j) * grid.channels), 3 * j);
        else bandColours.set(paint(grid.lastRow.counts, j * grid.symbols, null, 0), 3 * j);
      }
    }
    const label = colour === 'symbols' ? 'symbols' : `channel ${p}`;
    panels.push({ label, left: p * (diagramWidth + PANEL_GAP), blocks, band: bandColours });
  }
  return {
    width: panelCount * diagramWidth + (panelCount - 1) * PANEL_GAP,
    height: band ? band.top + band.height : diagramHeight,
    columns: grid.columns,
    blockRows: grid.blockRows,
    blockWidth,
    blockHeight,
    panels,
    band,
  };
}

/** Counts of points (or cells) in each symbol, block by block: a spacetime grid's, or a grid lattice's end state. */
type SymbolCounts = Pick<SpacetimeGrid, 'symbols' | 'counts'>;

/** Symbols under RARE_SHARE of all points, rarest first. */
export function rareSymbols(grid: SymbolCounts): number[] {
  const totals = new Float64Array(grid.symbols);
  for (let k = 0; k < grid.counts.length; k++) totals[k % grid.symbols] += grid.counts[k];
  const all = totals.reduce((a, b) => a + b, 0);
  return [...totals.keys()].filter((s) => totals[s] > 0 && totals[s] < RARE_SHARE * all).sort((a, b) => totals[a] - totals[b]);
}

/**
 * Pooled pictures: for each symbol, the 1st and 99th percentiles of its share over the blocks that
 * mix symbols (uniform blocks, like a lattice's untouched part, would set the range to 0–100%). A
 * block's shares are stretched to that range before mixing, as an image's levels are, so that a
 * pattern that moves a share from 55% to 65% (Rule 110's structures on their background) is not
 * washed out to one flat mean colour. The gain is at most 4 (a range at least 25% wide), so that
 * the sampling noise of random inputs is not blown up into stripes; unpooled pictures are never
 * stretched.
 */
const MIN_RANGE = 0.25;

export function shareLevels(grid: SymbolCounts): { lo: Float64Array; hi: Float64Array } {
  const S = grid.symbols;
  const blocks = grid.counts.length / S;
  const lo = new Float64Array(S);
  const hi = new Float64Array(S).fill(1);
  const shares = new Float64Array(blocks);
  for (let s = 0; s < S; s++) {
    let n = 0;
    for (let k = 0; k < blocks; k++) {
      let total = 0;
      let largest = 0;
      for (let q = 0; q < S; q++) {
        total += grid.counts[k * S + q];
        largest = Math.max(largest, grid.counts[k * S + q]);
      }
      if (total > 0 && largest < total) shares[n++] = grid.counts[k * S + s] / total;
    }
    if (n === 0) continue;
    const sorted = shares.subarray(0, n).sort();
    let a = sorted[Math.floor(0.01 * (n - 1))];
    let b = sorted[Math.ceil(0.99 * (n - 1))];
    if (b - a < MIN_RANGE) {
      const middle = Math.min(1 - MIN_RANGE / 2, Math.max(MIN_RANGE / 2, (a + b) / 2));
      [a, b] = [middle - MIN_RANGE / 2, middle + MIN_RANGE / 2];
    }
    lo[s] = a;
    hi[s] = b;
  }
  return { lo, hi };
}

/** A block's colour: its rarest rare symbol if it has one, else the mean of its points' colours. */
export function symbolBlock(counts: Float64Array, offset: number, symbols: number, rare: readonly number[], levels: { lo: Float64Array; hi: Float64Array } | null): Rgb {
  for (const s of rare) if (counts[offset + s] > 0) return symbolColour(s);
  let all = 0;
  for (let s = 0; s < symbols; s++) all += counts[offset + s];
  let total = 0;
  let colour: Rgb = GAP_COLOUR;
  for (let s = 0; s < symbols; s++) {
    let n = all > 0 ? counts[offset + s] / all : 0;
    if (levels && levels.hi[s] > levels.lo[s]) n = Math.min(1, Math.max(0, (n - levels.lo[s]) / (levels.hi[s] - levels.lo[s])));
    if (n <= 0) continue;
    total += n;
    colour = total === n ? symbolColour(s) : mix(colour, symbolColour(s), n / total);
  }
  return colour;
}

export function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}
