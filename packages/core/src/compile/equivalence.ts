import { restingWindows } from './rests.js';

/**
 * Two rules over one window indexing (see `CompiledRule`): the learned table and the reference's,
 * whose entries for windows that cannot occur are never read.
 */
export interface RulePair {
  readonly radius: number;
  readonly base: number;
  readonly states: number;
  readonly learned: Uint8Array;
  readonly reference: Uint8Array;
}

/** Renamings tried at most (8 free symbols); beyond, none is searched for. */
export const MAX_RELABELLINGS = 40320;

/** Pairs of resting windows the search of `restsAgree` visits at most; beyond, it gives up. */
export const MAX_REST_PAIRS = 1 << 22;

/**
 * A renaming π of the symbols under which the learned rule is the reference's on every window in
 * `reached` (closed under the learned table, see `reachableWindows`): learned(w) = π(reference(π⁻¹ w)),
 * π applied to each cell's state. Only the symbols not `fixed` are renamed; the caller fixes the
 * start symbols and every symbol a lattice can rest on. Returns π as a list (π[s] is the learned
 * rule's name for the reference's symbol s), or null when no renaming other than the identity
 * works or there are more than `MAX_RELABELLINGS` to try.
 *
 * Why that is enough: a run starts from start symbols, which π keeps, and if the learned lattice is
 * π of the reference's at step t, every window it holds is reachable, so at t + 1 it is again π of
 * the reference's. The two come to rest at the same step, and at rest every symbol is one a lattice
 * can rest on, kept by π: the same lattice, the same answer.
 */
export function findRelabelling(rules: RulePair, reached: Uint8Array, fixed: readonly boolean[]): number[] | null {
  const { base, states: S, radius: r, learned, reference } = rules;
  const free = fixed.flatMap((kept, s) => (kept ? [] : [s]));
  if (free.length < 2 || factorial(free.length) > MAX_RELABELLINGS) return null;
  const W = 2 * r + 1;
  // The reachable windows, those where the two rules differ first: most renamings fail on them.
  const differing: number[] = [];
  const agreeing: number[] = [];
  for (let index = 0; index < reached.length; index++) {
    if (reached[index]) (learned[index] === reference[index] ? agreeing : differing).push(index);
  }
  const windows = Int32Array.from([...differing, ...agreeing]);
  const codes = new Int32Array(windows.length * W);
  for (let n = 0; n < windows.length; n++) {
    for (let k = 0, rest = windows[n]; k < W; k++, rest = Math.floor(rest / base)) codes[n * W + k] = rest % base;
  }
  const powers = Array.from({ length: W }, (_, k) => base ** k);
  const pi = Array.from({ length: S }, (_, s) => s);
  const inverse = new Int32Array(S);
  const renamed = new Int32Array(base);
  const holds = (): boolean => {
    for (let s = 0; s < S; s++) inverse[pi[s]] = s;
    // A position's code 1 + token·S + state, with the state renamed back by π⁻¹; 0 (outside) kept.
    for (let code = 1; code < base; code++) renamed[code] = code - ((code - 1) % S) + inverse[(code - 1) % S];
    for (let n = 0; n < windows.length; n++) {
      let index = 0;
      for (let k = 0; k < W; k++) index += renamed[codes[n * W + k]] * powers[k];
      if (learned[windows[n]] !== pi[reference[index]]) return false;
    }
    return true;
  };
  for (const order of permutations(free)) {
    if (order.every((s, k) => s === free[k])) continue; // the identity: the rules differ, it cannot hold
    free.forEach((s, k) => (pi[s] = order[k]));
    if (holds()) return [...pi];
  }
  return null;
}

