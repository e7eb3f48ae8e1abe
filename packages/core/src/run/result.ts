/** How a run ended. */
export type Outcome =
  /** The lattice stopped changing: an attractor. */
  | 'fixed-point'
  /** A discrete lattice came back to an earlier configuration that was not a fixed point. */
  | 'cycle'
  /** The step cap came first. */
  | 'step-cap'
  /** The bound on cell updates came first (`RunOptions.maxUpdates`). */
  | 'update-cap'
  /** A rollout ran its fixed number of steps. */
  | 'rollout';

export interface RunResult {
  /** State symbol of every cell at the end. */
  readonly symbols: Uint8Array;
  /**
   * Fixed points: the first t with h_{t+1} = h_t (continuous: max|h_{t+1} − h_t| < ε), so a lattice
   * that starts at its attractor takes 0. Cycles: the first step that repeats an earlier state.
   * Rollouts: the steps run. Otherwise: the steps run.
   */
  readonly steps: number;
  readonly converged: boolean;
  readonly outcome: Outcome;
  /** Cell updates the engine computed: cells × steps for the dense engine, fewer for the sparse ones. */
  readonly updates: number;
  /** For cycles: the period. */
  readonly period?: number;
  /** With `record`: the symbols of every cell at t = 0, 1, …, steps. */
  readonly history?: Uint8Array[];
}

export interface RunOptions {
  /** Step cap for fixed-point tasks; default 2L + 64. */
  maxSteps?: number;
  /** Keep the symbols of every step (for spacetime diagrams). */
  record?: boolean;
  /**
   * The most cell updates the run may compute (default `DEFAULT_MAX_UPDATES`). A rollout or a
   * lattice whose first step is over it is refused with a `BoundError`; a fixed-point run stops
   * with outcome `update-cap` when it reaches it.
   */
  maxUpdates?: number;
}

/** The default step cap: a signal crossing the lattice twice, with room to settle. */
export function defaultMaxSteps(length: number): number {
  return 2 * length + 64;
}
