import { OUTSIDE, type LocalRule } from './task.js';
import { neighbourCells, windowOffsets } from './window.js';

/**
 * One synchronous step of a local rule over a whole lattice: every cell's next state from its
 * neighbourhood, with `OUTSIDE` beyond both ends.
 *
 * A local rule is a pure function of the neighbourhood, so its answers are remembered in a table
 * indexed by the neighbourhood (filled as neighbourhoods turn up) and a step is one lookup per cell
 * with a rolling index: checking a Rule 110 rollout of 10⁴ cells for 10⁴ steps against the rule
 * takes a fraction of a second instead of 10⁸ calls. Alphabets too large to tabulate call the rule.
 */
export function applyRule(rule: LocalRule, tokens: Uint8Array, states: Uint8Array, columns?: number): Uint8Array {
  if (columns !== undefined) return applyGrid(rule, tokens, states, columns);
  const table = tableFor(rule, maxOf(tokens) + 1, maxOf(states) + 1);
  return table ? table.step(tokens, states) : applyDirect(rule, tokens, states);
}

/** Entries of the largest table kept per rule (2 bytes each). */
export const MAX_RULE_TABLE = 1 << 22;

/** The rule's answers by neighbourhood, for tokens below `tokens` and states below `states`. */
class RuleTable {
  /** Digits per window position: OUTSIDE, or a (token, state) pair. */
  readonly base: number;
  /** base^(2r): the weight of the window's leftmost digit. */
  readonly lead: number;
  /** Next state by neighbourhood index; −1 where not asked yet. */
  readonly next: Int16Array;

  constructor(
    readonly rule: LocalRule,
    readonly tokens: number,
    readonly states: number,
  ) {
    this.base = tokens * states + 1;
    // Multiplied out, not `**`: the rolling index stays a small integer for the JIT.
    let lead = 1;
    for (let k = 0; k < 2 * rule.radius; k++) lead *= this.base;
    this.lead = lead;
    this.next = new Int16Array(this.lead * this.base).fill(-1);
  }

  static size(radius: number, tokens: number, states: number): number {
    return (tokens * states + 1) ** (2 * radius + 1);
  }

  step(tokens: Uint8Array, states: Uint8Array): Uint8Array {
    const L = tokens.length;
    const r = this.rule.radius;
    const { base, lead, next } = this;
    const S = this.states;
    // The window's index in base `base`, leftmost position most significant; OUTSIDE is digit 0.
    let index = 0;
    for (let j = -r; j <= r; j++) index = index * base + (j >= 0 && j < L ? tokens[j] * S + states[j] + 1 : 0);
    const out = new Uint8Array(L);
    for (let i = 0; i < L; i++) {
      if (i > 0) {
        const j = i + r;
        index = (index % lead) * base + (j < L ? tokens[j] * S + states[j] + 1 : 0);
      }
      let value = next[index];
      if (value < 0) value = next[index] = this.ask(index);
      out[i] = value;
    }
    return out;
  }

  /** The rule's answer for the neighbourhood with this index. */
  ask(index: number): number {
    const width = 2 * this.rule.radius + 1;
    const t = new Array<number>(width);
    const s = new Array<number>(width);
    for (let k = width - 1; k >= 0; k--) {
      const d = index % this.base;
      index = (index - d) / this.base;
      t[k] = d === 0 ? OUTSIDE : Math.floor((d - 1) / this.states);
      s[k] = d === 0 ? OUTSIDE : (d - 1) % this.states;
    }
    const value = this.rule.next(t, s);
    if (!(Number.isInteger(value) && value >= 0 && value <= 255)) throw new RangeError(`a local rule returned ${value}; states are integers 0–255`);
    return value;
  }
}

const tables = new WeakMap<LocalRule, RuleTable>();

/** The table of a rule covering these alphabets (grown when a larger one turns up), if small enough. */
function tableFor(rule: LocalRule, tokens: number, states: number): RuleTable | undefined {
  const known = tables.get(rule);
  if (known && known.tokens >= tokens && known.states >= states) return known;
  const [T, S] = [Math.max(tokens, known?.tokens ?? 0), Math.max(states, known?.states ?? 0)];
  if (RuleTable.size(rule.radius, T, S) > MAX_RULE_TABLE) return undefined;
  const table = new RuleTable(rule, T, S);
  tables.set(rule, table);
  return table;
}

function applyDirect(rule: LocalRule, tokens: Uint8Array, states: Uint8Array): Uint8Array {
  const L = tokens.length;
  const r = rule.radius;
  const t = new Array<number>(2 * r + 1);
  const s = new Array<number>(2 * r + 1);
  const next = new Uint8Array(L);
  for (let i = 0; i < L; i++) {
    for (let k = -r; k <= r; k++) {
      const j = i + k;
      const inside = j >= 0 && j < L;
      t[k + r] = inside ? tokens[j] : OUTSIDE;
      s[k + r] = inside ? states[j] : OUTSIDE;
    }
    next[i] = rule.next(t, s);
  }
  return next;
}

function maxOf(values: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}

/** Most answers a grid step remembers per rule: beyond, the rule is called for every new window. */
const MAX_GRID_ANSWERS = 1 << 20;
const gridAnswers = new WeakMap<LocalRule, Map<number, Map<number, number>>>();

/**
 * One step of a rule over a grid of `columns` cells per row, stored row by row. A (2r + 1)² window
 * over (token, state) pairs is too large to tabulate, so answers are remembered by window as they
 * turn up (a grid meets few distinct windows).
 */
function applyGrid(rule: LocalRule, tokens: Uint8Array, states: Uint8Array, columns: number): Uint8Array {
  const cells = tokens.length;
  const rows = cells / columns;
  if (!(Number.isInteger(columns) && columns >= 1 && Number.isInteger(rows))) throw new RangeError(`a grid of ${cells} cells cannot have ${columns} columns`);
  const offsets = windowOffsets(2, rule.radius);
  const K = offsets.length;
  const neighbours = new Int32Array(K);
  const t = new Array<number>(K);
  const s = new Array<number>(K);
  // A window's key: digit token · S + state + 1 per position (0 beyond the edge), exact while it
  // stays below 2^53; answers are remembered per rule and alphabet size.
  const S = maxOf(states) + 1;
  const V = maxOf(tokens) + 1;
  const base = V * S + 1;
  const keyed = base ** K <= Number.MAX_SAFE_INTEGER;
  let byAlphabets = gridAnswers.get(rule);
  if (!byAlphabets) gridAnswers.set(rule, (byAlphabets = new Map()));
  let memo = byAlphabets.get(V * 256 + S);
  if (!memo) byAlphabets.set(V * 256 + S, (memo = new Map()));
  const next = new Uint8Array(cells);
  for (let y = 0, cell = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++, cell++) {
      neighbourCells(offsets, rows, columns, y, x, neighbours);
      let key = 0;
      for (let k = 0; k < K; k++) {
        const j = neighbours[k];
        t[k] = j < 0 ? OUTSIDE : tokens[j];
        s[k] = j < 0 ? OUTSIDE : states[j];
        if (keyed) key = key * base + (j < 0 ? 0 : tokens[j] * S + states[j] + 1);
      }
      let value = keyed ? memo.get(key) : undefined;
      if (value === undefined) {
        value = rule.next(t, s);
        if (!(Number.isInteger(value) && value >= 0 && value <= 255)) throw new RangeError(`a local rule returned ${value}; states are integers 0–255`);
        if (keyed && memo.size < MAX_GRID_ANSWERS) memo.set(key, value);
      }
      next[cell] = value;
    }
  }
  return next;
}
