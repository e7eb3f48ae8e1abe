import { cellHead, cellScratch } from '../kernels/cell-loops.js';
import type { TaskShape } from '../lattice.js';
import type { SeadModel } from '../model/model.js';
import { tableSize, windowNetwork } from './compile.js';
import type { FoldedRule } from './fold.js';

/** A table entry not computed yet. */
export const UNKNOWN = 255;

/**
 * A model's table filled as runs meet its windows: `table[index]` is `UNKNOWN` until `fill(index)`
 * has evaluated the network on that window, once; then a lookup. The entries are the compiled
 * table's, bit for bit (the same float64 sums in the same order, the same head): a run on it is the
 * run on the compiled table. It answers the first inputs of a large table without enumerating it,
 * and certifies nothing (compiling does that).
 */
export interface LazyTable extends FoldedRule {
  fill(index: number): number;
  /** Entries filled so far. */
  readonly filled: number;
}

/** Whether a model's table can be filled lazily: one byte an entry must leave `UNKNOWN` free. */
export function lazyPossible(task: TaskShape): boolean {
  return task.stateSymbols.length < UNKNOWN;
}

export function lazyTable(model: SeadModel, task: TaskShape): LazyTable {
  if (!lazyPossible(task)) throw new RangeError(`a table of ${task.stateSymbols.length} state symbols has no byte to mark an entry unknown`);
  const S = task.stateSymbols.length;
  const { radius: r, hidden: H } = model.config;
  const W = 2 * r + 1;
  const base = task.inputAlphabet.length * S + 1;
  const table = new Uint8Array(tableSize(task.inputAlphabet.length, S, r)).fill(UNKNOWN);
  // Every code its own class: the index is the table's own.
  const classOf = Array.from({ length: W }, (_, k) => Int32Array.from({ length: base }, (_, code) => code * base ** k));
  const { contribution, head, b1 } = windowNetwork(model, task);
  const scratch = cellScratch({ C: S, H });
  const { a1, logits } = scratch;
  const powers = Array.from({ length: W }, (_, k) => base ** k);
  let filled = 0;
  return {
    classOf,
    table,
    get filled() {
      return filled;
    },
    fill(index: number): number {
      // b_1 + contribution[W − 1] + … + contribution[0]: compiling's order of the same sums.
      a1.set(b1);
      for (let k = W - 1; k >= 0; k--) {
        const row = contribution[k];
        const at = (Math.floor(index / powers[k]) % base) * H;
        for (let u = 0; u < H; u++) a1[u] += row[at + u];
      }
      cellHead(S, H, head, scratch);
      let best = 0;
      for (let c = 1; c < S; c++) if (logits[c] > logits[best]) best = c;
      table[index] = best;
      filled++;
      return best;
    },
  };
}
