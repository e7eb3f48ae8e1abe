import { describe, expect, it } from 'vitest';
import { OUTSIDE, randomInt, type LocalRule, type Task } from '@sead/tasks';
import { useBackend } from '../backend.js';
import { SeadModel } from '../model/model.js';
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

  it('agrees with a reference that is the model itself, on every window its runs meet', () => {
    const check = checkGridWindows(model, squareTask(own), few(squareTask(own)));
    expect(check.mismatches).toBe(0);
    expect(check.windows).toBeGreaterThan(50);
    expect(check.largestLength).toBe(32);
    expect(check.agrees).toBe(check.minMargin > 1e-3);
  });

  it('names the windows where a reference differs', () => {
    // The same rule, except on windows whose centre holds token 1 in symbol 0 with nothing above it.
    const differs = (t: ArrayLike<number>, s: ArrayLike<number>) => t[4] === 1 && s[4] === 0 && t[1] === OUTSIDE;
    const other: LocalRule = { radius: 1, next: (t, s) => (differs(t, s) ? (own.next(t, s) + 1) % 3 : own.next(t, s)) };
    const check = checkGridWindows(model, squareTask(other), few(squareTask(other)));
    expect(check.agrees).toBe(false);
    expect(check.mismatches).toBeGreaterThan(0);
    for (const d of check.differences) {
      expect(differs(d.tokens, d.states)).toBe(true);
      expect(d.reference).toBe((d.network + 1) % 3);
    }
  });
});
