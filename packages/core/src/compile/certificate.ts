import { OUTSIDE, type Dynamics, type LocalRule } from '@sead/tasks';
import { findRelabelling, maxChanges, restsAgree } from './equivalence.js';
import { restingWindows } from './rests.js';
import { Windows } from './windows.js';

/** What the table is known to be, and against what. */
export interface Certificate {
  /** The weights the table was computed from (`weightsHash`). */
  readonly weightsHash: string;
  /** Neighbourhoods that can occur on a lattice: the centre inside, outside positions only at the ends. */
  readonly neighbourhoods: number;
  /**
   * The smallest gap between the winning logit and the runner-up over those neighbourhoods. The
   * table is computed in float64; a float32 engine (any tfjs backend) rounds each logit by far less
   * than `MARGIN`, so above it every implementation of the network picks the table's symbol.
   */
  readonly minMargin: number;
  /**
   * The table equals the network on every neighbourhood a run can meet: every reachable window's
   * gap is over `MARGIN`. A thin gap on a window no run meets cannot change a run: a run of the
   * network follows the table's for as long as it meets only wide gaps, and the table's runs stay
   * inside the closure. Computed when first read where some gap is thin (it needs the closure).
   */
  readonly tableEqualsNetwork: boolean;
  /**
   * Neighbourhoods a run can meet, from any input of the task and its start states, under this
   * table: a sound over-approximation (`reachableWindows`), what `reference` speaks for.
   * Computed when first read.
   */
  readonly reachable: number;
  /** Comparison with the task's reference rule, when the task has one (computed when first read). */
  readonly reference: null | ReferenceCheck;
}

/** A neighbourhood where the learned rule and the reference differ. */
export interface Difference {
  /** The window's tokens and states, leftmost first; `OUTSIDE` beyond the lattice. */
  readonly tokens: number[];
  readonly states: number[];
  /** The next state the network gives, and the reference's. */
  readonly network: number;
  readonly reference: number;
}

export interface ReferenceCheck {
  /**
   * The learned rule equals the reference on every neighbourhood a run can meet: its runs are the
   * reference's, step for step, at every length. (Where it differs only on neighbourhoods no run
   * meets, no answer can tell.)
   */
  readonly exact: boolean;
  /** Reachable neighbourhoods where the two differ. */
  readonly mismatches: number;
  /** The first of them in table order, at most `MAX_DIFFERENCES`. */
  readonly differences: readonly Difference[];
  /** Neighbourhoods where the two differ that no run meets. */
  readonly unreachableMismatches: number;
  /**
   * Reachable neighbourhoods a lattice at rest under the learned rule can hold (`restingWindows`)
   * where the reference would move the centre: where a run of the learned rule might come to rest
   * on a lattice the reference would not.
   */
  readonly settledMismatches: number;
  /**
   * Where the two differ on reachable neighbourhoods: a renaming of the symbols a run only passes
   * through (start symbols and every symbol a lattice can rest on keep their names) under which
   * they are the same rule on every reachable neighbourhood (`findRelabelling`). The learned
   * rule's runs are then the reference's with those symbols renamed: the same answers at the same
   * step, at every length. `relabelling[s]` is the learned rule's name for the reference's symbol
   * s; null when there is none, or none was searched for (a rollout, whose every symbol is an
   * answer, or more than `MAX_RELABELLINGS` renamings to try).
   */
  readonly relabelling: readonly number[] | null;
  /**
   * Where the two differ and no renaming makes them one: whether every lattice the learned rule
   * can rest on is the reference's resting lattice for the same tokens (`restsAgree`). true: its
   * every answer is the reference's, wherever its run comes to rest (that every run does is not
   * proven); false: some lattice it may rest on is not; null: not checked (a rollout, a renaming
   * found, or more than `MAX_REST_PAIRS` pairs of windows to walk).
   */
  readonly restsAgree: boolean | null;
  /**
   * Where `restsAgree`: the most times a cell of the learned rule can change (`maxChanges`), so that
   * every run on L cells comes to rest within maxChanges·L steps; null where a cell may change back
   * and forth (no bound is proven) or it was not asked. With both, the learned rule gives the
   * reference's answer on every input, at every length (perhaps at another step).
   */
  readonly maxChanges: number | null;
}

/** Differences a reference check lists. */
export const MAX_DIFFERENCES = 16;

/**
 * What `checkReference` needs to look for an equivalence where the rules differ: the task's
 * dynamics (a rollout's answer is every symbol at its last step, so nothing is renamed and no rest
 * compared), its start symbols, and the closure of reachable windows under the reference's table.
 */
export interface EquivalenceContext {
  readonly dynamics: Dynamics;
  readonly startSymbols: readonly number[];
  /** The closure of reachable windows under the reference's table (`reachableWindows`). */
  readonly referenceClosure: (table: Uint8Array) => Uint8Array;
}

/**
 * The table against the task's reference rule on every neighbourhood that can occur, reachable or
 * not. `reached` is asked for only when the two differ somewhere: where they agree everywhere,
 * which neighbourhoods runs meet does not matter (and the closure is the costly part). Where they
 * differ on reachable neighbourhoods and `context` is given, a renaming of symbols that makes them
 * one rule is searched for, then whether their resting lattices agree. A model of radius `r` above
 * the rule's is compared on the rule's own window, the centre of each of its own; a model of a
 * smaller radius cannot be compared (a `RangeError`).
 */
