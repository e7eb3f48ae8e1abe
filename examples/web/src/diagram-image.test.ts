import { describe, expect, it } from 'vitest';
import { DiagramImage, imageSize } from './diagram-image.js';
import type { Rgb } from './palette.js';

const palette: Rgb[] = [
  [0, 0, 0],
  [200, 100, 50],
  [10, 20, 30],
];

/** The RGBA of pixel (x, y). */
const pixel = (image: DiagramImage, rgba: Uint8ClampedArray, x: number, y: number) => Array.from(rgba.subarray(4 * (y * image.width + x), 4 * (y * image.width + x) + 4));

describe('DiagramImage', () => {
  it('draws one pixel per cell and step in the symbol colours when it fits', () => {
    const image = new DiagramImage(3, 2, { width: 100, height: 100 }, palette);
    image.add(0, Uint8Array.of(0, 1, 2));
    image.add(1, Uint8Array.of(2, 2, 1));
    const rgba = image.rgba();
    expect([image.width, image.height]).toEqual([3, 2]);
    expect(pixel(image, rgba, 1, 0)).toEqual([200, 100, 50, 255]);
    expect(pixel(image, rgba, 0, 1)).toEqual([10, 20, 30, 255]);
  });

  it('pools cells and steps into the mean colour of what each pixel covers', () => {
    const image = new DiagramImage(4, 4, { width: 2, height: 2 }, palette);
    image.add(0, Uint8Array.of(0, 1, 1, 1));
    image.add(1, Uint8Array.of(0, 0, 1, 1));
    image.add(2, Uint8Array.of(1, 1, 1, 1));
    const rgba = image.rgba();
    // Pixel (0, 0) covers cells 0–1 at t = 0–1: one cell of symbol 1 among four.
    expect(pixel(image, rgba, 0, 0)).toEqual([50, 25, 13, 255]);
    expect(pixel(image, rgba, 1, 0)).toEqual([200, 100, 50, 255]);
    // Pixel row 1 has only t = 2 so far: its mean is over what was added, not over what will be.
    expect(pixel(image, rgba, 0, 1)).toEqual([200, 100, 50, 255]);
  });

  it('leaves rows no step has reached transparent', () => {
    const image = new DiagramImage(2, 3, { width: 10, height: 10 }, palette);
    image.add(0, Uint8Array.of(1, 1));
    expect(pixel(image, image.rgba(), 0, 2)).toEqual([0, 0, 0, 0]);
  });

  it('maps every time step to the pixel row whose first step range holds it', () => {
    for (const [rows, height] of [
      [10, 3],
      [1_000_001, 400],
      [7, 7],
      [401, 400],
    ]) {
      const image = new DiagramImage(5, rows, { width: 5, height }, palette);
      for (let y = 0; y < image.height; y++) {
        const [first, next] = [image.firstStep(y), image.firstStep(y + 1)];
        expect(next).toBeGreaterThan(first);
        for (const t of [first, next - 1]) expect(image.pixelRow(t)).toBe(y);
      }
      expect(image.firstStep(image.height)).toBe(rows);
    }
  });

  it('rejects rows that do not belong to it', () => {
    const image = new DiagramImage(2, 2, { width: 2, height: 2 }, palette);
    expect(() => image.add(2, Uint8Array.of(0, 0))).toThrow('time step 2 is outside the diagram');
    expect(() => image.add(0, Uint8Array.of(0))).toThrow('a row of 1 cells in a diagram of 2');
    expect(() => image.add(0, Uint8Array.of(0, 7))).toThrow('state symbol 7 has no colour');
    expect(() => new DiagramImage(0, 1, { width: 1, height: 1 }, palette)).toThrow('at least one cell');
  });

  it('sizes an image by the cells and steps, within a maximum', () => {
    expect(imageSize(16, 17, { width: 960, height: 600 })).toEqual({ width: 16, height: 17 });
    expect(imageSize(1_000_000, 1_000_001, { width: 960, height: 600 })).toEqual({ width: 960, height: 600 });
  });
});
