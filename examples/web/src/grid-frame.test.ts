import { multiplication, randomInt, seededRandom } from '@sead/tasks';
import { describe, expect, it } from 'vitest';
import { frameSize, gridFrame, pooledFrameNote } from './grid-frame.js';
import { paletteFor, type Rgb } from './palette.js';

const palette = paletteFor(multiplication.stateSymbols.length);

/** The RGBA of pixel (x, y) of an image `width` pixels wide. */
const pixel = (rgba: Uint8ClampedArray, width: number, x: number, y: number) => Array.from(rgba.subarray(4 * (y * width + x), 4 * (y * width + x) + 4));

/** The mean of some colours, rounded as an 8-bit canvas stores it, made opaque. */
const mean = (colours: Rgb[]) => [0, 1, 2].map((c) => Math.round(colours.reduce((sum, colour) => sum + colour[c], 0) / colours.length)).concat(255);

describe('gridFrame', () => {
  it('draws every cell of a grid at its row and column, in its symbol colour', () => {
    const grid = { rows: 7, columns: 4 };
    // Every symbol somewhere, in no pattern the drawing could get right by accident.
    const random = seededRandom(9);
    const symbols = Uint8Array.from({ length: grid.rows * grid.columns }, () => randomInt(random, 0, palette.length - 1));
    const image = gridFrame(symbols, grid, palette, { width: 960, height: 720 });
    expect([image.width, image.height]).toEqual([4, 7]);
    const rgba = image.rgba();
    for (let y = 0; y < grid.rows; y++) {
      for (let x = 0; x < grid.columns; x++) expect(pixel(rgba, 4, x, y)).toEqual([...palette[symbols[y * grid.columns + x]], 255]);
    }
  });

  it('pools a grid larger than the image into the mean colour of the cells each pixel covers', () => {
    const grid = { rows: 4, columns: 6 };
    const symbols = Uint8Array.from({ length: 24 }, (_, cell) => (cell * 7) % palette.length);
    const image = gridFrame(symbols, grid, palette, { width: 3, height: 3 });
    // One factor both ways: 6 × 4 cells at most 3 × 3 pixels is 3 × 2, two cells by two a pixel.
    expect([image.width, image.height]).toEqual([3, 2]);
    const rgba = image.rgba();
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < 3; x++) {
        const covered = [0, 1].flatMap((dy) => [0, 1].map((dx) => palette[symbols[(2 * y + dy) * 6 + 2 * x + dx]]));
        expect(pixel(rgba, 3, x, y)).toEqual(mean(covered));
      }
    }
  });

  it('refuses symbols that do not fill the grid', () => {
    expect(() => gridFrame(new Uint8Array(11), { rows: 4, columns: 3 }, palette, { width: 9, height: 9 })).toThrow('11 symbols for a grid of 4 × 3 cells');
  });
});

describe('frameSize', () => {
  const max = { width: 960, height: 720 };

  it('gives a pixel per cell to a grid that fits', () => {
    expect(frameSize({ rows: 45, columns: 45 }, max)).toEqual({ width: 45, height: 45 });
  });

  it('keeps the cells square when it pools, whatever the shape', () => {
    expect(frameSize({ rows: 1000, columns: 3000 }, max)).toEqual({ width: 960, height: 320 });
    expect(frameSize({ rows: 3000, columns: 1000 }, max)).toEqual({ width: 240, height: 720 });
    // A single row or column stays at least a pixel thick.
    expect(frameSize({ rows: 1, columns: 2048 }, max)).toEqual({ width: 960, height: 1 });
    expect(frameSize({ rows: 10_000_000, columns: 1 }, max)).toEqual({ width: 1, height: 720 });
  });
});

describe('pooledFrameNote', () => {
  it('says nothing of a frame with a pixel per cell', () => {
    expect(pooledFrameNote({ rows: 45, columns: 45 }, { width: 45, height: 45 })).toBe('');
  });

  it('says how many cells a pixel covers each way', () => {
    const grid = { rows: 3000, columns: 1000 };
    expect(pooledFrameNote(grid, frameSize(grid, { width: 960, height: 720 }))).toBe('Downsampled: each pixel is the mean colour of about 4 × 4 cells');
  });
});
