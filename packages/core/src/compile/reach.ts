import { OUTSIDE } from '@sead/tasks';
import type { CompiledRule } from './compile.js';
import { Windows } from './windows.js';

/** What the closure reads of a compiled rule: its table and how it is indexed. */
type TableOf = Pick<CompiledRule, 'radius' | 'base' | 'states' | 'table'>;
/**
 * The neighbourhoods a run can meet, as a set of table indices: a sound over-approximation.
 *
 * Which windows occur in actual runs is undecidable in general (Rule 110 is universal), but a
 * superset is cheap. At t = 0 a window holds the lattice's start symbols and any tokens, or those
 * `tokenWindowOccurs` allows (tokens never change, so that holds at every step). The
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
export function reachableWindows(rule: TableOf, startSymbols: readonly number[], tokenWindowOccurs?: (window: readonly number[]) => boolean): Uint8Array {
  const { radius: r, base, table, states: S } = rule;
  const W = 2 * r + 1;
  const reached = new Uint8Array(table.length);
  const list: number[] = [];
  // t = 0: start symbols, tokens the task allows, the outside only at the ends.
  const start = Array.from({ length: base }, (_, code) => code === 0 || startSymbols.includes((code - 1) % S));
  const tokensOccur = tokenWindowOccurs && tokenWindows(r, (base - 1) / S, tokenWindowOccurs);
  const windows = new Windows(r, base);
  for (let index = 0; index < table.length; index++) {
    if (index > 0) windows.next();
    if (!windows.possible) continue;
    let starts = true;
    for (let k = 0; k < W && starts; k++) starts = start[windows.codes[k]];
    if (starts && tokensOccur) {
      // The window's tokens as an index over (V + 1)^W, the outside as 0.
      let at = 0;
      for (let k = W - 1; k >= 0; k--) at = at * tokensOccur.base + (windows.codes[k] === 0 ? 0 : 1 + Math.floor((windows.codes[k] - 1) / S));
      starts = tokensOccur.occurs[at] === 1;
    }
    if (starts) {
      reached[index] = 1;
      list.push(index);
    }
  }
  const powers = Array.from({ length: W }, (_, k) => base ** k);
  const tokenTimesS = Array.from({ length: base }, (_, code) => (code === 0 ? 0 : Math.floor((code - 1) / S) * S));
  const sides = new Sides(rule, reached, powers);
  const codes = new Int32Array(W);
  const next = new Int32Array(W);
  // Passes until one adds nothing. A window added late may give windows seen earlier new sides:
  // a pass looks again only at the windows whose sides the last one changed, and the new ones.
  for (let fresh = 0; fresh < list.length; ) {
    const seen = list.length;
    for (let n = 0; n < seen; n++) {
      const index = list[n];
      if (n < fresh && !sides.changed(index)) continue;
      decode(index, base, codes);
      const centre = table[index];
      for (const left of sides.left(codes, index)) {
        for (const right of sides.right(codes, index)) {
          // Position k of the next window: offset k − r, its token, and its next state.
          let at = 0;
          for (let k = 0; k < W; k++) {
            if (codes[k] === 0) continue;
            const state = k < r ? left[r - 1 - k] : k > r ? right[k - r - 1] : centre;
            at += (1 + tokenTimesS[codes[k]] + state) * powers[k];
          }
          if (reached[at]) continue;
          reached[at] = 1;
          list.push(at);
          decode(at, base, next);
          sides.reachedWindow(next);
        }
      }
    }
    fresh = seen;
    sides.nextPass();
  }
  return reached;
}

/**
 * Which windows of tokens the task allows, by index over (V + 1)^W (position 0 turning fastest,
 * code 0 beyond the lattice): asked once per window of tokens, not once per window of the table.
 */
