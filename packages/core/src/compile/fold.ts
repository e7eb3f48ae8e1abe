import type { CompiledRule } from './compile.js';
import { mix32 } from '../hash.js';
import { Windows } from './windows.js';

/**
 * A compiled table folded onto the distinctions it makes. At each window position, codes
 * (token, state) that lead to the same next state in every neighbourhood that can occur are one
 * class; the table indexed by classes instead of codes says the same thing, in far fewer entries:
 * the addition models' 8 million entries become a few dozen, which stay in the processor's
 * fastest cache where the full table missed it on almost every cell.
 */
export interface FoldedRule {
  /**
   * For each window position k (leftmost first), the class of every code, already multiplied by
   * the position's stride: a window's index in `table` is Σ_k classOf[k][code_k].
   */
  readonly classOf: readonly Int32Array[];
  readonly table: Uint8Array;
}

/**
 * Partitions each position's codes by their column of the table (the next states over every
 * possible neighbourhood with that code there), builds the table over classes, and checks it
 * against the full table on every possible neighbourhood (should two columns ever share their
 * hashes, the check fails and the full table is used as it is). The outside code 0 is always a class of
 * its own, so a class never mixes codes of cells inside and beyond the lattice; within the inside
 * codes, the neighbourhoods that can occur do not depend on which inside code is at position k.
 */
export function foldRule(rule: CompiledRule): FoldedRule {
  const W = 2 * rule.radius + 1;
  const { base, table } = rule;
  // Two independent polynomial hashes of each (position, code)'s column, over the possible
  // neighbourhoods in index order (the same order for every code of a position).
  // Flat: (position k, code c) at k·base + c.
  const hashA = new Int32Array(W * base);
  const hashB = new Int32Array(W * base);
  const windows = new Windows(rule.radius, base);
  const codes = windows.codes;
  for (let index = 0; index < table.length; index++) {
    if (index > 0) windows.next();
    if (!windows.possible) continue;
    const value = table[index] + 1;
    for (let k = 0, at = 0; k < W; k++, at += base) {
      const c = at + codes[k];
      hashA[c] = mix32(hashA[c] + value);
      hashB[c] = mix32(hashB[c] ^ Math.imul(value, 0x9e3779b9));
    }
  }
  const classOf: Int32Array[] = [];
  const representatives: number[][] = [];
  let stride = 1;
  for (let k = 0; k < W; k++) {
    const byColumn = new Map<string, number>();
    const classes = new Int32Array(base);
    const reps = [0];
    for (let c = 1; c < base; c++) {
      const key = `${hashA[k * base + c]}:${hashB[k * base + c]}`;
      let id = byColumn.get(key);
      if (id === undefined) {
        id = reps.length;
        byColumn.set(key, id);
        reps.push(c);
      }
      classes[c] = id * stride;
    }
    classOf.push(classes);
    representatives.push(reps);
    stride *= reps.length;
  }
  const reduced = new Uint8Array(stride);
  const ids = new Int32Array(W);
  const repCodes = new Int32Array(W);
  for (let at = 0; at < stride; at++) {
    if (at > 0) incrementMixed(ids, representatives);
    let index = 0;
    let power = 1;
    for (let k = 0; k < W; k++) {
      repCodes[k] = representatives[k][ids[k]];
      index += repCodes[k] * power;
      power *= base;
    }
    reduced[at] = table[index];
  }
  // The hashes only proposed the classes: check the reduced table on every possible neighbourhood.
  const again = new Windows(rule.radius, base);
  for (let index = 0; index < table.length; index++) {
    if (index > 0) again.next();
    if (!again.possible) continue;
    const codes = again.codes;
    let at = 0;
    for (let k = 0; k < W; k++) at += classOf[k][codes[k]];
    // Two different columns with equal hashes (never seen): keep every code apart instead.
    if (reduced[at] !== table[index]) return unfolded(rule);
  }
  return { classOf, table: reduced };
}

/** The table as it is: every code its own class. */
function unfolded(rule: CompiledRule): FoldedRule {
  const W = 2 * rule.radius + 1;
  const classOf = Array.from({ length: W }, (_, k) => Int32Array.from({ length: rule.base }, (_, c) => c * rule.base ** k));
  return { classOf, table: rule.table };
}

/** The next tuple of class ids, position 0 counting fastest. */
function incrementMixed(ids: Int32Array, sizes: readonly (readonly unknown[])[]): void {
  for (let k = 0; k < ids.length; k++) {
    if (++ids[k] < sizes[k].length) return;
    ids[k] = 0;
  }
}

const folded = new WeakMap<CompiledRule, FoldedRule>();

/** The rule folded, once per compiled rule. */
export function foldedRule(rule: CompiledRule): FoldedRule {
  let known = folded.get(rule);
  if (!known) {
    known = foldRule(rule);
    folded.set(rule, known);
  }
  return known;
}
