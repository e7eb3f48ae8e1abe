import { DiagramImage, imageSize, type ImageSize } from './diagram-image.js';
import type { Rgb } from './palette.js';

/** The largest diagram image, in pixels: beyond it, cells and steps are pooled. */
export const MAX_IMAGE: ImageSize = { width: 960, height: 720 };
/** A cell is drawn at most this many CSS pixels wide, so that short inputs stay a picture, not a chessboard. */
const MAX_CELL_CSS = 24;
/** A grid's cell may be drawn larger: a frame has no time axis to make room for, and a small product is a few cells across. */
export const GRID_CELL_CSS = 48;

/** Puts diagram images on a canvas, scaled to fit its figure without smoothing. */
export class DiagramCanvas {
  readonly #canvas: HTMLCanvasElement;
  readonly #context: CanvasRenderingContext2D;

  constructor(canvas: HTMLCanvasElement) {
    this.#canvas = canvas;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser gives the page no 2D canvas to draw the diagram on');
    this.#context = context;
  }

  /**
   * Draws an image. `square`: its pixels stand for square patches (a live run's cells and steps, a
   * grid's cells), shown as squares at most `largestPixel` CSS pixels wide. Otherwise the image is
   * a pooled diagram whose pixels have no natural shape, so it fills a landscape frame.
   */
  draw(width: number, height: number, rgba: Uint8ClampedArray<ArrayBuffer>, description: string, square: boolean, largestPixel = MAX_CELL_CSS): void {
    const canvas = this.#canvas;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    this.#context.putImageData(new ImageData(rgba, width, height), 0, 0);
    const room = canvas.parentElement?.clientWidth || width;
    const tallest = 0.7 * window.innerHeight;
    let cssWidth: number;
    let cssHeight: number;
    if (square) {
      const scale = Math.min(room / width, tallest / height, largestPixel);
      [cssWidth, cssHeight] = [width * scale, height * scale];
    } else {
      [cssWidth, cssHeight] = [room, Math.min(0.6 * room, tallest, height * MAX_CELL_CSS)];
    }
    canvas.style.width = `${Math.max(1, Math.floor(cssWidth))}px`;
    canvas.style.height = `${Math.max(1, Math.floor(cssHeight))}px`;
    canvas.setAttribute('aria-label', description);
  }
}

/**
 * The diagram of a live run, kept up to date a row at a time. It is laid out for the rows the run
 * is expected to take, so it fills downwards as time passes; a run that outgrows them is laid out
 * again for twice as many.
 */
export class LiveDiagram {
  readonly #cells: number;
  readonly #palette: readonly Rgb[];
  #image: DiagramImage;
  #added = 0;

  constructor(cells: number, expectedRows: number, palette: readonly Rgb[]) {
    this.#cells = cells;
    this.#palette = palette;
    this.#image = this.#layout(expectedRows);
  }

  /** Adds the rows of `history` not drawn yet; returns the image. */
  update(history: readonly Uint8Array[]): DiagramImage {
    if (history.length > this.#image.rows) {
      this.#image = this.#layout(Math.max(history.length, 2 * this.#image.rows));
      this.#added = 0;
    }
    for (; this.#added < history.length; this.#added++) this.#image.add(this.#added, history[this.#added]);
    return this.#image;
  }

  /** The finished run's image, laid out for exactly its rows (a random addition settles in a few). */
  fit(history: readonly Uint8Array[]): DiagramImage {
    if (history.length !== this.#image.rows) {
      this.#image = this.#layout(history.length);
      this.#added = 0;
    }
    return this.update(history);
  }

  #layout(rows: number): DiagramImage {
    return new DiagramImage(this.#cells, rows, imageSize(this.#cells, rows, MAX_IMAGE), this.#palette);
  }
}
