import { OUTSIDE, type LocalRule } from '@sead/tasks';

/**
 * The 3 × 3 windows a grid run can meet, at any size of grid: a sound over-approximation, closed
 * under a rule, as `reachableWindows` is for rows.
 *
 * A window is 9 codes, row by row (0 beyond the edge, else 1 + token·S + state), keyed as in
 * `GridWindows`. At t + 1 the window around a cell c holds, at each position o, the next state of
 * cell c + o, which the rule computes from the window around c + o at t: the nine "sub-windows"
 * around c's neighbours, which overlap and must agree where they do. So the windows of step t + 1
 * are those made from nine reachable windows that agree on their overlaps (horizontal neighbours on
 * two columns, vertical ones on two rows; the diagonal overlaps follow), and the closure adds them
 * until no new window appears. Any window a run meets is in it (by induction on t); the converse
 * may fail (nine windows may agree locally and still never meet), which only makes the set larger.
 *
 * The nine are joined band by band (a row of sub-windows at a time), and a band is remembered by
 * what the next band must agree with (its sub-windows' two bottom rows) with the next states it
 * produced so far: the joins that lead to one window are counted once, not once per 5 × 5 patch.
 * Near the edge, a position beyond it has no sub-window and stays 0.
 */
export interface GridReach {
  /** The closure's windows by key, each with its codes, when `complete`. */
  readonly windows: ReadonlyMap<number, readonly number[]>;
  /** The closure was reached within the bounds; otherwise `why` says which one stopped it. */
  readonly complete: boolean;
  readonly why?: string;
  /** Rounds of adding windows until none was new. */
  readonly rounds: number;
}

export interface GridReachBounds {
  /** Most windows the closure may hold. */
  readonly maxWindows?: number;
  /** Most band states one round may remember: the bound on a round's work and memory. */
  readonly maxStates?: number;
}

export const DEFAULT_GRID_REACH_BOUNDS = { maxWindows: 1 << 20, maxStates: 1 << 23 } as const;

/** Cells of a window, row by row: which two rows or columns a neighbour shares. */
const TOP_TWO_ROWS = [0, 1, 2, 3, 4, 5];
const BOTTOM_TWO_ROWS = [3, 4, 5, 6, 7, 8];
const LEFT_TWO_COLUMNS = [0, 1, 3, 4, 6, 7];
const RIGHT_TWO_COLUMNS = [1, 2, 4, 5, 7, 8];
const ALL_BUT_BOTTOM_RIGHT = [0, 1, 2, 3, 4, 5, 6, 7];

/** Which edges of a window lie beyond the grid: 1 top, 2 bottom, 4 left, 8 right (a side's middle cell is 0). */
const edges = (w: readonly number[]) => (w[1] === 0 ? 1 : 0) | (w[7] === 0 ? 2 : 0) | (w[3] === 0 ? 4 : 0) | (w[5] === 0 ? 8 : 0);

/**
 * The start windows of grids: every token window with the centre inside and whole rows or columns
 * beyond the edge, that `tokenOccurs` admits, with every combination of the start symbols.
 */
export function gridStartWindows(tokens: number, states: number, startSymbols: readonly number[], tokenOccurs?: (window: readonly number[]) => boolean): number[][] {
  const out: number[][] = [];
  for (let beyond = 0; beyond < 16; beyond++) {
    const inside = Array.from({ length: 9 }, (_, i) => {
      const [y, x] = [Math.floor(i / 3), i % 3];
      return !((y === 0 && beyond & 1) || (y === 2 && beyond & 2) || (x === 0 && beyond & 4) || (x === 2 && beyond & 8));
    });
    const cells = inside.filter(Boolean).length;
    const choices = tokens * startSymbols.length;
    for (let n = 0; n < choices ** cells; n++) {
      const window = new Array<number>(9).fill(OUTSIDE);
      const codes = new Array<number>(9).fill(0);
      for (let i = 0, rest = n; i < 9; i++) {
        if (!inside[i]) continue;
        const choice = rest % choices;
        rest = Math.floor(rest / choices);
        const token = Math.floor(choice / startSymbols.length);
        window[i] = token;
        codes[i] = 1 + token * states + startSymbols[choice % startSymbols.length];
      }
      if (!tokenOccurs || tokenOccurs(window)) out.push(codes);
    }
  }
  // Token windows repeat once per start-symbol choice of the positions tokenOccurs saw alike: keep one each.
  return [...new Map(out.map((w) => [keyOf(w, tokens * states + 1), w])).values()];
}

function keyOf(w: readonly number[], base: number): number {
  let key = 0;
  for (let i = w.length - 1; i >= 0; i--) key = key * base + w[i];
  return key;
}

