import { windowOffsets, type Offset } from '@sead/tasks';
import { cellHead, cellScratch } from '../kernels/cell-loops.js';
import type { TaskShape } from '../lattice.js';
import type { SeadModel } from '../model/model.js';
import { windowNetwork } from './compile.js';

/**
 * The windows of a grid, keyed. A position of a window is coded as in a row table (0 beyond the
 * edge, else 1 + token·S + state) and a window is keyed by Σ_k code_k · base^k over its positions
 * in `windowOffsets` order, which must stay an exact double.
 */
export class GridWindows {
  readonly offsets: readonly Offset[];
  /** base^k: the weight of position k in a key. */
  readonly powers: Float64Array;
  /** The offsets as flat index steps, for cells whose window lies inside the grid. */
  readonly #flat: Int32Array;

  constructor(
    readonly radius: number,
    readonly states: number,
    readonly base: number,
    readonly rows: number,
    readonly columns: number,
  ) {
    this.offsets = windowOffsets(2, radius);
    assertKeyable(this.offsets.length, base);
    this.powers = Float64Array.from(this.offsets, (_, k) => base ** k);
    this.#flat = Int32Array.from(this.offsets, ([dy, dx]) => dy * columns + dx);
  }

  /** The key of the window around `cell`. */
  key(tokens: Uint8Array, state: Uint8Array, cell: number): number {
    const { rows, columns, radius: r, states: S, powers } = this;
    const y = Math.floor(cell / columns);
    const x = cell - y * columns;
    let key = 0;
    if (y >= r && y < rows - r && x >= r && x < columns - r) {
      const flat = this.#flat;
      for (let k = 0; k < flat.length; k++) {
        const j = cell + flat[k];
        key += (1 + tokens[j] * S + state[j]) * powers[k];
      }
      return key;
    }
    const offsets = this.offsets;
    for (let k = 0; k < offsets.length; k++) {
      const ny = y + offsets[k][0];
      const nx = x + offsets[k][1];
      if (ny < 0 || ny >= rows || nx < 0 || nx >= columns) continue;
      const j = ny * columns + nx;
      key += (1 + tokens[j] * S + state[j]) * powers[k];
    }
    return key;
  }
}

/** Refuses windows whose keys would not all be exact doubles. */
function assertKeyable(positions: number, base: number): void {
  if (base ** positions > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`a grid window of ${positions} cells with ${base} codes per cell has too many values to key (${base}^${positions})`);
  }
}

/** A window's key as its tokens and states in window order, `OUTSIDE` (−1) beyond the edge. */
export function windowOfKey(key: number, positions: number, base: number, states: number): { tokens: number[]; states: number[] } {
  const tokens: number[] = [];
  const symbols: number[] = [];
  for (let k = 0, rest = key; k < positions; k++, rest = Math.floor(rest / base)) {
    const code = rest % base;
    tokens.push(code === 0 ? -1 : Math.floor((code - 1) / states));
    symbols.push(code === 0 ? -1 : (code - 1) % states);
  }
  return { tokens, states: symbols };
}

/**
 * A grid model's table, filled as runs meet its windows. A (2r + 1)² window over (token, state)
 * pairs has far too many values to enumerate (with 2 tokens and 5 states, 11⁹ at radius 1), but a
 * run meets few of them: each is evaluated once, by the same float64 sums and head as a compiled
 * row table, then looked up.
 *
 * The sparse engine reads a window as its 2r + 1 rows (top first), each valued Σ_k classOf[k][code_k]
 * = Σ_k code_k · base^k over its cells (leftmost first), and asks `nextOfRows`; the window's key is
 * then Σ_m value_m · R^m with R = base^(2r + 1), the same number as `GridWindows` gives it.
 */
export interface GridTable {
  readonly radius: number;
  readonly states: number;
  /** Codes per window position: V·S + 1. */
  readonly base: number;
  /** Window positions, (2r + 1)². */
  readonly positions: number;
  /** Rows of a window: 2r + 1. */
  readonly windowRows: number;
  /** classOf[k][code] = code · base^k: a window row's value is the sum over its cells. */
  readonly classOf: readonly Int32Array[];
  /** The next symbol of the window with this key (see `GridWindows`), evaluated on first use. */
  next(key: number): number;
  /** The next symbol of the window whose rows have these values (top row first); see above. */
  nextOfRows(values: Int32Array): number;
  /** `nextOfRows` of a radius-1 window, its three rows' values passed as they are. */
  nextOf3(top: number, middle: number, bottom: number): number;
  /** Distinct windows met so far, with their next symbols. */
  readonly filled: ReadonlyMap<number, number>;
}

