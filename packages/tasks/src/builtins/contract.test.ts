/**
 * The Task contract, checked for every built-in task on many random and adversarial instances:
 * lattice encoding, cell targets vs solve, parse/format round trips, and the reference local rule.
 * Multiplication is checked too, before it is registered.
 */
import { describe, expect, it } from 'vitest';
import { builtinTasks } from '../index.js';
import { seededRandom } from '../random.js';
import { OUTSIDE, type Lattice, type Task } from '../task.js';
import { asciiBytes } from '../fields.js';
import { latticeProblem } from '../check-lattice.js';
import { errorOf } from '../test-errors.js';

/**
 * One synchronous step of the task's rule on every cell, with OUTSIDE beyond the edges: a row's
 * window leftmost first, a grid's row by row, top row first (written for the test).
 */
function stepAll(task: Task<any, any>, lattice: Lattice, states: Uint8Array): Uint8Array {
  const { radius } = task.rule!;
  const columns = lattice.columns ?? lattice.length;
  const rows = lattice.length / columns;
  const reach = task.dimensions === 2 ? radius : 0;
  const next = new Uint8Array(lattice.length);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const t: number[] = [];
      const s: number[] = [];
      for (let ny = y - reach; ny <= y + reach; ny++) {
        for (let nx = x - radius; nx <= x + radius; nx++) {
          const inside = ny >= 0 && ny < rows && nx >= 0 && nx < columns;
          t.push(inside ? lattice.tokens[ny * columns + nx] : OUTSIDE);
          s.push(inside ? states[ny * columns + nx] : OUTSIDE);
        }
      }
      next[y * columns + x] = task.rule!.next(t, s);
    }
  }
  return next;
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Independent answers, in `formatOutput` form. */
const reference: Record<string, (x: any) => string> = {
  parity: ({ bits }: { bits: string }) => String(bits.split('').filter((c) => c === '1').length % 2),
  addition: ({ a, b }: { a: string; b: string }) => (BigInt(a) + BigInt(b)).toString(),
  multiplication: ({ a, b }: { a: string; b: string }) => {
    const value = (bits: string) => [...bits].reduce((v, c) => 2n * v + BigInt(c), 0n);
    return (value(a) * value(b)).toString(2);
  },
  rule110: ({ cells, steps }: { cells: string; steps: number }) => {
    const n = cells.length;
    const mask = (1n << BigInt(n)) - 1n;
    let x = BigInt('0b' + cells);
    for (let t = 0; t < steps; t++) {
      const l = x >> 1n;
      const r = (x << 1n) & mask;
      x = (x | r) & ~(l & x & r) & mask;
    }
    return x.toString(2).padStart(n, '0');
  },
};

/** Cells of an instance's lattice: addition keeps one for the final carry, multiplication is a grid. */
const cellsOf: Record<string, (x: any) => number> = {
  parity: ({ bits }: { bits: string }) => bits.length,
  addition: ({ a, b }: { a: string; b: string }) => Math.max(a.length, b.length) + 1,
  rule110: ({ cells }: { cells: string }) => cells.length,
  multiplication: ({ a, b }: { a: string; b: string }) => a.length * b.length,
};

const families: Record<string, string[]> = {
  parity: ['all-ones', 'one-at-left-end', 'one-at-right-end'],
  addition: ['nines-plus-one', 'one-plus-nines', 'nines-plus-nines', 'carry-chain', 'uneven-lengths', 'leading-zeros'],
  rule110: ['single-cell-right', 'all-ones', 'ether', 'all-zeros'],
  multiplication: [
    'ones-times-ones',
    'one-times-x',
    'x-times-one',
    'power-of-two-times-ones',
    'zero-times-x',
    'padded-two-times-two',
    'long-times-short',
    'short-times-long',
    'alternating',
  ],
};

const LENGTHS = [1, 2, 3, 4, 7, 16, 33, 64, 100];
/** A grid of side n has n² cells, stepped here one rule call at a time: sides up to 33. */
const lengthsOf = (task: Task<any, any>) => (task.dimensions === 2 ? LENGTHS.filter((n) => n <= 33) : LENGTHS);
const PER_LENGTH = 12;

/** Random instances plus every adversarial one, at every test length. */
function instances(task: Task<any, any>, seed: number): any[] {
  const random = seededRandom(seed);
  const out: any[] = [];
  for (const n of lengthsOf(task)) {
    for (let k = 0; k < PER_LENGTH; k++) out.push(task.random(n, random));
    out.push(...task.adversarial(n).map((f) => f.instance));
  }
  return out;
}

it('the built-ins are parity, addition and rule110, and each has a reference here', () => {
  expect(builtinTasks.map((t) => t.id)).toEqual(['parity', 'addition', 'rule110', 'multiplication']);
});