/** The closure of `start` under `rule` (radius 1), over grids of V tokens and S states. */
export function gridReachableWindows(rule: LocalRule, tokens: number, states: number, start: readonly number[][], bounds: GridReachBounds = {}): GridReach {
  const { maxWindows, maxStates } = { ...DEFAULT_GRID_REACH_BOUNDS, ...bounds };
  if (rule.radius !== 1) return { windows: new Map(), complete: false, why: `a closure of grid windows is computed for radius 1, not ${rule.radius}`, rounds: 0 };
  const base = tokens * states + 1;
  // A band's two bottom rows (at most 10 codes) and a window (9) are keyed as exact doubles.
  if (base ** 10 > Number.MAX_SAFE_INTEGER) return { windows: new Map(), complete: false, why: `${base} codes per cell are too many to key a band of grid windows`, rounds: 0 };
  const S = states;
  const windows = new Map<number, readonly number[]>();
  for (const w of start) windows.set(keyOf(w, base), w);
  const t = new Array<number>(9);
  const s = new Array<number>(9);
  /** The code of a window's centre after one step of the rule. */
  const nextCode = (w: readonly number[]): number => {
    for (let i = 0; i < 9; i++) {
      t[i] = w[i] === 0 ? OUTSIDE : Math.floor((w[i] - 1) / S);
      s[i] = w[i] === 0 ? OUTSIDE : (w[i] - 1) % S;
    }
    return 1 + t[4] * S + rule.next(t, s);
  };
  const cellsKey = (w: readonly number[], cells: readonly number[]) => cells.reduce((k, i) => k * base + w[i], 0);

  for (let round = 1; ; round++) {
    const all = [...windows.values()];
    const indexBy = (cells: readonly number[]) => {
      const index = new Map<number, (readonly number[])[]>();
      for (const w of all) {
        const k = cellsKey(w, cells);
        const list = index.get(k);
        if (list) list.push(w);
        else index.set(k, [w]);
      }
      return index;
    };
    const byTopRows = indexBy(TOP_TWO_ROWS);
    const byLeftColumns = indexBy(LEFT_TWO_COLUMNS);
    const byAllButCorner = indexBy(ALL_BUT_BOTTOM_RIGHT);
    const output = new Map(all.map((w) => [w, nextCode(w)]));
    const none: (readonly number[])[] = [];
    const added: number[][] = [];
    let states = 0;
    for (let beyond = 0; beyond < 16; beyond++) {
      // The sub-windows needed: one per position of the new window inside the grid.
      const [firstBand, lastBand] = [beyond & 1 ? 1 : 0, beyond & 2 ? 1 : 2];
      const [firstColumn, lastColumn] = [beyond & 4 ? 1 : 0, beyond & 8 ? 1 : 2];
      const width = lastColumn - firstColumn + 1;
      /**
       * Every band of `width` sub-windows that agree with each other and with the band above
       * (`above`, null for the first), passed to `visit` with the next codes of its centres.
       */
      const bands = (band: number, above: readonly (readonly number[])[] | null, visit: (subs: (readonly number[])[], codes: number) => void) => {
        const subs: (readonly number[])[] = [];
        const extend = (j: number, codes: number) => {
          if (j === width) return visit(subs, codes);
          let candidates: readonly (readonly number[])[];
          if (above === null) candidates = j === 0 ? all : (byLeftColumns.get(cellsKey(subs[j - 1], RIGHT_TWO_COLUMNS)) ?? none);
          else if (j === 0) candidates = byTopRows.get(cellsKey(above[0], BOTTOM_TWO_ROWS)) ?? none;
          else {
            const up = above[j];
            const left = subs[j - 1];
            const k = ((((((up[3] * base + up[4]) * base + up[5]) * base + up[6]) * base + up[7]) * base + up[8]) * base + left[7]) * base + left[8];
            candidates = byAllButCorner.get(k) ?? none;
          }
          for (const w of candidates) {
            // The centre's sub-window is the new window's own: its edges are the new window's.
            if (band === 1 && j === 1 - firstColumn && edges(w) !== beyond) continue;
            subs.push(w);
            extend(j + 1, codes * base + output.get(w)!);
            subs.pop();
          }
        };
        extend(0, 0);
      };
      /** A band remembered by what the next must agree with: its sub-windows' bottom rows, and the codes so far. */
      type Layer = Map<number, { subs: (readonly number[])[]; codes: Set<number> }>;
      // The bottom two rows of the band, column by column: each sub-window's left column, then the last one's other two.
      const interfaceKey = (subs: readonly (readonly number[])[]) => {
        let k = 0;
        for (const w of subs) k = (k * base + w[3]) * base + w[6];
        const last = subs[subs.length - 1];
        return (((k * base + last[4]) * base + last[7]) * base + last[5]) * base + last[8];
      };
      let layer: Layer = new Map();
      /** The entry of `into` for this band, made when first met. */
      const entryOf = (into: Layer, subs: (readonly number[])[]) => {
        const k = interfaceKey(subs);
        let entry = into.get(k);
        if (!entry) into.set(k, (entry = { subs: [...subs], codes: new Set() }));
        return entry.codes;
      };
      bands(firstBand, null, (subs, codes) => void entryOf(layer, subs).add(codes));
      const shift = base ** width;
      for (let band = firstBand + 1; band <= lastBand; band++) {
        const next: Layer = new Map();
        for (const { subs: above, codes: before } of layer.values()) {
          bands(band, above, (subs, codes) => {
            const into = entryOf(next, subs);
            for (const c of before) into.add(c * shift + codes);
          });
        }
        for (const entry of layer.values()) states += entry.codes.size;
        if (states > maxStates) return { windows, complete: false, why: `a round of the closure passed ${maxStates} band states`, rounds: round };
        layer = next;
      }
      for (const { codes } of layer.values()) {
        for (const c of codes) {
          const w = new Array<number>(9).fill(0);
          for (let y = lastBand, rest = c; y >= firstBand; y--) {
            for (let x = lastColumn; x >= firstColumn; x--, rest = Math.floor(rest / base)) w[y * 3 + x] = rest % base;
          }
          const k = keyOf(w, base);
          if (windows.has(k)) continue;
          windows.set(k, w);
          added.push(w);
          if (windows.size > maxWindows) return { windows, complete: false, why: `the closure passed ${maxWindows} windows`, rounds: round };
        }
      }
    }
    if (added.length === 0) return { windows, complete: true, rounds: round };
  }
}
