import { seededRandom, type Task } from '@sead/tasks';
import { BoundError, checkBound, countText, DEFAULT_MAX_COMPILE_WORK } from '../bounds.js';
import type { TaskShape } from '../lattice.js';
import { weightShapes, type SeadConfig } from '../model/config.js';
import type { SeadModel } from '../model/model.js';
import { weightsHash } from '../model/weights-hash.js';
import { cellHead, cellScratch } from '../kernels/cell-loops.js';
import { checkReference, type Certificate, type ReferenceCheck } from './certificate.js';
import { reachableWindows } from './reach.js';
import { Windows } from './windows.js';

/**
 * What compiling reads of a task: its shape, its reference rule to compare with, and (to find the
 * states a run starts from) its instances and encodings, where it has them.
 */
export type CompileTask = TaskShape & Partial<Pick<Task, 'rule' | 'random' | 'encode' | 'adversarial' | 'tokenWindowOccurs'>>;

/**
 * A discrete model compiled to a lookup table: the network's next state for every neighbourhood it
 * can meet. A position of a neighbourhood is coded 0 when it lies beyond the lattice, else
 * 1 + token·S + state; the table's index is Σ_k code_k · base^k over the window, left to right.
 */
export interface CompiledRule {
  readonly taskId: string;
  readonly radius: number;
  /** Input tokens V and state symbols S; base = V·S + 1. */
  readonly tokens: number;
  readonly states: number;
  readonly base: number;
  readonly table: Uint8Array;
  readonly certificate: Certificate;
}

/** Logit gap above which float32 rounding cannot change an argmax. */
export const MARGIN = 1e-3;
/** Tables larger than this are not built: the alphabets are too large to enumerate. */
export const MAX_TABLE_ENTRIES = 1 << 26;

/** The table's size for these alphabets and radius. */
export function tableSize(tokens: number, states: number, radius: number): number {
  return (tokens * states + 1) ** (2 * radius + 1);
}

/**
 * Multiply-adds compiling the table of a model of this config takes: the network's two last layers
 * on every neighbourhood, H·(H + S), plus the hidden layer's running sums, about H more.
 */
export function compileWork(config: Pick<SeadConfig, 'hidden' | 'radius'>, task: Pick<TaskShape, 'inputAlphabet' | 'stateSymbols'>): number {
  const S = task.stateSymbols.length;
  return tableSize(task.inputAlphabet.length, S, config.radius) * config.hidden * (config.hidden + S + 1);
}

/** Refuses, before any work, a table too large to build or too costly to compute. */
export function checkCompileWork(config: SeadConfig, task: TaskShape, maxWork: number): void {
  // A grid model compiles nothing before a run: its table is filled window by window (`GridTable`).
  if (config.dimensions === 2) return;
  const V = task.inputAlphabet.length;
  const S = task.stateSymbols.length;
  const r = config.radius;
  const size = tableSize(V, S, r);
  if (size > MAX_TABLE_ENTRIES) {
    throw new BoundError(`a table of ${countText(size)} neighbourhoods (${V} tokens × ${S} symbols, radius ${r}) is too large to compile (at most ${countText(MAX_TABLE_ENTRIES)})`, 'compile', size, MAX_TABLE_ENTRIES);
  }
  const work = compileWork(config, task);
  if (work > checkBound(maxWork, 'maxCompileWork')) {
    throw new BoundError(
      `compiling the table takes ${countText(size)} table entries × ${countText(work / size)} multiply-adds = ${countText(work)}, more than the bound of ${countText(maxWork)}`,
      'compile',
      work,
      maxWork,
    );
  }
}

/**
 * Evaluates the network once on every neighbourhood (`windowNetwork`), the hidden layer's sums
 * shared between windows that differ only at their left positions. Then compares the table with
 * the task's reference rule, when there is one.
 */
