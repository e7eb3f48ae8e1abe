import { GAP_COLOUR } from './colours.js';
import { gridLayout, type GridPictureOptions } from './grid-layout.js';
import type { GridTrace } from './grid-trace.js';
import { layout, type Layout, type PictureOptions } from './layout.js';
import type { Trace } from './trace.js';

/**
 * RGBA pixels, row-major from the top left, 4 bytes a pixel: what a browser's
 * `new ImageData(raster.data, raster.width, raster.height)` takes.
 */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** The spacetime diagram of a trace as pixels: time down, cells across. No DOM, no Node APIs. */
export function renderRaster(trace: Trace, options: PictureOptions = {}): Raster {
  return rasterOf(layout(trace, options));
}

/** The picture of a grid's run as pixels: when each cell last changed, beside what it ends as (see `gridLayout`). */
export function renderGridRaster(trace: GridTrace, options: GridPictureOptions = {}): Raster {
  return rasterOf(gridLayout(trace, options));
}

/** Paints a layout. */
export function rasterOf(plan: Layout): Raster {
  const { width, height, blockWidth: bw, blockHeight: bh, columns, blockRows } = plan;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < data.length; p += 4) {
    data[p] = GAP_COLOUR[0];
    data[p + 1] = GAP_COLOUR[1];
    data[p + 2] = GAP_COLOUR[2];
    data[p + 3] = 255;
  }
  const fill = (x0: number, y0: number, w: number, h: number, colours: Uint8Array, k: number) => {
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0, p = (y * width + x0) * 4; x < x0 + w; x++, p += 4) {
        data[p] = colours[3 * k];
        data[p + 1] = colours[3 * k + 1];
        data[p + 2] = colours[3 * k + 2];
      }
    }
  };
  for (const panel of plan.panels) {
    for (let b = 0; b < blockRows; b++) {
      for (let j = 0; j < columns; j++) fill(panel.left + j * bw, b * bh, bw, bh, panel.blocks, b * columns + j);
    }
    if (plan.band) for (let j = 0; j < columns; j++) fill(panel.left + j * bw, plan.band.top, bw, plan.band.height, panel.band, j);
  }
  return { width, height, data };
}
