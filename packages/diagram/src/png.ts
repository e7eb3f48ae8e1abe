import { decode, encode } from 'fast-png';
import type { Raster } from './raster.js';

/** A raster as PNG bytes (8-bit RGBA). Pure JavaScript: runs in Node and in a browser alike. */
export function encodePng(raster: Raster): Uint8Array {
  return encode({ width: raster.width, height: raster.height, data: raster.data, depth: 8, channels: 4 });
}

/** PNG bytes back to an RGBA raster (for tests and tools); 8-bit RGB or RGBA only. */
export function decodePng(bytes: Uint8Array): Raster {
  const png = decode(bytes);
  if (png.depth !== 8 || (png.channels !== 3 && png.channels !== 4)) {
    throw new RangeError(`expected an 8-bit RGB or RGBA PNG, got ${png.channels} channels of ${png.depth} bits`);
  }
  const data = new Uint8ClampedArray(png.width * png.height * 4);
  for (let p = 0, q = 0; p < data.length; p += 4, q += png.channels) {
    data[p] = png.data[q];
    data[p + 1] = png.data[q + 1];
    data[p + 2] = png.data[q + 2];
    data[p + 3] = png.channels === 4 ? png.data[q + 3] : 255;
  }
  return { width: png.width, height: png.height, data };
}
