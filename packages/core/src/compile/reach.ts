import type { CompiledRule } from './compile.js';
import { Windows } from './windows.js';

/** What the closure reads of a compiled rule: its table and how it is indexed. */
type TableOf = Pick<CompiledRule, 'radius' | 'base' | 'states' | 'table'>;
/**
 * The neighbourhoods a run can meet, as a set of table indices: a sound over-approximation.
 *
 * Which windows occur in actual runs is undecidable in general (Rule 110 is universal), but a
 * superset is cheap. At t = 0 a window holds any tokens and the lattice's start symbols. The
 * window a cell sees at t + 1 is made of its neighbours' tokens and next states, and each of those
 * next states is the table's answer on the window centred at that neighbour: windows that overlap
 * the cell's own window, as a de Bruijn graph's edges overlap. So from every window w in the set,
 * and every way of extending it by r cells on each side such that the windows centred at w's
 * other cells are in the set too, comes a window of the next step; the set is closed under that
 * until nothing new comes. Every window of every run, at any length, is in it (by induction over
 * t, each step's windows are built from the previous step's); the converse need not hold.
 *
 * If a model agrees with a reference rule on every window of this set (closed under the model's
 * own table), the two make the same run from every start: at every step they read windows of the
 * set, where they agree.
 */
export function reachableWindows(rule: TableOf, startSymbols: readonly number[]): Uint8Array {
  const { radius: r, base, table, states: S } = rule;
  const W = 2 * r + 1;
  const reached = new Uint8Array(table.length);
  const list: number[] = [];
  const reach = (index: number) => {
    reached[index] = 1;
    list.push(index);
  };
  // t = 0: any tokens, start symbols, the outside only at the ends.
  const start = Array.from({ length: base }, (_, code) => code === 0 || startSymbols.includes((code - 1) % S));
  const windows = new Windows(r, base);
  for (let index = 0; index < table.length; index++) {
    if (index > 0) windows.next();
    if (windows.possible && windows.codes.every((code) => start[code])) reach(index);
  }
  const powers = Array.from({ length: W }, (_, k) => base ** k);
  const tokenTimesS = Array.from({ length: base }, (_, code) => (code === 0 ? 0 : Math.floor((code - 1) / S) * S));
  const codes = new Int32Array(W);
  // Until a pass adds nothing: a window added late may extend windows seen earlier.
  for (let grew = true; grew; ) {
    grew = false;
    const sides = new Sides(rule, reached, powers);
    for (let n = 0, seen = list.length; n < seen; n++) {
      const index = list[n];
      decode(index, base, codes);
      const centre = table[index];
      for (const left of sides.left(codes)) {
        for (const right of sides.right(codes)) {
          // Position k of the next window: offset k − r, its token, and its next state.
          let next = 0;
          for (let k = 0; k < W; k++) {
            if (codes[k] === 0) continue;
            const state = k < r ? left[r - 1 - k] : k > r ? right[k - r - 1] : centre;
            next += (1 + tokenTimesS[codes[k]] + state) * powers[k];
          }
          if (!reached[next]) {
            reach(next);
            grew = true;
          }
        }
      }
    }
  }
  return reached;
}

/**
 * The next states a window's cells left and right of its centre can take, given the windows
 * reachable so far: for the left side, tuples (s₋₁, …, s₋ᵣ) over every extension of r cells
 * beyond the window's left end such that the windows centred at offsets −1 … −r are reachable;
 * the right side alike. Memoised by the part of the window those windows read.
 */
class Sides {
  readonly #left: Memo;
  readonly #right: Memo;
  /** The cells a side's windows read: the window and r more beyond it (see `#side`). */
  readonly #row: Int32Array;

  constructor(
    readonly rule: TableOf,
    readonly reached: Uint8Array,
    readonly powers: readonly number[],
  ) {
    const keys = rule.base ** (2 * rule.radius);
    this.#left = new Memo(keys);
    this.#right = new Memo(keys);
    this.#row = new Int32Array(3 * rule.radius + 1);
  }

  left(codes: Int32Array): readonly number[][] {
    return this.#side(codes, -1, this.#left);
  }

  right(codes: Int32Array): readonly number[][] {
    return this.#side(codes, 1, this.#right);
  }

  /** `direction` −1: the left side, +1: the right. */
  #side(codes: Int32Array, direction: number, memo: Memo): readonly number[][] {
    const { radius: r, base, table } = this.rule;
    const W = 2 * r + 1;
    // The windows centred at this side's cells read the window's cells but its far edge.
    let key = 0;
    for (let k = direction < 0 ? W - 2 : W - 1; k >= (direction < 0 ? 0 : 1); k--) key = key * base + codes[k];
    const known = memo.get(key);
    if (known) return known;
    // The cells at offsets −r … r (positions 0 … 2r) and, beyond them on this side, r more: a row
    // of 3r + 1 cells, position p at offset (direction < 0 ? p − 2r : p − r).
    const row = this.#row;
    const at = (offset: number) => (direction < 0 ? offset + 2 * r : offset + r);
    for (let k = 0; k < W; k++) row[at(k - r)] = codes[k];
    const tuples = new Map<string, number[]>();
    const states: number[] = [];
    const extend = (j: number) => {
      if (j > r) return void tuples.set(states.join(), states.slice());
      // The cell beyond the window on this side at distance j, then the window centred at
      // offset j (times direction), which it completes.
      const beyond = at(direction * (r + j));
      const inner = row[at(direction * (r + j - 1))];
      for (let code = 0; code < base; code++) {
        // Outside cells only continue outside: a lattice has no holes.
        if (code !== 0 && inner === 0) continue;
        row[beyond] = code;
        const centre = direction * j;
        if (row[at(centre)] === 0) {
          // The neighbour itself lies outside: it has no next state, and nothing beyond it matters.
          states.push(0);
          if (code === 0) extend(j + 1);
          states.pop();
          continue;
        }
        let index = 0;
        for (let k = 0; k < W; k++) index += row[at(centre + k - r)] * this.powers[k];
        if (!this.reached[index]) continue;
        states.push(table[index]);
        extend(j + 1);
        states.pop();
      }
    };
    extend(1);
    const unique = [...tuples.values()];
    memo.set(key, unique);
    return unique;
  }
}

/** Tuples by key: an array over every key where that is small, a map otherwise. */
class Memo {
  readonly #array: (number[][] | undefined)[] | undefined;
  readonly #map = new Map<number, number[][]>();

  constructor(keys: number) {
    this.#array = keys <= 1 << 22 ? new Array(keys) : undefined;
  }

  get(key: number): number[][] | undefined {
    return this.#array ? this.#array[key] : this.#map.get(key);
  }

  set(key: number, value: number[][]): void {
    if (this.#array) this.#array[key] = value;
    else this.#map.set(key, value);
  }
}

function decode(index: number, base: number, codes: Int32Array): void {
  for (let k = 0; k < codes.length; k++) {
    codes[k] = index % base;
    index = Math.floor(index / base);
  }
}
