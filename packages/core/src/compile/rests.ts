import type { CompiledRule } from './compile.js';

/** What the pruning reads of a compiled rule: its table and how it is indexed. */
type TableOf = Pick<CompiledRule, 'radius' | 'base' | 'states' | 'table'>;

/**
 * The reachable windows a lattice at rest under the table can hold: a sound over-approximation.
 *
 * A lattice rests when the table keeps every cell's symbol, so each of its windows is *stable*
 * (the table gives back the centre's own symbol) and reachable, and each has, beside it, the
 * windows of its neighbours: stable too, overlapping it in all but one cell. Start from the
 * reachable stable windows and remove, until none is removed, every window with a neighbour inside
 * the lattice whose every candidate window has been removed (as arc consistency does on a de Bruijn
 * graph). Every window of every resting lattice survives (its neighbours' windows support it at
 * every pass); a survivor need not belong to one.
 */
export function restingWindows(rule: TableOf, reached: Uint8Array): Uint8Array {
  const { radius: r, base, table, states: S } = rule;
  const W = 2 * r + 1;
  const below = base ** (W - 1);
  const rests = new Uint8Array(table.length);
  // A window's first W − 1 cells (`index % below`) and its last W − 1 (`⌊index / base⌋`) are the
  // overlaps with its right and left neighbours' windows: how many survivors have each.
  const byFirst = new Int32Array(below);
  const byLast = new Int32Array(below);
  const centreOf = (index: number) => Math.floor(index / base ** r) % base;
  const leftOf = (index: number) => Math.floor(index / base ** (r - 1)) % base;
  const rightOf = (index: number) => Math.floor(index / base ** (r + 1)) % base;
  for (let index = 0; index < table.length; index++) {
    const centre = centreOf(index);
    if (!reached[index] || centre === 0 || table[index] !== (centre - 1) % S) continue;
    rests[index] = 1;
    byFirst[index % below]++;
    byLast[Math.floor(index / base)]++;
  }
  for (let removed = true; removed; ) {
    removed = false;
    for (let index = 0; index < table.length; index++) {
      if (!rests[index]) continue;
      // The left neighbour's window ends with this one's first W − 1 cells; the right one's starts with its last.
      const leftMissing = leftOf(index) !== 0 && byLast[index % below] === 0;
      const rightMissing = rightOf(index) !== 0 && byFirst[Math.floor(index / base)] === 0;
      if (!leftMissing && !rightMissing) continue;
      rests[index] = 0;
      byFirst[index % below]--;
      byLast[Math.floor(index / base)]--;
      removed = true;
    }
  }
  return rests;
}
