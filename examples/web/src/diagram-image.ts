import type { Rgb } from './palette.js';

/** Pixels of a diagram image. */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** One pixel per cell and per time step, up to `max`: larger runs are pooled into it. */
export function imageSize(cells: number, rows: number, max: ImageSize): ImageSize {
  return { width: Math.max(1, Math.min(cells, max.width)), height: Math.max(1, Math.min(rows, max.height)) };
}

/**
 * A spacetime diagram, time down and cells across, filled one time step at a time. When there are
 * more cells or steps than pixels, a pixel shows the mean colour of every cell and step added to
 * it (a box filter): a carry wave crossing a million digits still tints the pixels it passes
 * instead of falling between samples. Pixels no row has reached yet stay transparent.
 */
export class DiagramImage {
  readonly width: number;
  readonly height: number;
  readonly cells: number;
  readonly rows: number;
  readonly #palette: readonly Rgb[];
  /** The pixel column of every cell. */
  readonly #column: Uint32Array;
  readonly #sums: Float64Array;
  readonly #counts: Float64Array;

  /** `rows` is the number of time steps the image will span (steps + 1 for a run from t = 0). */
  constructor(cells: number, rows: number, size: ImageSize, palette: readonly Rgb[]) {
    if (!(Number.isInteger(cells) && cells >= 1 && Number.isInteger(rows) && rows >= 1)) {
      throw new RangeError(`a diagram needs at least one cell and one row, got ${cells} × ${rows}`);
    }
    this.cells = cells;
    this.rows = rows;
    this.width = Math.min(size.width, cells);
    this.height = Math.min(size.height, rows);
    this.#palette = palette;
    this.#column = new Uint32Array(cells);
    for (let i = 0; i < cells; i++) this.#column[i] = Math.floor((i * this.width) / cells);
    this.#sums = new Float64Array(this.width * this.height * 3);
    this.#counts = new Float64Array(this.width * this.height);
  }

  /** The pixel row of time step `t`. */
  pixelRow(t: number): number {
    return Math.floor((t * this.height) / this.rows);
  }

  /** The first time step of pixel row `y` (the steps of row y are [firstStep(y), firstStep(y + 1))). */
  firstStep(y: number): number {
    return Math.ceil((y * this.rows) / this.height);
  }

  /** Adds the lattice's symbols at time step `t`. */
  add(t: number, symbols: Uint8Array): void {
    if (!(Number.isInteger(t) && t >= 0 && t < this.rows)) throw new RangeError(`time step ${t} is outside the diagram's 0…${this.rows - 1}`);
    if (symbols.length !== this.cells) throw new RangeError(`a row of ${symbols.length} cells in a diagram of ${this.cells}`);
    const base = this.pixelRow(t) * this.width;
    const sums = this.#sums;
    const counts = this.#counts;
    const column = this.#column;
    const palette = this.#palette;
    for (let i = 0; i < symbols.length; i++) {
      const pixel = base + column[i];
      const colour = palette[symbols[i]];
      if (colour === undefined) throw new RangeError(`state symbol ${symbols[i]} has no colour`);
      sums[3 * pixel] += colour[0];
      sums[3 * pixel + 1] += colour[1];
      sums[3 * pixel + 2] += colour[2];
      counts[pixel]++;
    }
  }

  /** RGBA bytes, row by row, for `ImageData`. */
  rgba(): Uint8ClampedArray<ArrayBuffer> {
    const out = new Uint8ClampedArray(this.width * this.height * 4);
    for (let p = 0; p < this.#counts.length; p++) {
      const n = this.#counts[p];
      if (n === 0) continue;
      out[4 * p] = Math.round(this.#sums[3 * p] / n);
      out[4 * p + 1] = Math.round(this.#sums[3 * p + 1] / n);
      out[4 * p + 2] = Math.round(this.#sums[3 * p + 2] / n);
      out[4 * p + 3] = 255;
    }
    return out;
  }
}