export function compileRule(model: SeadModel, task: CompileTask, options: { maxCompileWork?: number } = {}): CompiledRule {
  if (model.config.mode !== 'discrete') throw new RangeError('only discrete models compile to a table; this model is continuous');
  if (model.config.dimensions === 2) throw new RangeError('a grid model has too many windows to compile into a table; runs fill its table as they meet them, and checkGridWindows compares it with the reference');
  if (model.taskId !== task.id) throw new RangeError(`model was trained for task "${model.taskId}", not "${task.id}"`);
  checkCompileWork(model.config, task, options.maxCompileWork ?? DEFAULT_MAX_COMPILE_WORK);
  const V = task.inputAlphabet.length;
  const S = task.stateSymbols.length;
  const { radius: r, hidden: H } = model.config;
  const W = 2 * r + 1;
  const base = V * S + 1;
  const size = tableSize(V, S, r);
  const w = model.weightArrays();
  const { contribution, head, b1 } = windowNetwork(model, task);
  const table = new Uint8Array(size);
  // The window's codes as an odometer, position 0 turning fastest (index order), and partial sums
  // partial[k] = b_1 + Σ_{j ≥ k} contribution[j][code_j]: a step of the odometer that turns
  // positions 0..k recomputes only partial[k..0].
  const windows = new Windows(r, base);
  const codes = windows.codes;
  const partial = Array.from({ length: W + 1 }, () => new Float64Array(H));
  partial[W].set(b1);
  const refresh = (top: number) => {
    for (let k = top; k >= 0; k--) {
      const above = partial[k + 1];
      const here = partial[k];
      const row = contribution[k];
      const at = codes[k] * H;
      for (let u = 0; u < H; u++) here[u] = above[u] + row[at + u];
    }
  };
  refresh(W - 1);
  const scratch = cellScratch({ C: S, H });
  const { logits } = scratch;
  let neighbourhoods = 0;
  let minMargin = Infinity;
  // Windows whose gap is within float32 rounding of a tie, one bit each (allocated at the first).
  let thin: Uint8Array | undefined;
  for (let index = 0; index < size; index++) {
    if (index > 0) refresh(windows.next());
    scratch.a1.set(partial[0]);
    cellHead(S, H, head, scratch);
    let best = 0;
    for (let c = 1; c < S; c++) if (logits[c] > logits[best]) best = c;
    table[index] = best;
    if (!windows.possible) continue;
    neighbourhoods++;
    let runnerUp = -Infinity;
    for (let c = 0; c < S; c++) if (c !== best && logits[c] > runnerUp) runnerUp = logits[c];
    const margin = logits[best] - runnerUp;
    minMargin = Math.min(minMargin, margin);
    if (margin <= MARGIN) (thin ??= new Uint8Array(Math.ceil(size / 8)))[index >> 3] |= 1 << (index & 7);
  }
  const rule = { taskId: task.id, radius: r, tokens: V, states: S, base, table };
  // Computed when first read (passes over the table): running the table needs neither.
  let starts: number[] | undefined;
  const closure = (of: Uint8Array) => reachableWindows({ ...rule, table: of }, (starts ??= startSymbols(task)), task.tokenWindowOccurs && ((window) => task.tokenWindowOccurs!(window)));
  const referenceClosure = (of: Uint8Array) => {
    const byTask = referenceClosures.get(of) ?? new WeakMap<CompileTask, Uint8Array>();
    referenceClosures.set(of, byTask);
    const known = byTask.get(task) ?? closure(of);
    byTask.set(task, known);
    return known;
  };
  let reached: Uint8Array | undefined;
  const reachable = () => (reached ??= closure(table));
  let reachableCount: number | undefined;
  let equalsNetwork: boolean | undefined;
  let reference: ReferenceCheck | undefined;
  return {
    ...rule,
    certificate: {
      weightsHash: weightsHash(model.config, w),
      neighbourhoods,
      minMargin,
      get tableEqualsNetwork() {
        return (equalsNetwork ??= thin === undefined || noneReached(thin, reachable()));
      },
      get reachable() {
        return (reachableCount ??= reachable().reduce((n, v) => n + v, 0));
      },
      get reference() {
        if (!task.rule) return null;
        reference ??= checkReference(table, task.rule, S, r, base, reachable, { dynamics: task.dynamics, startSymbols: (starts ??= startSymbols(task)), referenceClosure });
        return reference;
      },
    },
  };
}