/** Largest radius-1 row-pair index a grid table keeps arrays for (Int32 entries); beyond, it keys every window. */
const MAX_ROW_PAIRS = 1 << 22;

/** Most distinct windows a grid table keeps: a bound on its memory, checked as windows are met. */
export const MAX_GRID_WINDOWS = 1 << 24;

/** The network's logits on a window, by key: float64, the sums in a row table's order. */
export function gridWindowLogits(model: SeadModel, task: TaskShape): { base: number; positions: number; logits: (key: number) => Float64Array } {
  const S = task.stateSymbols.length;
  const base = task.inputAlphabet.length * S + 1;
  const { radius, hidden: H } = model.config;
  const positions = (2 * radius + 1) ** 2;
  const { contribution, head, b1 } = windowNetwork(model, task);
  const scratch = cellScratch({ C: S, H });
  const digits = new Int32Array(positions);
  return {
    base,
    positions,
    logits(key: number): Float64Array {
      const { a1 } = scratch;
      a1.set(b1);
      for (let k = 0, rest = key; k < positions; k++, rest = Math.floor(rest / base)) digits[k] = rest % base;
      for (let k = positions - 1; k >= 0; k--) {
        const row = contribution[k];
        const at = digits[k] * H;
        for (let u = 0; u < H; u++) a1[u] += row[at + u];
      }
      cellHead(S, H, head, scratch);
      return scratch.logits;
    },
  };
}

/** The first largest logit: the symbol a discrete model's step picks. */
export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < logits.length; c++) if (logits[c] > logits[best]) best = c;
  return best;
}

export function gridTable(model: SeadModel, task: TaskShape): GridTable {
  const { logits } = gridWindowLogits(model, task);
  return windowTable(model.config.radius, task.stateSymbols.length, task.inputAlphabet.length, (key) => argmax(logits(key)));
}

/**
 * A grid table over windows of this radius, V tokens and S states, whose next symbols `evaluate`
 * gives by key (a network's argmax, or a reference rule in tests), each asked once.
 *
 * At radius 1 (while the arrays stay small) the entries are reached through two arrays instead of
 * hashing the key: pair ids by top·R + middle row value (−1: none yet), then the entries by
 * pair·R + bottom row value (255: not evaluated): the same entries, in a few loads.
 */
export function windowTable(radius: number, states: number, tokens: number, evaluate: (key: number) => number): GridTable {
  const base = tokens * states + 1;
  const W = 2 * radius + 1;
  const positions = W * W;
  assertKeyable(positions, base);
  const R = base ** W;
  const filled = new Map<number, number>();
  const next = (key: number): number => {
    const known = filled.get(key);
    if (known !== undefined) return known;
    if (filled.size >= MAX_GRID_WINDOWS) throw new RangeError(`a run met more than ${MAX_GRID_WINDOWS} distinct windows; a grid table keeps at most that many`);
    const symbol = evaluate(key);
    filled.set(key, symbol);
    return symbol;
  };
  const pairs = W === 3 && R * R <= MAX_ROW_PAIRS ? new Int32Array(R * R).fill(-1) : null;
  let pairCount = 0;
  let entries = new Uint8Array(0);
  const nextOf3 = (top: number, middle: number, bottom: number): number => {
    if (!pairs) return next(top + middle * R + bottom * R * R);
    let pair = pairs[top * R + middle];
    if (pair < 0) {
      pair = pairs[top * R + middle] = pairCount++;
      if (pairCount * R > entries.length) {
        const grown = new Uint8Array(Math.max(16 * R, 2 * entries.length)).fill(255);
        grown.set(entries);
        entries = grown;
      }
    }
    const at = pair * R + bottom;
    const known = entries[at];
    if (known !== 255) return known;
    return (entries[at] = next(top + middle * R + bottom * R * R));
  };
  return {
    radius,
    states,
    base,
    positions,
    windowRows: W,
    classOf: Array.from({ length: W }, (_, k) => Int32Array.from({ length: base }, (_, code) => code * base ** k)),
    filled,
    next,
    nextOf3,
    nextOfRows(values: Int32Array): number {
      if (W === 3) return nextOf3(values[0], values[1], values[2]);
      let key = 0;
      for (let m = W - 1; m >= 0; m--) key = key * R + values[m];
      return next(key);
    },
  };
}
