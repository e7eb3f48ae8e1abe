import { DiagramImage, type ImageSize } from './diagram-image.js';
import { count } from './format.js';
import type { Rgb } from './palette.js';

/** Rows and columns of a grid lattice (what `latticeGrid` of @sead/tasks gives). */
export interface GridShape {
  readonly rows: number;
  readonly columns: number;
}

/**
 * Pixels of a grid's frame: one per cell when the grid fits in `max`, else the grid pooled by one
 * factor both ways, so that cells stay square whatever the grid's shape (a grid of 1,000 rows by
 * 3,000 columns stays three times as wide as it is tall).
 */
export function frameSize({ rows, columns }: GridShape, max: ImageSize): ImageSize {
  const scale = Math.min(1, max.width / columns, max.height / rows);
  return { width: Math.max(1, Math.round(columns * scale)), height: Math.max(1, Math.round(rows * scale)) };
}

/**
 * A grid lattice at one step, as a picture: row y of the image is row y of the grid (row 0 at the
 * top), each cell coloured by its state symbol. It is drawn by the spacetime diagram's own image,
 * whose rows are time steps where a frame's are grid rows, so that a grid larger than `max` is
 * pooled by the same box filter: a pixel shows the mean colour of the cells it covers.
 */
export function gridFrame(symbols: Uint8Array, grid: GridShape, palette: readonly Rgb[], max: ImageSize): DiagramImage {
  const { rows, columns } = grid;
  if (symbols.length !== rows * columns) throw new RangeError(`${symbols.length} symbols for a grid of ${rows} × ${columns} cells`);
  const image = new DiagramImage(columns, rows, frameSize(grid, max), palette);
  for (let y = 0; y < rows; y++) image.add(y, symbols.subarray(y * columns, (y + 1) * columns));
  return image;
}

/** Says how many cells a pixel of a grid's frame covers, when it covers more than one. */
export function pooledFrameNote(grid: GridShape, image: ImageSize): string {
  if (grid.columns <= image.width && grid.rows <= image.height) return '';
  const [across, down] = [Math.round(grid.columns / image.width), Math.round(grid.rows / image.height)];
  return `Downsampled: each pixel is the mean colour of about ${count(across)} × ${count(down)} cells`;
}
