import type { Offset } from '@sead/tasks';
import type { UnrollShape } from './cell-codegen.js';

/** What one cell's step reads besides the states: the input drive D [cells, H], the taps G [K, C, H] and the MLP. */
export interface CellWeights {
  readonly D: ArrayLike<number>;
  readonly G: ArrayLike<number>;
  readonly W2: ArrayLike<number>;
  readonly b2: ArrayLike<number>;
  readonly Wh: ArrayLike<number>;
  readonly bh: ArrayLike<number>;
}

/** Where `cellStep` leaves a cell's hidden activations (after their relus) and logits. */
export interface CellScratch {
  readonly a1: Float64Array;
  readonly a2: Float64Array;
  readonly logits: Float64Array;
}

export const cellScratch = ({ C, H }: Pick<UnrollShape, 'C' | 'H'>): CellScratch => ({ a1: new Float64Array(H), a2: new Float64Array(H), logits: new Float64Array(C) });

/**
 * One cell's step as plain loops: the one definition the step's loop forms share (inference,
 * training, the continuous sparse engine), and the reference the generated straight-line code
 * (cell-codegen.ts) equals bit for bit: float64 sums in this order.
 *
 * The cell is `cell` of the flat [B·L] layout, in row y and column x of its lattice of `rows` ×
 * `columns` cells (a row: y = 0 of one row). Its neighbours are read through the window's offsets,
 * tap k at offsets[k]: the state of cell' = cell + dy·columns + dx from `h` at `hAt + cell' · C`.
 */
export function cellStep(
  { C, H, offsets }: UnrollShape,
  w: CellWeights,
  h: ArrayLike<number>,
  hAt: number,
  rows: number,
  columns: number,
  cell: number,
  y: number,
  x: number,
  s: CellScratch
): void {
  const { D, G } = w;
  const { a1 } = s;
  for (let u = 0; u < H; u++) a1[u] = D[cell * H + u];
  for (let k = 0; k < offsets.length; k++) {
    if (!inside(offsets[k], rows, columns, y, x)) continue; // beyond an edge the state reads as zero
    const src = hAt + (cell + offsets[k][0] * columns + offsets[k][1]) * C;
    const tap = k * C * H;
    for (let c = 0; c < C; c++) {
      const v = h[src + c];
      for (let u = 0; u < H; u++) a1[u] += v * G[tap + c * H + u];
    }
  }
  cellHead(C, H, w, s);
}

/**
 * Whether the neighbour at `offset` (dy, dx) of the cell in row y and column x lies inside a lattice
 * of rows × columns cells: outside it reads as zero, as a convolution's zero padding does.
 */
export function inside(offset: Offset, rows: number, columns: number, y: number, x: number): boolean {
  const ny = y + offset[0];
  const nx = x + offset[1];
  return ny >= 0 && ny < rows && nx >= 0 && nx < columns;
}

/**
 * The rest of a cell's step, from its hidden pre-activation in `s.a1` (b_1 + W_1 ⊛ [e ; W_s h]):
 * relu, W_2 and b_2, relu, W_h and b_h, leaving a1 and a2 after their relus and the logits in `s`.
 * What compiling a table evaluates on every neighbourhood, too.
 */
export function cellHead(C: number, H: number, w: Pick<CellWeights, 'W2' | 'b2' | 'Wh' | 'bh'>, s: CellScratch): void {
  const { W2, b2, Wh, bh } = w;
  const { a1, a2, logits } = s;
  for (let u = 0; u < H; u++) if (!(a1[u] > 0)) a1[u] = 0;
  for (let v = 0; v < H; v++) {
    let sum = b2[v];
    for (let u = 0; u < H; u++) sum += a1[u] * W2[u * H + v];
    a2[v] = sum > 0 ? sum : 0;
  }
  for (let c = 0; c < C; c++) {
    let sum = bh[c];
    for (let v = 0; v < H; v++) sum += a2[v] * Wh[v * C + c];
    logits[c] = sum;
  }
}
