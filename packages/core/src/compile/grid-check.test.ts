import { describe, expect, it } from 'vitest';
import { OUTSIDE, randomInt, type LocalRule, type Task } from '@sead/tasks';
import { useBackend } from '../backend.js';
import { SeadModel } from '../model/model.js';
import { WEIGHT_NAMES, weightShapes } from '../model/config.js';
import type { WeightArrays } from '../model/weights.js';
import { checkGridWindows, gridCheckLattices } from './grid-check.js';
import { argmax, gridWindowLogits } from './grid-table.js';

type Square = { side: number; bits: number[] };

/** A grid task whose reference rule is given: square grids of random tokens, all cells in symbol 0. */
function squareTask(rule: LocalRule): Task<Square, string> {
  const encode = ({ side, bits }: Square) => ({ length: side * side, columns: side, tokens: Uint8Array.from(bits) });
  return {
    id: 'square',
    description: 'a test grid',
    dynamics: 'fixed-point',
    dimensions: 2,
    inputAlphabet: [[1, 0], [0, 1]],
    stateSymbols: ['a', 'b', 'c'],
    readout: 'all',
    rule,
    encode,
    decode: (_x, states) => states.join(''),
    solve: () => '',
    equal: (a, b) => a === b,
    random: (side, random) => ({ side, bits: Array.from({ length: side * side }, () => randomInt(random, 0, 1)) }),
    adversarial: (side) => [{ family: 'ones', instance: { side, bits: new Array(side * side).fill(1) } }],
    lengthOf: (x) => x.side,
    parse: (x) => x as Square,
    format: (x) => ({ ...x }),
    formatOutput: (o) => o,
  };
}

describe('checkGridWindows', async () => {
  // The model's weights are tensors: a backend first (collection awaits an async describe).
  await useBackend('cpu');
  const model = SeadModel.create({ id: 'square', dimensions: 2, dynamics: 'fixed-point', inputAlphabet: [[1, 0], [0, 1]], stateSymbols: ['a', 'b', 'c'] }, { channels: 3, embedding: 2, hidden: 6, radius: 1 }, 'discrete', 3);
  const task0 = squareTask({ radius: 1, next: () => 0 });
  const { base, logits } = gridWindowLogits(model, task0);
  /** The model's own rule, as a reference: decoded from the window, evaluated as the table does. */
  const own: LocalRule = {
    radius: 1,
    next(tokens, states) {
      let key = 0;
      for (let k = 0; k < 9; k++) key += (tokens[k] === OUTSIDE ? 0 : 1 + tokens[k] * 3 + states[k]) * base ** k;
      return argmax(logits(key));
    },
  };
  const few = (task: Task<Square, string>) => gridCheckLattices(task, 4, 1);
  // The rule of a random model reaches windows without end: its closure is stopped by a bound.
  const small = { maxWindows: 5000 };

  it('agrees with a reference that is the model itself, on every window its runs meet', () => {
    const check = checkGridWindows(model, squareTask(own), few(squareTask(own)), small);
    expect(check.mismatches).toBe(0);
    expect(check.windows).toBeGreaterThan(50);
    expect(check.largestLength).toBe(32);
    expect(check.agrees).toBe(check.minMargin > 1e-3);
    expect(check.closure).toMatchObject({ complete: false, why: expect.stringMatching(/passed 5000 windows/) });
    expect(check.certified).toBe(false);
  });

  it('names the windows where a reference differs', () => {
    // The same rule, except on windows whose centre holds token 1 in symbol 0 with nothing above it.
    const differs = (t: ArrayLike<number>, s: ArrayLike<number>) => t[4] === 1 && s[4] === 0 && t[1] === OUTSIDE;
    const other: LocalRule = { radius: 1, next: (t, s) => (differs(t, s) ? (own.next(t, s) + 1) % 3 : own.next(t, s)) };
    const check = checkGridWindows(model, squareTask(other), few(squareTask(other)), small);
    expect(check.agrees).toBe(false);
    expect(check.mismatches).toBeGreaterThan(0);
    for (const d of check.differences) {
      expect(differs(d.tokens, d.states)).toBe(true);
      expect(d.reference).toBe((d.network + 1) % 3);
    }
  });

  describe('on the closure of reachable windows', () => {
    // A model that answers symbol 0 everywhere: from all zeros nothing moves, so the closure is the
    // start windows, and the certificate is decided on them.
    const shape = { id: 'square', dimensions: 2 as const, dynamics: 'fixed-point' as const, inputAlphabet: [[1, 0], [0, 1]], stateSymbols: ['a', 'b', 'c'] };
    const still = (() => {
      const config = SeadModel.create(shape, { channels: 3, embedding: 2, hidden: 6, radius: 1 }, 'discrete', 1);
      const shapes = weightShapes(config.config);
      const w = Object.fromEntries(WEIGHT_NAMES.map((n) => [n, new Array(shapes[n].reduce((a, b) => a * b, 1)).fill(0)])) as WeightArrays;
      w.bh[0] = 1;
      config.dispose();
      return new SeadModel(config.config, 'square', w);
    })();

    it('certifies a model equal to the reference on every window of a complete closure', () => {
      const check = checkGridWindows(still, squareTask({ radius: 1, next: () => 0 }), few(squareTask({ radius: 1, next: () => 0 })));
      expect(check.closure.complete).toBe(true);
      // Every token window with whole rows or columns beyond the edge: 16 ways, 2 tokens a cell.
      const sides = [3, 2, 2, 1]; // no edge, an edge on one side or the other, or on both
      expect(check.closure.windows).toBe(sides.reduce((n, rows) => n + sides.reduce((m, columns) => m + 2 ** (rows * columns), 0), 0));
      expect(check).toMatchObject({ certified: true, agrees: true, mismatches: 0 });
    });

    it('names the windows of the closure where the reference differs', () => {
      const rule = { radius: 1, next: (t: ArrayLike<number>) => (t[4] === 1 && t[1] === OUTSIDE ? 1 : 0) };
      const check = checkGridWindows(still, squareTask(rule), few(squareTask(rule)));
      expect(check.certified).toBe(false);
      expect(check.closure.mismatches).toBeGreaterThan(0);
      for (const d of check.closure.differences) expect(d).toMatchObject({ network: 0, reference: 1, tokens: expect.arrayContaining([OUTSIDE]) });
    });
  });
});
