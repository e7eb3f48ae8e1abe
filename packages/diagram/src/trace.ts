import * as tf from '@tensorflow/tfjs-core';
import { compiledRule, embed, featureTensor, relaxWith, resolveEngine, step, type Engine, type Outcome, type RunResult, type SeadModel } from '@sead/core';
import { applyRule, checkLattice, type Lattice, type Task } from '@sead/tasks';
import { GridBuilder, type GridLimits, type SpacetimeGrid } from './grid.js';
import { TableReplay } from './table-replay.js';

export interface TraceOptions extends GridLimits {
  /** dense, sparse or auto (sparse for discrete models), as in `predict`. */
  engine?: Engine;
  /** Step cap for fixed-point tasks; default the core's 2L + 64. */
  maxSteps?: number;
  /** Compare with the task's reference (default true); see `Trace.reference`. */
  reference?: boolean;
  /** The run's bound on cell updates and the compile's on multiply-adds, as in `predict`. */
  maxUpdates?: number;
  maxCompileWork?: number;
}

/** What the picture of a run needs: the task's symbols and dynamics. */
export interface TraceTask {
  readonly id: string;
  readonly stateSymbols: readonly string[];
  readonly dynamics: Task['dynamics'];
}

/** A run drawn at a bounded size, with its result and where it differs from the reference. */
export interface Trace<O = unknown> {
  readonly task: TraceTask;
  readonly grid: SpacetimeGrid;
  readonly engine: 'dense' | 'sparse';
  readonly steps: number;
  readonly outcome: Outcome;
  readonly converged: boolean;
  readonly period?: number;
  readonly output: O;
  readonly expected: O;
  /** The run converged and its answer equals the reference solver's. */
  readonly correct: boolean;
  /**
   * What the overlay compares with. "trajectory": every row with the task's reference rule run from
   * the same initial state (rollouts). "targets": the last row with the task's `cellTargets` (fixed
   * points: the attractor the algorithm settles to). null: no comparison.
   */
  readonly reference: 'trajectory' | 'targets' | null;
  /** (time, cell) points that differ from the reference, and the first of them (earliest, leftmost). */
  readonly wrongPoints: number;
  readonly firstWrong: { readonly step: number; readonly cell: number } | null;
}

/**
 * The dense engine keeps every step of a run; beyond this many (cell, step) points a trace refuses
 * it rather than run out of memory (the sparse engine streams and has no such limit).
 */
export const MAX_DENSE_POINTS = 1 << 26;

/**
 * Runs a model on one instance and records its spacetime picture. Discrete models on the sparse
 * engine stream: the core's engine finds the outcome and the number of steps, then the compiled
 * table replays the run one step at a time into the grid, in memory that does not grow with the
 * steps. The dense engine, and continuous models on either engine, record the run with the core's
 * `record: true`; for continuous models the channel values are replayed beside it.
 */