/**
 * Whether every lattice the learned rule can rest on holds the reference's resting lattice for the
 * same tokens: true when no two lattices with equal tokens, one resting under each rule, differ in
 * any state. Then wherever a run of the learned rule comes to rest, it has the reference's answer
 * (whether it always comes to rest is another question). Lattices resting under a rule use only
 * the windows `restingWindows` keeps of those its runs can reach (`learnedReached`,
 * `referenceReached`), so the search walks pairs of those windows cell by cell, the two lattices
 * in step, as pairs of paths in their de Bruijn graphs with the same tokens, from the left edge to
 * the right. It finds a differing pair if there is one, of any length. null: more than
 * `MAX_REST_PAIRS` pairs to visit (or radius 0).
 */
export function restsAgree(rules: RulePair, learnedReached: Uint8Array, referenceReached: Uint8Array): boolean | null {
  const { base, states: S, radius: r } = rules;
  const size = rules.learned.length;
  const W = 2 * r + 1;
  const top = base ** (W - 1);
  const tokenCodes = (base - 1) / S + 1;
  // Pairs are keyed by one number (a·size + b, twice), successor lists by overlap and token.
  if (r === 0 || 2 * size * size > Number.MAX_SAFE_INTEGER || top * tokenCodes > MAX_FOLLOW_KEYS) return null;
  const learned = new Successors(restingWindows({ radius: r, base, states: S, table: rules.learned }, learnedReached), base, S, top, tokenCodes);
  const reference = new Successors(restingWindows({ radius: r, base, states: S, table: rules.reference }, referenceReached), base, S, top, tokenCodes);
  const centre = base ** r;
  const stateAt = (index: number) => (Math.floor(index / centre) % base) - 1;
  // Pairs seen, with whether their lattices differ so far: most pairs are one window twice, the
  // lattices equal so far, and those are marked in a bitmap; the others in a set.
  const same = new Uint8Array(Math.ceil(size / 8));
  const seen = new Set<number>();
  // Pairs to extend, those whose lattices already differ apart: they are walked first, depth first,
  // since one of them reaching the right end settles the answer.
  const stacks: [equal: number[], differing: number[]] = [[], []];
  const visit = (a: number, b: number, differs: boolean): boolean => {
    const d = differs || stateAt(a) !== stateAt(b);
    if (!d && a === b) {
      if (same[a >> 3] & (1 << (a & 7))) return true;
      same[a >> 3] |= 1 << (a & 7);
    } else {
      const key = (a * size + b) * 2 + (d ? 1 : 0);
      if (seen.has(key)) return true;
      seen.add(key);
    }
    stacks[d ? 1 : 0].push(a, b);
    return seen.size <= MAX_REST_PAIRS;
  };
  // Left ends (the cell left of the centre outside), paired by their tokens.
  const tokensOf = (index: number) => Array.from({ length: W }, (_, k) => Math.floor(index / base ** k) % base).map((code) => (code === 0 ? -1 : Math.floor((code - 1) / S))).join(',');
  const leftEnds = new Map<string, number[]>();
  for (const b of reference.leftEnds(r)) {
    const key = tokensOf(b);
    const list = leftEnds.get(key);
    if (list) list.push(b);
    else leftEnds.set(key, [b]);
  }
  for (const a of learned.leftEnds(r)) for (const b of leftEnds.get(tokensOf(a)) ?? []) if (!visit(a, b, false)) return null;
  const rightOfCentre = base ** (r + 1);
  while (stacks[0].length > 0 || stacks[1].length > 0) {
    const differs = stacks[1].length > 0;
    const stack = stacks[differs ? 1 : 0];
    const b = stack.pop()!;
    const a = stack.pop()!;
    // The right end: the cell right of the centre is outside. Two whole lattices, equal tokens.
    if (Math.floor(a / rightOfCentre) % base === 0) {
      if (differs) return false;
      continue;
    }
    const overlapA = Math.floor(a / base) * tokenCodes;
    const overlapB = Math.floor(b / base) * tokenCodes;
    const { offsets: at, windows: next } = learned;
    const { offsets: atB, windows: nextB } = reference;
    // The outside (token code 0) pushed last, so tried first: a lattice that can end here, does.
    for (let token = tokenCodes - 1; token >= 0; token--) {
      for (let i = at[overlapA + token]; i < at[overlapA + token + 1]; i++) {
        for (let j = atB[overlapB + token]; j < atB[overlapB + token + 1]; j++) if (!visit(next[i], nextB[j], differs)) return null;
      }
    }
  }
  return true;
}

