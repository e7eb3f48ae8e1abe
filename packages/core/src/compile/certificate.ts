import { OUTSIDE, type LocalRule } from '@sead/tasks';
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
   * on a lattice the reference would not. With none, the rules differ only on the way (in
   * transients): every lattice the learned rule rests on is at rest under the reference too, so it
   * answers as the reference does wherever the reference has one resting lattice per input (a
   * property this does not check).
   */
  readonly settledMismatches: number;
}

/** Differences a reference check lists. */
export const MAX_DIFFERENCES = 16;

/**
 * The table against the task's reference rule on every neighbourhood that can occur, reachable or
 * not. `reached` is asked for only when the two differ somewhere: where they agree everywhere,
 * which neighbourhoods runs meet does not matter (and the closure is the costly part). A model of
 * radius `r` above the rule's is compared on the rule's own window, the centre of each of its own; a
 * model of a smaller radius cannot be compared (a `RangeError`).
 */
export function checkReference(table: Uint8Array, rule: LocalRule, S: number, r: number, base: number, reached: () => Uint8Array): ReferenceCheck {
  if (countMismatches(table, rule, S, r, base) === 0)
    return {
      exact: true,
      mismatches: 0,
      differences: [],
      unreachableMismatches: 0,
      settledMismatches: 0,
    };
  const reachable = reached();
  let mismatches = 0;
  let unreachableMismatches = 0;
  let settledMismatches = 0;
  let rests: Uint8Array | undefined;
  const differences: Difference[] = [];
  countMismatches(table, rule, S, r, base, (index, tokens, symbols, expected) => {
    if (!reachable[index]) return void unreachableMismatches++;
    mismatches++;
    if (table[index] === symbols[r] && (rests ??= restingWindows({ radius: r, base, states: S, table }, reachable))[index]) settledMismatches++;
    if (differences.length < MAX_DIFFERENCES)
      differences.push({
        tokens: [...tokens],
        states: [...symbols],
        network: table[index],
        reference: expected,
      });
  });
  return {
    exact: mismatches === 0,
    mismatches,
    differences,
    unreachableMismatches,
    settledMismatches,
  };
}

/** Neighbourhoods that can occur where the table and the rule differ, each passed to `mismatch`. */
function countMismatches(
  table: Uint8Array,
  rule: LocalRule,
  S: number,
  r: number,
  base: number,
  mismatch?: (index: number, tokens: readonly number[], symbols: readonly number[], expected: number) => void
): number {
  const W = 2 * r + 1;
  const R = rule.radius;
  if (R > r) throw new RangeError(`the model reads ${r} cell${r === 1 ? '' : 's'} on each side and the reference rule ${R}: a window of the model does not determine the rule's next state`);
  const windows = new Windows(r, base);
  const codes = windows.codes;
  const tokens = new Array<number>(W);
  const symbols = new Array<number>(W);
  // The rule reads its own window, the centre 2R + 1 positions of the model's (all of it when R = r).
  const ruleTokens = R === r ? tokens : new Array<number>(2 * R + 1);
  const ruleSymbols = R === r ? symbols : new Array<number>(2 * R + 1);
  let count = 0;
  for (let index = 0; index < table.length; index++) {
    if (index > 0) windows.next();
    if (!windows.possible) continue;
    for (let k = 0; k < W; k++) {
      tokens[k] = codes[k] === 0 ? OUTSIDE : Math.floor((codes[k] - 1) / S);
      symbols[k] = codes[k] === 0 ? OUTSIDE : (codes[k] - 1) % S;
    }
    if (R < r) {
      for (let k = 0; k <= 2 * R; k++) {
        ruleTokens[k] = tokens[k + r - R];
        ruleSymbols[k] = symbols[k + r - R];
      }
    }
    const expected = rule.next(ruleTokens, ruleSymbols);
    if (expected === table[index]) continue;
    count++;
    mismatch?.(index, tokens, symbols, expected);
  }
  return count;
}