/** The closure of a reference table (shared by every model checked against its rule) per task: it depends on the task's start. */
const referenceClosures = new WeakMap<Uint8Array, WeakMap<CompileTask, Uint8Array>>();

/**
 * The network on one window (of a row or a grid), in float64 straight from the weights: by
 * linearity, W_1 ⊛ [e ; W_s h] is b_1 plus a sum over the window of one [H] vector per (position,
 * code), `contribution[k]` at code·H; the rest is the cell's own step from its hidden
 * pre-activation (`cellHead`).
 */
export function windowNetwork(model: SeadModel, task: TaskShape) {
  const V = task.inputAlphabet.length;
  const S = task.stateSymbols.length;
  const { embedding: E, hidden: H, features: F } = model.config;
  const base = V * S + 1;
  const w = model.weightArrays();
  const shapes = weightShapes(model.config);
  if (shapes.W1[1] !== 2 * E) throw new RangeError('unexpected W1 shape');
  // Window positions: 2r + 1 in a row, (2r + 1)² in a grid.
  const W = shapes.W1[0];
  // contribution[k][code]: what window position k holding `code` adds to the hidden pre-activation.
  const contribution = Array.from({ length: W }, () => new Float64Array(base * H));
  for (let k = 0; k < W; k++) {
    for (let token = 0; token < V; token++) {
      const embedded = new Float64Array(E);
      for (let f = 0; f < F; f++) for (let j = 0; j < E; j++) embedded[j] += task.inputAlphabet[token][f] * w.We[f * E + j];
      for (let state = 0; state < S; state++) {
        const code = 1 + token * S + state;
        for (let u = 0; u < H; u++) {
          let sum = 0;
          for (let j = 0; j < E; j++) {
            sum += embedded[j] * w.W1[(k * 2 * E + j) * H + u];
            sum += w.Ws[state * E + j] * w.W1[(k * 2 * E + E + j) * H + u];
          }
          contribution[k][code * H + u] = sum;
        }
      }
    }
  }
  const head = { W2: Float64Array.from(w.W2), b2: Float64Array.from(w.b2), Wh: Float64Array.from(w.Wh), bh: Float64Array.from(w.bh) };
  return { contribution, head, b1: Float64Array.from(w.b1) };
}

/** Whether no window flagged in the bitset `thin` is reachable. */
function noneReached(thin: Uint8Array, reached: Uint8Array): boolean {
  for (let index = 0; index < reached.length; index++) if (reached[index] && thin[index >> 3] & (1 << (index & 7))) return false;
  return true;
}

/**
 * The symbols a cell can hold at t = 0: every symbol for a rollout (its row is the input) or a task
 * shape that cannot encode; otherwise those the task's encodings of random and adversarial
 * instances start from (symbol 0 where a lattice sets no initial state).
 */
export function startSymbols(task: CompileTask): number[] {
  const S = task.stateSymbols.length;
  const every = Array.from({ length: S }, (_, s) => s);
  if (task.dynamics === 'rollout' || !task.random || !task.encode || !task.adversarial) return every;
  const seen = new Set<number>();
  const random = seededRandom(0x57a47);
  const instances = [];
  for (let length = 1; length <= 16; length++) {
    for (let k = 0; k < 4; k++) instances.push(task.random(length, random));
    instances.push(...task.adversarial(length).map((a) => a.instance));
  }
  for (const instance of instances) {
    const { initialState } = task.encode(instance);
    if (!initialState) seen.add(0);
    else for (const s of initialState) seen.add(s);
  }
  return [...seen].sort((a, b) => a - b);
}
