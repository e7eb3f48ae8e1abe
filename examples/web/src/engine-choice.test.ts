import { multiplication, parity, rule110 } from '@sead/tasks';
import { describe, expect, it } from 'vitest';
import { engineFor, LIVE_CELLS, MAX_CELLS, sizeProblem } from './engine-choice.js';

const product = (a: number, b: number) => multiplication.encode({ a: '1'.repeat(a), b: '1'.repeat(b) });

describe('engineFor', () => {
  it('plays short runs live and sends long ones to the sparse engine', () => {
    expect(engineFor(parity, parity.encode({ bits: '1'.repeat(LIVE_CELLS) }))).toBe('live-dense');
    expect(engineFor(parity, parity.encode({ bits: '1'.repeat(LIVE_CELLS + 1) }))).toBe('sparse');
    expect(engineFor(rule110, rule110.encode({ cells: '0101', steps: 100 }))).toBe('live-dense');
    // A narrow row rolled out for a million steps would hold a million rows in the page.
    expect(engineFor(rule110, rule110.encode({ cells: '0101', steps: 1_000_000 }))).toBe('sparse');
  });

  it('plays grids live up to as many cells as a row', () => {
    const side = Math.floor(Math.sqrt(LIVE_CELLS));
    expect(engineFor(multiplication, product(side, side))).toBe('live-dense');
    expect(engineFor(multiplication, product(1, LIVE_CELLS))).toBe('live-dense');
    expect(engineFor(multiplication, product(side + 1, side + 1))).toBe('sparse');
  });
});

describe('sizeProblem', () => {
  it('takes lattices of up to MAX_CELLS cells', () => {
    expect(sizeProblem({ length: MAX_CELLS, tokens: new Uint8Array(0) })).toBeUndefined();
    expect(sizeProblem(product(1, 1))).toBeUndefined();
  });

  it('says how many cells a longer row has', () => {
    expect(sizeProblem({ length: MAX_CELLS + 1, tokens: new Uint8Array(0) })).toBe('10,000,001 cells: the playground runs up to 10,000,000; the sead command runs longer inputs.');
  });

  it('says the shape of a larger grid', () => {
    expect(sizeProblem(product(4000, 2501))).toBe(
      'A grid of 4,000 rows × 2,501 columns (10,004,000 cells): the playground runs grids of up to 10,000,000 cells; the sead command runs larger ones.',
    );
  });
});
