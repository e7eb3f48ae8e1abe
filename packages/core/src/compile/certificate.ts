import { OUTSIDE, type LocalRule } from '@sead/tasks';
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
  /** minMargin > MARGIN: the table equals the network on every neighbourhood. */
  readonly tableEqualsNetwork: boolean;
  /** Comparison with the task's reference rule, when the task has one (computed when first read). */
  readonly reference: null | ReferenceCheck;
}

export interface ReferenceCheck {
  /** The learned rule equals the reference on every neighbourhood: exact at every length. */
  readonly exact: boolean;
  readonly mismatches: number;
  readonly firstMismatch: null | { tokens: number[]; states: number[]; network: number; reference: number };
}

/** The table against the task's reference rule on every neighbourhood that can occur. */
export function checkReference(table: Uint8Array, rule: LocalRule, S: number, r: number, base: number): ReferenceCheck {
  const W = 2 * r + 1;
  const windows = new Windows(r, base);
  const codes = windows.codes;
  const tokens = new Array<number>(W);
  const symbols = new Array<number>(W);
  let mismatches = 0;
  let firstMismatch: ReferenceCheck['firstMismatch'] = null;
  for (let index = 0; index < table.length; index++) {
    if (index > 0) windows.next();
    if (!windows.possible) continue;
    for (let k = 0; k < W; k++) {
      tokens[k] = codes[k] === 0 ? OUTSIDE : Math.floor((codes[k] - 1) / S);
      symbols[k] = codes[k] === 0 ? OUTSIDE : (codes[k] - 1) % S;
    }
    const expected = rule.next(tokens, symbols);
    if (expected !== table[index]) {
      mismatches++;
      firstMismatch ??= { tokens: [...tokens], states: [...symbols], network: table[index], reference: expected };
    }
  }
  return { exact: mismatches === 0, mismatches, firstMismatch };
}
