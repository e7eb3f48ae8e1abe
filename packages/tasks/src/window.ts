/**
 * The neighbourhood a local rule reads, as a list of offsets: where a cell's neighbours are, in
 * the order a window lists them. A row is the special case of one: the same code reads both, and
 * a grid adds a shape, not a new kind of rule.
 */

/** One neighbour's place relative to the centre cell: rows down and columns right. */
export type Offset = readonly [dy: number, dx: number];

/** Lattice dimensions: 1, a row; 2, a grid stored row by row. */
export type Dimensions = 1 | 2;

/**
 * The offsets of a window of this radius, in window order: in a row, (0, −r) … (0, r); in a grid,
 * every (dy, dx) with |dy|, |dx| ≤ r, row by row (dy outer), leftmost first. The centre is the
 * middle entry.
 */
export function windowOffsets(dimensions: Dimensions, radius: number): Offset[] {
  const span = Array.from({ length: 2 * radius + 1 }, (_, k) => k - radius);
  const rows = dimensions === 2 ? span : [0];
  return rows.flatMap((dy) => span.map((dx): Offset => [dy, dx]));
}

/** Cells in a window: 2r + 1 in a row, (2r + 1)² in a grid. */
export function windowSize(dimensions: Dimensions, radius: number): number {
  return (2 * radius + 1) ** dimensions;
}

/** Rows and columns of a lattice: a row is one row of `length` columns. */
export function latticeGrid(lattice: { readonly length: number; readonly columns?: number }): { rows: number; columns: number } {
  const columns = lattice.columns ?? lattice.length;
  return { rows: lattice.length / columns, columns };
}

/**
 * For each window position, the flat index of that neighbour of cell (y, x), or −1 beyond the
 * lattice's edge, written to `out`.
 */
export function neighbourCells(offsets: readonly Offset[], rows: number, columns: number, y: number, x: number, out: Int32Array | number[]): void {
  for (let k = 0; k < offsets.length; k++) {
    const ny = y + offsets[k][0];
    const nx = x + offsets[k][1];
    out[k] = ny >= 0 && ny < rows && nx >= 0 && nx < columns ? ny * columns + nx : -1;
  }
}