function tokenWindows(r: number, V: number, tokenWindowOccurs: (window: readonly number[]) => boolean): { base: number; occurs: Uint8Array } {
  const W = 2 * r + 1;
  const base = V + 1;
  const occurs = new Uint8Array(base ** W);
  const window = new Array<number>(W);
  for (let at = 0; at < occurs.length; at++) {
    let rest = at;
    for (let k = 0; k < W; k++) {
      const code = rest % base;
      rest = Math.floor(rest / base);
      window[k] = code === 0 ? OUTSIDE : code - 1;
    }
    occurs[at] = tokenWindowOccurs(window) === true ? 1 : 0;
  }
  return { base, occurs };
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
  /** Keys whose sides windows reached in this pass change, and those the last pass changed. */
  #changing = { left: new Set<number>(), right: new Set<number>() };
  #changed = { left: new Set<number>(), right: new Set<number>() };
  /** The cells a side's windows read: the window and r more beyond it (see `#side`). */
  readonly #row: Int32Array;
  /** base^(2r): a window's left key is its index modulo this, its right key its index over base. */
  readonly #keys: number;

  constructor(readonly rule: TableOf, readonly reached: Uint8Array, readonly powers: readonly number[]) {
    this.#keys = rule.base ** (2 * rule.radius);
    this.#left = new Memo(this.#keys);
    this.#right = new Memo(this.#keys);
    this.#row = new Int32Array(3 * rule.radius + 1);
  }

  left(codes: Int32Array, index: number): readonly number[][] {
    return this.#side(codes, -1, this.#left, index % this.#keys);
  }

  right(codes: Int32Array, index: number): readonly number[][] {
    return this.#side(codes, 1, this.#right, Math.floor(index / this.rule.base));
  }

  /** Whether the last pass changed a side of the window with this index. */
  changed(index: number): boolean {
    return this.#changed.left.has(index % this.#keys) || this.#changed.right.has(Math.floor(index / this.rule.base));
  }

  /**
   * A window x was reached: as the window centred at offset −j of a window w (for w's left side,
   * j = 1 … r), x's cells j … 2r are w's cells 0 … 2r − j, the rest of w's left key (j − 1 cells)
   * free; as the window at +j, x's cells 0 … 2r − j are w's cells j … 2r. The keys that match
   * change their sides.
   */
  reachedWindow(x: Int32Array): void {
    const r = this.rule.radius;
    const { base } = this.rule;
    for (let j = 1; j <= r; j++) {
      const free = base ** (j - 1);
      for (let f = 0; f < free; f++) {
        // Left key: positions 0 … 2r − 1 of w; right key: positions 1 … 2r (as key positions 0 … 2r − 1).
        let left = 0;
        let right = 0;
        for (let p = 2 * r - 1; p >= 0; p--) {
          const freeDigit = Math.floor(f / base ** (p - (2 * r - j + 1))) % base;
          left = left * base + (p <= 2 * r - j ? x[p + j] : freeDigit);
          const w = p + 1;
          const freeRight = Math.floor(f / base ** (w - 1)) % base;
          right = right * base + (w >= j ? x[w - j] : freeRight);
        }
        this.#changing.left.add(left);
        this.#changing.right.add(right);
      }
    }
  }

  /** A pass ends: the sides it changed are forgotten, to be worked out again. */
  nextPass(): void {
    this.#changed = this.#changing;
    this.#changing = { left: new Set(), right: new Set() };
    for (const key of this.#changed.left) this.#left.delete(key);
    for (const key of this.#changed.right) this.#right.delete(key);
  }

  /** `direction` −1: the left side, +1: the right. */
  #side(codes: Int32Array, direction: number, memo: Memo, key: number): readonly number[][] {
    const { radius: r, base, table } = this.rule;
    const W = 2 * r + 1;
    // The windows centred at this side's cells read the window's cells but its far edge (`key`).
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

  delete(key: number): void {
    if (this.#array) this.#array[key] = undefined;
    else this.#map.delete(key);
  }
}

function decode(index: number, base: number, codes: Int32Array): void {
  for (let k = 0; k < codes.length; k++) {
    codes[k] = index % base;
    index = Math.floor(index / base);
  }
}
