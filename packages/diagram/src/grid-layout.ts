import { stepColour, WRONG_COLOUR } from './colours.js';
import type { GridTrace } from './grid-trace.js';
import { PANEL_GAP, positive, rareSymbols, shareLevels, symbolBlock, type Layout, type PictureOptions } from './layout.js';

/** What a grid's picture can be asked for: it is drawn by symbols only. */
export type GridPictureOptions = Omit<PictureOptions, 'colour'>;

/**
 * Largest side of a grid's block in pixels unless told otherwise. A grid has as many cells as a
 * row's run has points in a few of its steps, and a product of a few bits is read cell by cell, so
 * blocks may be larger than a spacetime diagram's.
 */
export const GRID_MAX_BLOCK_SIZE = 24;

/**
 * The picture of a grid's run: two panels side by side on one grid of square blocks. On the left,
 * time as colour: each block by the last step at which a cell of it changed, light at step 0, dark
 * at the run's last step (see `stepColour`), so that the wavefront that settled the grid reads as
 * the order of the shades. On the right, the symbols the cells end in, coloured and pooled as a
 * spacetime diagram colours its points, and in red the blocks with a cell that differs from the
 * reference. No band: a grid's end state is its right panel.
 */
export function gridLayout(trace: GridTrace, options: GridPictureOptions = {}): Layout {
  const { map } = trace;
  const overlay = options.overlay ?? true;
  const maxWidth = positive(options.maxWidth ?? 1000, 'maxWidth');
  const maxHeight = positive(options.maxHeight ?? 1000, 'maxHeight');
  const maxBlock = positive(options.maxBlockSize ?? GRID_MAX_BLOCK_SIZE, 'maxBlockSize');
  const side = Math.max(1, Math.min(maxBlock, Math.floor((maxWidth - PANEL_GAP) / 2 / map.blockColumns), Math.floor(maxHeight / map.blockRows)));
  const blocks = map.blockRows * map.blockColumns;
  const S = map.symbols;
  const time = new Uint8Array(blocks * 3);
  for (let k = 0; k < blocks; k++) time.set(stepColour(map.lastChange[k], map.steps), 3 * k);
  const rare = rareSymbols(map);
  const levels = map.cellsPerBlock > 1 ? shareLevels(map) : null;
  const symbols = new Uint8Array(blocks * 3);
  for (let k = 0; k < blocks; k++) symbols.set(overlay && map.wrong[k] > 0 ? WRONG_COLOUR : symbolBlock(map.counts, k * S, S, rare, levels), 3 * k);
  const panelWidth = map.blockColumns * side;
  const none = new Uint8Array(0);
  return {
    width: 2 * panelWidth + PANEL_GAP,
    height: map.blockRows * side,
    columns: map.blockColumns,
    blockRows: map.blockRows,
    blockWidth: side,
    blockHeight: side,
    panels: [
      { label: 'last change', left: 0, blocks: time, band: none },
      { label: 'symbols', left: panelWidth + PANEL_GAP, blocks: symbols, band: none },
    ],
    band: null,
  };
}
