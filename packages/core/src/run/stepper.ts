import type { Lattice } from '@sead/tasks';
import type { CycleFinder } from './cycles.js';

/**
 * How a lattice's last advance ended: it `moved` (and may go on), came to `rest` (a step changed
 * nothing; continuous: moved less than ε), its state digest `repeat`ed one its cycle finder saved,
 * or it was `capped` by its bound on cell updates.
 */
export type StepStatus = 'moved' | 'rest' | 'repeat' | 'capped';

/** What a stepper is told of one lattice it steps, and where it says how the lattice's advance ended. */
export interface Lane {
  /** The most cell updates this lattice may compute: it takes no step once it has computed this many. */
  readonly maxUpdates: number;
  /** Brent's search, once cycle detection is on for this lattice; the stepper keeps the state's digest from then. */
  cycles: CycleFinder | null;
  status: StepStatus;
  /** The step the lattice is at after its last advance (one that came to rest: the step it rested at). */
  t: number;
}

/**
 * An engine's view of running lattices: it steps them; what the steps mean (when a run ends and
 * how) is decided by `Run`, the one driver every engine runs under. A stepper runs lattices of one
 * length (and, for rollouts, one step count) side by side: the dense engine a batch of them, the
 * sparse engines one.
 */
export interface Stepper {
  /** Discrete models step symbols, continuous ones states (which have no cycles to find). */
  readonly discrete: boolean;
  /** Lattices, running or retired. */
  readonly size: number;
  /** Cells per lattice. */
  readonly length: number;
  /** Steps taken by the lattices still running. */
  readonly t: number;
  /**
   * Advances every lattice still running, at least one step and at most to step `until`, and
   * leaves in each lattice's lane how its advance ended. Engines that can take many steps without
   * returning (the sparse table's) stop early when a lattice stops moving, repeats a saved digest
   * or reaches its bound; the others take one step.
   */
  advance(until: number, lanes: readonly Lane[]): void;
  /** Stops stepping lattice b; its symbols stay readable, and no longer change. */
  retire(b: number): void;
  /** Every cell's state symbol now (a view, valid until the next advance; for good once retired). */
  symbols(b: number): Uint8Array;
  /** Continuous models: every cell's state channels now, C per cell (a copy). */
  channels?(b: number): Float32Array;
  /**
   * The cells whose symbol the last step changed, in increasing order (a view, valid until the
   * next advance), or null where the stepper does not list them (too many changed, or it does not
   * track them): then compare `symbols` with what was there.
   */
  changes?(b: number): Int32Array | null;
  /** The cell updates lattice b has computed. */
  updates(b: number): number;
  /** Frees what the stepper holds (tensors); idempotent. */
  dispose(): void;
}

/** Starts steppers for lattices of one length: the engine a `Run` drives (and restarts, to find where a cycle begins). */
export type StartStepper = (lattices: readonly Lattice[]) => Stepper;