/** Overlap-and-token keys the successor lists of `restsAgree` may have (their offsets are 4 bytes each). */
const MAX_FOLLOW_KEYS = 1 << 26;

/**
 * A set of windows as the successors of an overlap: the windows whose first W − 1 cells are that
 * overlap and whose last cell holds a given token (0: outside, else 1 + token), listed together.
 */
class Successors {
  readonly windows: Int32Array;
  /** The successors of overlap-and-token `key` are `windows[offsets[key]]` up to `windows[offsets[key + 1]]`. */
  readonly offsets: Int32Array;

  constructor(
    readonly set: Uint8Array,
    readonly base: number,
    readonly states: number,
    readonly top: number,
    readonly tokenCodes: number
  ) {
    const keyOf = (index: number) => {
      const last = Math.floor(index / top);
      return (index % top) * tokenCodes + (last === 0 ? 0 : 1 + Math.floor((last - 1) / states));
    };
    const offsets = new Int32Array(top * tokenCodes + 1);
    let count = 0;
    for (let index = 0; index < set.length; index++) if (set[index]) (offsets[keyOf(index) + 1]++, count++);
    for (let key = 0; key < top * tokenCodes; key++) offsets[key + 1] += offsets[key];
    const windows = new Int32Array(count);
    const filled = offsets.slice(0, top * tokenCodes);
    for (let index = 0; index < set.length; index++) if (set[index]) windows[filled[keyOf(index)]++] = index;
    this.windows = windows;
    this.offsets = offsets;
  }

  /** The windows whose cell left of the centre lies outside. */
  leftEnds(r: number): number[] {
    const left = this.base ** (r - 1);
    return Array.from(this.windows).filter((index) => Math.floor(index / left) % this.base === 0);
  }
}

/**
 * The most times a cell can change under the learned table, or null when a cell may change back and
 * forth. A cell's token never changes, so its changes follow edges (token, s) → (token, s') of the
 * windows in `reached` whose centre s the table replaces by s'; without a cycle among those edges a
 * cell changes at most as often as the longest path has edges, d, and since a step that changes
 * nothing is a rest, every run on L cells comes to rest within d·L steps.
 */
export function maxChanges(rules: Pick<RulePair, 'radius' | 'base' | 'states' | 'learned'>, reached: Uint8Array): number | null {
  const { radius: r, base, states: S, learned } = rules;
  const nodes = base - 1;
  const edges = Array.from({ length: nodes }, () => new Set<number>());
  const centre = base ** r;
  for (let index = 0; index < reached.length; index++) {
    if (!reached[index]) continue;
    const code = Math.floor(index / centre) % base;
    const state = (code - 1) % S;
    if (learned[index] !== state) edges[code - 1].add(code - 1 - state + learned[index]);
  }
  // Longest path from each node, by depth-first search; a node met again while open closes a cycle.
  const longest = new Int32Array(nodes).fill(-1);
  const open = new Uint8Array(nodes);
  const from = (node: number): number | null => {
    if (longest[node] >= 0) return longest[node];
    if (open[node]) return null;
    open[node] = 1;
    let most = 0;
    for (const next of edges[node]) {
      const rest = from(next);
      if (rest === null) return null;
      most = Math.max(most, 1 + rest);
    }
    open[node] = 0;
    return (longest[node] = most);
  };
  let most = 0;
  for (let node = 0; node < nodes; node++) {
    const d = from(node);
    if (d === null) return null;
    most = Math.max(most, d);
  }
  return most;
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/** Every ordering of `items`, each a fresh list. */
function* permutations(items: readonly number[]): Generator<number[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let k = 0; k < items.length; k++) {
    const rest = [...items.slice(0, k), ...items.slice(k + 1)];
    for (const tail of permutations(rest)) yield [items[k], ...tail];
  }
}
