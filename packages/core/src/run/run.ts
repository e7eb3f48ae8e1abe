import type { Lattice } from '@sead/tasks';
import { checkBound, checkRunCost, DEFAULT_MAX_UPDATES } from '../bounds.js';
import { CycleFinder, firstRepeat } from './cycles.js';
import { defaultMaxSteps, type Outcome, type RunOptions, type RunResult } from './result.js';
import type { Lane, StartStepper, Stepper } from './stepper.js';

/**
 * Steps before cycle detection starts. Runs that settle do so in a handful of steps (random sums)
 * or move a thin front (carries, light cones); keeping the digest through the many changes of the
 * first steps would cost more than the rest of the run, and starting later finds the same cycle,
 * only later. Any value gives the same results.
 */
export const HASH_FROM = 64;

/** What a run needs to know beyond its lattices. */
export interface RunSettings extends RunOptions {
  /** Rollouts run exactly their `steps`; fixed-point runs until nothing changes. */
  readonly rollout: boolean;
  /** Where cycle detection starts (default `HASH_FROM`). */
  readonly hashFrom?: number;
  /** Called with each lattice's state at t = 0 and after every step up to the step cap (see `Run`). */
  readonly onStep?: (b: number, t: number, run: Run) => void;
}

/**
 * The one driver every engine runs under: lattices of one length stepped side by side by an
 * engine's `Stepper`, each until its own end. The ends, with the step t they report:
 *
 * - fixed point: step t + 1 changed nothing (continuous: no channel moved by ε), so a lattice that
 *   starts at its attractor reports 0;
 * - cycle: step t repeats an earlier state (Brent's search from step `hashFrom`, which sees it some
 *   steps later, then two fresh runs find where it closed: every engine reports the first repeat);
 * - step cap: a fixed-point run reached `maxSteps` (a discrete one goes on as far as a cycle that
 *   closed before the cap could still be found, and reports the state at the cap);
 * - update cap: the lattice had computed `maxUpdates` cell updates before a step;
 * - rollout: `steps` steps ran (a rollout that stops changing is done: its state repeats).
 *
 * `step` takes one step (a page drawing a run as it goes), `toEnd` runs to the end in as few
 * calls into the engine as the hooks allow. `onStep` sees every step from 0 up to the end or the
 * step cap, in order; a run that ends in a cycle is found some steps after it closed, and those
 * steps are seen too (`RunResult.steps` says where it closed).
 */
export class Run {
  readonly #stepper: Stepper;
  readonly #start: StartStepper;
  readonly #lattices: readonly Lattice[];
  readonly #settings: RunSettings;
  readonly #cap: number;
  readonly #hashFrom: number;
  /** Past the cap, a discrete fixed-point run looks for a cycle until here. */
  readonly #end: number;
  readonly #lanes: Lane[];
  readonly #results: (RunResult | undefined)[];
  /** Each lattice's state at the step cap, while it looks past the cap for a cycle. */
  readonly #atCap: (Uint8Array | undefined)[];
  readonly #histories: Uint8Array[][] | undefined;
  #running: number;