describe.each([...builtinTasks].map((t) => [t.id, t as Task<any, any>] as const))('%s', (id, task) => {
  it('solve agrees with an independent computation', () => {
    for (const x of instances(task, 1)) expect(task.formatOutput(task.solve(x)), JSON.stringify(x)).toBe(reference[id](x));
  });

  it('decode(instance, cellTargets(instance)) equals solve(instance)', () => {
    for (const x of instances(task, 2)) {
      const targets = task.cellTargets!(x);
      expect(targets.length).toBe(task.encode(x).length);
      expect(targets.every((s) => s < task.stateSymbols.length)).toBe(true);
      expect(task.equal(task.decode(x, targets), task.solve(x)), JSON.stringify(x)).toBe(true);
    }
  });

  it('encode gives `length` tokens, all inside the input alphabet', () => {
    for (const x of instances(task, 3)) {
      const lattice = task.encode(x);
      expect(lattice.tokens).toBeInstanceOf(Uint8Array);
      expect(lattice.tokens.length).toBe(lattice.length);
      expect(lattice.tokens.every((t) => t < task.inputAlphabet.length)).toBe(true);
      if (lattice.initialState) {
        expect(lattice.initialState.length).toBe(lattice.length);
        expect(lattice.initialState.every((s) => s < task.stateSymbols.length)).toBe(true);
      }
      if (task.dynamics === 'rollout') expect(Number.isInteger(lattice.steps) && lattice.steps! >= 0).toBe(true);
      else expect(lattice.steps).toBeUndefined();
    }
  });

  it('encodes only windows of tokens its tokenWindowOccurs allows (radius 1 and 2), and it refuses some', () => {
    const occurs = task.tokenWindowOccurs;
    if (!occurs) return;
    for (const x of instances(task, 6)) for (const radius of [1, 2]) expect(latticeProblem(task, task.encode(x), radius)).toBeUndefined();
    // A declaration that allows every window says nothing: it must refuse some window of the
    // alphabet. Every window of radius 1, its centre inside: digit k of the index is entry k + 1.
    const V = task.inputAlphabet.length;
    const size = task.dimensions === 2 ? 9 : 3;
    const centre = (size - 1) / 2;
    let refused = 0;
    for (let index = 0; index < (V + 1) ** size; index++) {
      const window = Array.from({ length: size }, (_, k) => (Math.floor(index / (V + 1) ** k) % (V + 1)) - 1);
      if (window[centre] !== OUTSIDE && !occurs.call(task, window)) refused++;
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('lengthOf is the requested length, and the lattice has the cells the instance needs', () => {
    const random = seededRandom(4);
    for (const n of lengthsOf(task)) {
      const x = task.random(n, random);
      expect(task.lengthOf(x)).toBe(n);
      expect(task.encode(x).length).toBe(cellsOf[id](x));
      for (const f of task.adversarial(n)) {
        expect(task.lengthOf(f.instance), f.family).toBeGreaterThanOrEqual(n);
        expect(task.lengthOf(f.instance), f.family).toBeLessThanOrEqual(Math.max(n, 2));
        expect(task.encode(f.instance).length).toBe(cellsOf[id](f.instance));
      }
    }
  });

  it('parse(format(x)) round-trips, also through JSON text', () => {
    for (const x of instances(task, 5)) {
      expect(task.parse(task.format(x))).toEqual(x);
      expect(task.parse(JSON.parse(JSON.stringify(task.format(x))))).toEqual(x);
    }
  });

  it('encodeBytes and decodeBytes do what parse, encode, decode and formatOutput do', () => {
    const random = seededRandom(12);
    const text = (pieces: Iterable<Uint8Array>) => Array.from(pieces, (p) => String.fromCharCode(...p)).join('');
    for (const x of instances(task, 13)) {
      const input = task.format(x);
      // Strings as bytes, as `sead predict` hands long ones over; and as strings.
      const asBytes = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'string' ? asciiBytes(v) : v]));
      const lattice = task.encode(task.parse(input));
      expect(task.encodeBytes!(asBytes)).toEqual(lattice);
      expect(task.encodeBytes!(input)).toEqual(lattice);
      const states = Uint8Array.from({ length: lattice.length }, () => Math.floor(random() * task.stateSymbols.length));
      for (const s of [states, task.cellTargets!(x), new Uint8Array(lattice.length)]) {
        expect(text(task.decodeBytes!(lattice, s)), JSON.stringify(x)).toBe(task.formatOutput(task.decode(x, s)));
      }
    }
  });

  it('encodeBytes rejects what parse rejects, with the same message', () => {
    const field = Object.keys(task.format(task.random(3, seededRandom(14))))[0];
    const bad: unknown[] = [
      null,
      [1, 2],
      'text',
      {},
      { [field]: '' },
      { [field]: '01x1' },
      { [field]: '1 0' },
      { [field]: '-1' },
      { [field]: 12.5 },
      { [field]: true },
      { [field]: '\u0030' },
      { ...task.format(task.random(3, seededRandom(15))), [field]: '0120' },
      { ...task.format(task.random(3, seededRandom(16))), steps: -1, b: 'z' },
    ];
    for (const input of bad) {
      let expected: string | undefined;
      try {
        task.parse(input);
      } catch (error) {
        expected = (error as Error).message;
      }
      if (expected === undefined) continue;
      const asBytes = input !== null && typeof input === 'object' && !Array.isArray(input) ? Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'string' && v.length > 0 ? asciiBytes(v) : v])) : input;
      expect(errorOf(() => task.encodeBytes!(asBytes)), JSON.stringify(input)).toBe(expected);
      expect(errorOf(() => task.encodeBytes!(input)), JSON.stringify(input)).toBe(expected);
    }
  });

  it('equal tells answers apart', () => {
    const random = seededRandom(6);
    const outputs = new Set<string>();
    for (let k = 0; k < 40; k++) {
      const answer = task.solve(task.random(8, random));
      expect(task.equal(answer, answer)).toBe(true);
      outputs.add(task.formatOutput(answer));
    }
    const [p, q] = [...outputs];
    const parse = (s: string): unknown => (id === 'parity' ? Number(s) : s);
    expect(task.equal(parse(p), parse(q))).toBe(false);
  });

  it('has every adversarial family, each solved correctly', () => {
    for (const n of LENGTHS) {
      const named = task.adversarial(n);
      const names = named.map((f) => f.family);
      for (const family of families[id]) expect(names, `length ${n}`).toContain(family);
      expect(new Set(names).size).toBe(names.length);
      for (const { family, instance } of named) {
        expect(task.formatOutput(task.solve(instance)), `${family} at ${n}`).toBe(reference[id](instance));
        expect(task.equal(task.decode(instance, task.cellTargets!(instance)), task.solve(instance)), family).toBe(true);
        expect(task.parse(task.format(instance))).toEqual(instance);
      }
    }
  });

  if (task.dynamics === 'fixed-point') {
    it('the reference rule relaxes from the initial state to cellTargets within length + 1 steps', () => {
      for (const x of instances(task, 7)) {
        const lattice = task.encode(x);
        let states: Uint8Array = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(lattice.length);
        let settled = false;
        for (let t = 0; t <= lattice.length + 1 && !settled; t++) {
          const next = stepAll(task, lattice, states);
          settled = same(next, states);
          states = next;
        }
        expect(settled, JSON.stringify(x)).toBe(true);
        expect(Array.from(states)).toEqual(Array.from(task.cellTargets!(x)));
        expect(task.equal(task.decode(x, states), task.solve(x))).toBe(true);
      }
    });

    it('the reference rule reaches cellTargets from any starting states too, within length steps', () => {
      const random = seededRandom(8);
      for (const x of instances(task, 9)) {
        const lattice = task.encode(x);
        let states: Uint8Array = Uint8Array.from({ length: lattice.length }, () => Math.floor(random() * task.stateSymbols.length));
        // A step that changes nothing has reached a fixed point, which every later step keeps.
        for (let t = 0, changed = true; t < lattice.length && changed; t++) {
          const next = stepAll(task, lattice, states);
          changed = !same(next, states);
          states = next;
        }
        expect(Array.from(states)).toEqual(Array.from(task.cellTargets!(x)));
      }
    });

    it('cellTargets is a fixed point of the reference rule', () => {
      for (const x of instances(task, 10)) {
        const targets = task.cellTargets!(x);
        expect(Array.from(stepAll(task, task.encode(x), targets))).toEqual(Array.from(targets));
      }
    });
  } else {
    it('the reference rule run for `steps` steps from the initial state ends at cellTargets', () => {
      for (const x of instances(task, 11)) {
        const lattice = task.encode(x);
        let states: Uint8Array = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(lattice.length);
        for (let t = 0; t < lattice.steps!; t++) states = stepAll(task, lattice, states);
        expect(Array.from(states)).toEqual(Array.from(task.cellTargets!(x)));
      }
    });

    it('the reference rule is Rule 110 with OUTSIDE read as 0', () => {
      for (let k = 0; k < 8; k++) {
        const [l, c, r] = [(k >> 2) & 1, (k >> 1) & 1, k & 1];
        const expected = (110 >> k) & 1;
        expect(task.rule!.next([0, 0, 0], [l, c, r])).toBe(expected);
        if (l === 0) expect(task.rule!.next([OUTSIDE, 0, 0], [OUTSIDE, c, r])).toBe(expected);
        if (r === 0) expect(task.rule!.next([0, 0, OUTSIDE], [l, c, OUTSIDE])).toBe(expected);
      }
    });
  }
});