export function traceRun<I, O>(model: SeadModel, task: Task<I, O>, instance: I, options: TraceOptions = {}): Trace<O> {
  if (model.taskId !== task.id) throw new RangeError(`model was trained for task "${model.taskId}", not "${task.id}"`);
  const lattice = checkLattice(task, task.encode(instance));
  const engine = resolveEngine(model, options.engine ?? 'auto');
  const runOptions = { maxSteps: options.maxSteps, maxUpdates: options.maxUpdates, maxCompileWork: options.maxCompileWork };
  const useReference = options.reference ?? true;
  const trajectoryRule = useReference && task.dynamics === 'rollout' && task.rule ? task.rule : undefined;
  const continuous = model.config.mode === 'continuous';
  const grid = new GridBuilder(lattice.length, task.stateSymbols.length, { ...options, channels: continuous ? model.config.channels : 0 });
  const overlay = new Overlay(grid, lattice, trajectoryRule);

  let result: RunResult;
  if (engine === 'sparse' && !continuous) {
    [result] = relaxWith('sparse', model, task, [lattice], runOptions);
    const replay = new TableReplay(compiledRule(model, task, runOptions), lattice);
    grid.begin(replay.state);
    overlay.compare(0);
    for (let t = 1; t <= result.steps; t++) {
      const changes = replay.step();
      grid.change(changes.at, changes.to, changes.count);
      overlay.compare(t);
    }
    if (!sameSymbols(replay.state, result.symbols)) throw new Error('internal error: the replay of the compiled table left the engine\'s run');
  } else {
    const cap = lattice.steps ?? options.maxSteps ?? 2 * lattice.length + 64;
    if (lattice.length * (cap + 2) > MAX_DENSE_POINTS) {
      throw new RangeError(
        `${continuous ? 'a continuous model\'s run' : 'the dense engine'} keeps every step: ${lattice.length} cells × up to ${cap} steps is more than ${MAX_DENSE_POINTS} points; ` +
          (continuous ? 'use a shorter input or a lower step cap' : 'use the sparse engine'),
      );
    }
    // Continuous models run on the engine asked for (both record their symbols); the channels are replayed beside them.
    [result] = relaxWith(engine, model, task, [lattice], { ...runOptions, record: true });
    const history = result.history as Uint8Array[];
    const channels = continuous ? new ChannelReplay(model, task, lattice) : undefined;
    history.forEach((row, t) => {
      if (t === 0) grid.begin(row);
      else grid.row(row);
      if (channels) grid.addChannels(channels.next());
      overlay.compare(t);
    });
    channels?.dispose();
  }
  if (!trajectoryRule && useReference && task.cellTargets) overlay.compareTargets(task.cellTargets(instance));

  const output = task.decode(instance, result.symbols);
  const expected = task.solve(instance);
  return {
    task: { id: task.id, stateSymbols: [...task.stateSymbols], dynamics: task.dynamics },
    grid: grid.finish(),
    engine,
    steps: result.steps,
    outcome: result.outcome,
    converged: result.converged,
    ...(result.period !== undefined && { period: result.period }),
    output,
    expected,
    correct: result.converged && task.equal(output, expected),
    reference: trajectoryRule ? 'trajectory' : useReference && task.cellTargets ? 'targets' : null,
    wrongPoints: overlay.wrongPoints,
    firstWrong: overlay.firstWrong,
  };
}

/** Marks the cells of the grid's latest row that differ from the reference. */
class Overlay {
  wrongPoints = 0;
  firstWrong: { step: number; cell: number } | null = null;
  readonly #grid: GridBuilder;
  readonly #lattice: Lattice;
  readonly #rule: Task['rule'];
  #reference: Uint8Array;

  constructor(grid: GridBuilder, lattice: Lattice, rule: Task['rule']) {
    this.#grid = grid;
    this.#lattice = lattice;
    this.#rule = rule;
    this.#reference = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(lattice.length);
  }

  /** Rollouts: row t against the reference rule's row t. */
  compare(t: number): void {
    if (!this.#rule) return;
    if (t > 0) this.#reference = applyRule(this.#rule, this.#lattice.tokens, this.#reference);
    this.#mark(t, this.#reference);
  }

  /** Fixed points: the last row against the attractor the algorithm settles to. */
  compareTargets(targets: Uint8Array): void {
    if (targets.length !== this.#lattice.length) throw new RangeError(`cellTargets gave ${targets.length} cells for a lattice of ${this.#lattice.length}`);
    this.#mark(this.#grid.rows - 1, targets);
  }

  #mark(t: number, reference: Uint8Array): void {
    const state = this.#grid.state;
    const wrong: number[] = [];
    for (let i = 0; i < state.length; i++) if (state[i] !== reference[i]) wrong.push(i);
    if (wrong.length === 0) return;
    this.#grid.markWrong(wrong);
    this.wrongPoints += wrong.length;
    this.firstWrong ??= { step: t, cell: wrong[0] };
  }
}

/**
 * The continuous state h_t of every cell, step by step from the uniform start, for the channel
 * picture of a continuous model (the symbols come from the core's own run).
 */
class ChannelReplay {
  readonly #model: SeadModel;
  readonly #e: tf.Tensor3D;
  #h: tf.Tensor3D | undefined;

  constructor(model: SeadModel, task: Task<any, any>, lattice: Lattice) {
    this.#model = model;
    this.#e = tf.tidy(() => embed(model.weights, featureTensor(task, [lattice])));
  }

  /** h_0 on the first call, then one step further on each. */
  next(): Float32Array {
    const { weights, config } = this.#model;
    const previous = this.#h;
    this.#h = previous ? tf.tidy(() => step(weights, this.#e, previous, config.radius)) : (tf.fill([1, this.#e.shape[1], config.channels], 0.5) as tf.Tensor3D);
    previous?.dispose();
    return this.#h.dataSync() as Float32Array;
  }

  dispose(): void {
    this.#h?.dispose();
    this.#e.dispose();
  }
}

function sameSymbols(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