  constructor(start: StartStepper, lattices: readonly Lattice[], settings: RunSettings) {
    if (lattices.length === 0) throw new RangeError('a run needs at least one lattice');
    const L = lattices[0].length;
    if (L < 1) throw new RangeError('a lattice needs at least one cell');
    const { rollout } = settings;
    if (rollout && lattices.some((l) => l.steps === undefined || l.steps !== lattices[0].steps)) {
      throw new RangeError('a rollout batch needs lattices with one step count');
    }
    if (lattices.some((l) => l.length !== L)) throw new RangeError(`a run needs lattices of one length; got ${L} and ${lattices.find((l) => l.length !== L)!.length}`);
    const maxUpdates = checkBound(settings.maxUpdates ?? DEFAULT_MAX_UPDATES, 'maxUpdates');
    this.#cap = rollout ? (lattices[0].steps as number) : (settings.maxSteps ?? defaultMaxSteps(L));
    checkRunCost(L, rollout ? this.#cap : undefined, maxUpdates);
    this.#hashFrom = settings.hashFrom ?? HASH_FROM;
    this.#end = this.#hashFrom + 3 * this.#cap + 2;
    this.#start = start;
    this.#lattices = lattices;
    this.#settings = settings;
    this.#stepper = start(lattices);
    this.#lanes = lattices.map(() => ({ maxUpdates, cycles: null, status: 'moved', t: 0 }));
    this.#results = lattices.map(() => undefined);
    this.#atCap = lattices.map(() => undefined);
    this.#running = lattices.length;
    this.#histories = settings.record ? lattices.map(() => []) : undefined;
    for (let b = 0; b < lattices.length; b++) this.#seen(b, 0);
    if (this.#cap === 0) for (let b = 0; b < lattices.length; b++) this.#finish(b, rollout ? 'rollout' : 'step-cap', 0);
  }

  /** Steps taken by the lattices still running. */
  get t(): number {
    return this.#stepper.t;
  }

  get size(): number {
    return this.#lattices.length;
  }

  /** Whether every lattice has ended. */
  get done(): boolean {
    return this.#running === 0;
  }

  /** Lattice b's symbols: now, or at its end. */
  symbols(b = 0): Uint8Array {
    return this.#results[b]?.symbols ?? this.#stepper.symbols(b);
  }

  /** Continuous models: lattice b's state channels now (C per cell). */
  channels(b = 0): Float32Array {
    if (!this.#stepper.channels) throw new RangeError('only continuous models have state channels');
    return this.#stepper.channels(b);
  }

  /** The cells of lattice b the last step changed, where the engine lists them (see `Stepper.changes`). */
  changes(b = 0): Int32Array | null {
    return this.#results[b] ? null : (this.#stepper.changes?.(b) ?? null);
  }

  /** Lattice b's result once it has ended. */
  result(b = 0): RunResult | undefined {
    return this.#results[b];
  }

  /** One step of every lattice still running. */
  step(): void {
    this.stepTo(this.t + 1);
  }

  /**
   * Runs every lattice until step `t` or its end, in as few calls into the engine as the hooks
   * allow (a lattice's state at `t` is then `symbols`, whether it got there or ended before).
   */
  stepTo(t: number): void {
    const stepwise = this.#settings.onStep !== undefined || this.#histories !== undefined;
    while (!this.done && this.t < t) this.#advance(stepwise ? this.t + 1 : Math.min(t, this.#nextStop()));
  }

  /** Runs every lattice to its end; returns the results in lattice order and frees the engine. */
  toEnd(): RunResult[] {
    try {
      this.stepTo(Infinity);
      return this.#results as RunResult[];
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    this.#stepper.dispose();
  }

  /** The next step the driver must see: where cycle detection starts, the cap, the end of the search past it. */
  #nextStop(): number {
    const t = this.t;
    let stop = t < this.#cap ? this.#cap : this.#end;
    if (t < this.#hashFrom && !this.#settings.rollout) stop = Math.min(stop, this.#hashFrom);
    return stop;
  }

  #advance(until: number): void {
    const t = this.t;
    // Cycle detection starts at hashFrom for fixed-point runs of discrete models (the stepper keeps
    // a digest only where a lane has a finder); continuous runs have no cycles to find.
    if (!this.#settings.rollout && t === this.#hashFrom && this.#stepper.discrete) {
      for (const lane of this.#lanes) lane.cycles ??= new CycleFinder();
    }
    this.#stepper.advance(until, this.#lanes);
    for (let b = 0; b < this.#lanes.length; b++) if (!this.#results[b]) this.#after(b);
  }

  /** What lattice b's advance means. */
  #after(b: number): void {
    const lane = this.#lanes[b];
    const t = lane.t;
    const atCap = this.#atCap[b];
    const rollout = this.#settings.rollout;
    switch (lane.status) {
      case 'rest':
        // Nothing changed at step t + 1: t is a fixed point (a rollout's state repeats to its end).
        if (rollout) {
          for (let s = t + 1; s <= this.#cap; s++) this.#seen(b, s);
          return this.#finish(b, 'rollout', this.#cap);
        }
        return atCap ? this.#finish(b, 'step-cap', this.#cap, atCap) : this.#finish(b, 'fixed-point', t);
      case 'capped':
        return atCap ? this.#finish(b, 'step-cap', this.#cap, atCap) : this.#finish(b, 'update-cap', t);
      case 'repeat': {
        // The step that repeated a saved state was taken: it is part of the trajectory.
        if (t <= this.#cap) this.#seen(b, t);
        const lambda = lane.cycles!.period;
        const { start, symbols } = firstRepeat(this.#start, this.#lattices[b], lambda);
        // The dense definition stops at the first repeat, unless the cap comes first.
        if (start + lambda > this.#cap) return this.#finish(b, 'step-cap', this.#cap, atCap);
        return this.#finish(b, 'cycle', start + lambda, symbols, lambda);
      }
      case 'moved':
        if (t <= this.#cap) this.#seen(b, t);
        if (t < this.#cap) return;
        if (rollout) return this.#finish(b, 'rollout', this.#cap);
        if (!this.#stepper.discrete) return this.#finish(b, 'step-cap', this.#cap);
        if (t === this.#cap) this.#atCap[b] = this.#stepper.symbols(b).slice();
        if (t >= this.#end) return this.#finish(b, 'step-cap', this.#cap, this.#atCap[b]);
    }
  }

  /** Lattice b is at step t: the hook and the record see it. */
  #seen(b: number, t: number): void {
    this.#histories?.[b].push(this.#stepper.symbols(b).slice());
    this.#settings.onStep?.(b, t, this);
  }

  /** Lattice b ends: its result, with `symbols` (by default its state now, which no step changes any more). */
  #finish(b: number, outcome: Outcome, steps: number, symbols?: Uint8Array, period?: number): void {
    this.#stepper.retire(b);
    const history = this.#histories?.[b];
    // The record holds steps 0 … steps: a cycle is seen past where it closed.
    if (history) history.length = Math.min(history.length, steps + 1);
    this.#results[b] = {
      symbols: symbols ?? this.#stepper.symbols(b),
      steps,
      converged: outcome === 'fixed-point' || outcome === 'rollout',
      outcome,
      updates: this.#stepper.updates(b),
      ...(period !== undefined && { period }),
      ...(history && { history }),
    };
    this.#running--;
  }
}