export function checkReference(table: Uint8Array, rule: LocalRule, S: number, r: number, base: number, reached: () => Uint8Array, context?: EquivalenceContext): ReferenceCheck {
  const reference = referenceTable(rule, S, r, base, table.length);
  const agrees = { exact: true, mismatches: 0, differences: [], unreachableMismatches: 0, settledMismatches: 0, relabelling: null, restsAgree: null, maxChanges: null };
  if (!differsSomewhere(table, reference, r, base)) return agrees;
  const reachable = reached();
  let mismatches = 0;
  let unreachableMismatches = 0;
  let settledMismatches = 0;
  // The windows resting lattices can hold: computed once a difference needs them.
  let rests: Uint8Array | undefined;
  const resting = () => (rests ??= restingWindows({ radius: r, base, states: S, table }, reachable));
  const differences: Difference[] = [];
  const W = 2 * r + 1;
  const windows = new Windows(r, base);
  for (let index = 0; index < table.length; index++) {
    if (index > 0) windows.next();
    if (!windows.possible || table[index] === reference[index]) continue;
    if (!reachable[index]) {
      unreachableMismatches++;
      continue;
    }
    mismatches++;
    const { codes } = windows;
    if (table[index] === (codes[r] - 1) % S && resting()[index]) settledMismatches++;
    if (differences.length < MAX_DIFFERENCES) {
      differences.push({
        tokens: Array.from(codes.subarray(0, W), (code) => (code === 0 ? OUTSIDE : Math.floor((code - 1) / S))),
        states: Array.from(codes.subarray(0, W), (code) => (code === 0 ? OUTSIDE : (code - 1) % S)),
        network: table[index],
        reference: reference[index],
      });
    }
  }
  if (mismatches === 0) return { ...agrees, unreachableMismatches };
  const found = { exact: false, mismatches, differences, unreachableMismatches, settledMismatches };
  if (!context || context.dynamics === 'rollout') return { ...found, relabelling: null, restsAgree: null, maxChanges: null };
  const pair = { radius: r, base, states: S, learned: table, reference };
  // Kept names: the start symbols and every centre of a window a resting lattice can hold.
  const fixed = Array.from({ length: S }, (_, s) => context.startSymbols.includes(s));
  const atRest = resting();
  for (let index = 0; index < atRest.length; index++) if (atRest[index]) fixed[(Math.floor(index / base ** r) % base - 1) % S] = true;
  const relabelling = findRelabelling(pair, reachable, fixed);
  if (relabelling) return { ...found, relabelling, restsAgree: null, maxChanges: null };
  const agree = restsAgree(pair, reachable, context.referenceClosure(reference));
  return { ...found, relabelling: null, restsAgree: agree, maxChanges: agree ? maxChanges(pair, reachable) : null };
}

/** Whether the two tables differ on a neighbourhood that can occur. */
function differsSomewhere(table: Uint8Array, reference: Uint8Array, r: number, base: number): boolean {
  const windows = new Windows(r, base);
  for (let index = 0; index < table.length; index++) {
    if (index > 0) windows.next();
    if (windows.possible && table[index] !== reference[index]) return true;
  }
  return false;
}

/** Reference tables by rule and indexing: every model checked against a rule shares one (and its closure, see compile.ts). */
const referenceTables = new WeakMap<LocalRule, Map<string, Uint8Array>>();

/**
 * The reference rule's next symbol on every neighbourhood that can occur, over the table's
 * indexing (0 where none can). A rule answering other than a symbol is an error naming the window.
 */
function referenceTable(rule: LocalRule, S: number, r: number, base: number, size: number): Uint8Array {
  const tables = referenceTables.get(rule) ?? new Map<string, Uint8Array>();
  referenceTables.set(rule, tables);
  const key = `${S}/${r}/${base}`;
  const known = tables.get(key);
  if (known) return known;
  const table = tabulate(rule, S, r, base, size);
  tables.set(key, table);
  return table;
}

function tabulate(rule: LocalRule, S: number, r: number, base: number, size: number): Uint8Array {
  const R = rule.radius;
  if (R > r) throw new RangeError(`the model reads ${r} cell${r === 1 ? '' : 's'} on each side and the reference rule ${R}: a window of the model does not determine the rule's next state`);
  const table = new Uint8Array(size);
  const windows = new Windows(r, base);
  const codes = windows.codes;
  // The rule reads its own window: the centre 2R + 1 positions of the model's.
  const tokens = new Array<number>(2 * R + 1);
  const symbols = new Array<number>(2 * R + 1);
  for (let index = 0; index < size; index++) {
    if (index > 0) windows.next();
    if (!windows.possible) continue;
    for (let k = 0; k <= 2 * R; k++) {
      const code = codes[k + r - R];
      tokens[k] = code === 0 ? OUTSIDE : Math.floor((code - 1) / S);
      symbols[k] = code === 0 ? OUTSIDE : (code - 1) % S;
    }
    const next = rule.next(tokens, symbols);
    if (!Number.isInteger(next) || next < 0 || next >= S) {
      throw new RangeError(`the reference rule gives ${String(next)} on tokens [${tokens.join(', ')}], states [${symbols.join(', ')}]: not a symbol of the ${S}`);
    }
    table[index] = next;
  }
  return table;
}
