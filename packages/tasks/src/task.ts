/**
 * The task plugin contract. A task says how an instance becomes a lattice of cells, how the settled
 * lattice is read back as an answer, and what the right answer is. It knows nothing of tensors: the
 * SEAD core consumes these plain arrays, and any tensor library could.
 */

/**
 * The cells ready for the automaton: a row (cell 0 is the left end) or, for a task of `dimensions:
 * 2`, a grid stored row by row (cell y·columns + x is in row y, column x; row 0 is the top).
 */
export interface Lattice {
  /** Number of cells. */
  readonly length: number;
  /**
   * Cells per row of a grid (`Task.dimensions` 2): the lattice has length / columns rows. A row
   * (dimensions 1) leaves it unset.
   */
  readonly columns?: number;
  /** One input token per cell, an index into `Task.inputAlphabet`. */
  readonly tokens: Uint8Array;
  /** Discrete state symbol of every cell at t = 0; absent means every cell starts in symbol 0. */
  readonly initialState?: Uint8Array;
  /**
   * For `dynamics: "rollout"` tasks: how many synchronous steps to run. Fixed-point tasks leave it
   * unset and relax until nothing changes.
   */
  readonly steps?: number;
}

/**
 * The algorithm written as a cellular automaton over a discrete state alphabet: the reference that
 * chaos training imitates and that a compiled model can be compared with, neighbourhood by neighbourhood.
 */
export interface LocalRule {
  /** Cells on each side that the rule reads (in a grid: above, below, left and right). */
  readonly radius: number;
  /**
   * Next state symbol of the centre cell. `tokens` and `states` hold the window in the order of
   * `windowOffsets(dimensions, radius)`: in a row, 2·radius + 1 entries, leftmost first; in a grid,
   * (2·radius + 1)² entries row by row, top row first. The centre is the middle entry. An entry of
   * `OUTSIDE` stands for a position beyond the lattice's edge.
   */
  next(tokens: ArrayLike<number>, states: ArrayLike<number>): number;
}

/** Marks a neighbourhood position beyond the lattice in `LocalRule.next`. */
export const OUTSIDE = -1;

/** Which cells a task reads its answer from; see `Task.readout`. */
export type Readout = 'all' | { readonly cell: number };

/** How the automaton is run on a lattice. */
export type Dynamics =
  /** Iterate until the lattice stops changing; the attractor holds the answer. */
  | 'fixed-point'
  /** Iterate exactly `Lattice.steps` times; the lattice after the last step holds the answer. */
  | 'rollout';

/** An adversarial instance with the name of the family it belongs to. */
export interface NamedInstance<I> {
  readonly family: string;
  readonly instance: I;
}

/** Pseudo-random source in [0, 1). Every random choice in SEAD takes one, built from a seed. */
export type Random = () => number;

/** Model and training settings a task recommends; plain data, read by the trainer and the CLI. */
export interface TaskRecipe {
  /** The trainer's regime: relax (from examples, discrete), relax-continuous or chaos (imitating `rule`). */
  readonly regime: 'relax' | 'relax-continuous' | 'chaos';
  /** State channels, embedding width, hidden width, radius. */
  readonly model: { channels: number; embedding: number; hidden: number; radius: number };
  /** Training lengths [min, max] and the validation lengths, all longer than training. */
  readonly trainLengths: readonly [number, number];
  readonly validationLengths: readonly number[];
  /** Lengths `sead reproduce` sweeps the trained model over (the evaluator's default otherwise). */
  readonly sweepLengths?: readonly number[];
  readonly learningRate: number;
  readonly batchSize: number;
  readonly maxIterations: number;
}

export interface Task<I = unknown, O = unknown> {
  /** Registry key, e.g. "parity". Lowercase letters, digits and dashes. */
  readonly id: string;
  readonly description: string;
  readonly dynamics: Dynamics;
  /**
   * 1 (the default): lattices are rows. 2: lattices are grids (`Lattice.columns`), and the rule and
   * the model read a (2r + 1) × (2r + 1) window around each cell.
   */
  readonly dimensions?: 1 | 2;
  /**
   * Feature vector of every input token; row `k` describes token `k`. Rows must all have the same
   * width. The model embeds a cell as `features[token] · W_e`, so the width, not the number of
   * tokens, sets the embedding's parameter count.
   */
  readonly inputAlphabet: readonly (readonly number[])[];
  /**
   * Optional: other feature vectors for the same tokens, by name (lowercase letters, digits and
   * dashes; not `"default"`, which names `inputAlphabet` itself). Each is a table like
   * `inputAlphabet`, one row per token, of its own width. A model reads one table: the task
   * `<id>:<name>` (`withInputFeatures`, and every `--task` option) is this task with that table as
   * its `inputAlphabet`, and `sead sweep --features` makes the choice an axis of its grid. Only
   * what the model sees changes: tokens, rule and answers are the task's.
   */
  readonly inputFeatures?: Readonly<Record<string, readonly (readonly number[])[]>>;
  /** Names of the discrete state symbols, e.g. ["0", "1"]. At least two. */
  readonly stateSymbols: readonly string[];
  /**
   * Which cells the answer is read from: every cell (`'all'`), or one cell, `{ cell: i }`, counted
   * from the left end (0 is the first cell) or, when negative, from the right (-1 is the last).
   * Trainers that learn from the answer alone supervise that cell only.
   */
  readonly readout: Readout;
  /** Reference local rule over the state alphabet, for chaos training and certification. */
  readonly rule?: LocalRule;
  /** Recommended settings for the built-in trainer. */
  readonly recipe?: TaskRecipe;

  /** The lattice an instance starts from. */
  encode(instance: I): Lattice;
  /** The answer held by a settled lattice whose cells carry these state symbols. */
  decode(instance: I, states: Uint8Array): O;
  /**
   * Per-cell target symbols at the attractor (fixed-point tasks) or after the last step (rollouts),
   * when the task has them. `decode(instance, cellTargets(instance))` must equal `solve(instance)`.
   */
  cellTargets?(instance: I): Uint8Array;
  /**
   * Optional: whether a window of tokens can occur in a lattice `encode` (or `encodeBytes`) builds.
   * `window` holds the tokens in `windowOffsets` order (2r + 1 in a row, leftmost first; (2r + 1)²
   * in a grid, row by row), its centre inside the lattice and `OUTSIDE` beyond the edge (the array is reused between calls: copy it to keep it). Say `false` only for
   * windows no encoding ever has, e.g. addition's last cell, the carry-out, always holds the token
   * of the digit pair (0, 0).
   *
   * Certificates speak for the neighbourhoods a run can meet; without this, a window of any tokens
   * counts as possible, and a rule learned from examples cannot be certified where the examples
   * could never have shown it anything. Every lattice a model runs is held to it: one with a window
   * this refuses is a `TaskContractError`, so a certificate never speaks for an input it excluded.
   */
  tokenWindowOccurs?(window: readonly number[]): boolean;
  /** The exact answer, computed independently of any automaton. */
  solve(instance: I): O;
  /** Whether two answers are the same (exact match). */
  equal(a: O, b: O): boolean;
  /** A uniformly random instance whose lattice has `length` cells (or close to it, see `lengthOf`). */
  random(length: number, random: Random): I;
  /** Instances chosen to be hard at this length, each with its family name. */
  adversarial(length: number): NamedInstance<I>[];
  /** The instance's size as a user thinks of it (bits, digits, cells). */
  lengthOf(instance: I): number;
  /** Validates user input (a parsed JSON object) and builds an instance; throws `TaskInputError`. */
  parse(input: unknown): I;
  /** The instance as the JSON object `parse` accepts. */
  format(instance: I): Record<string, unknown>;
  /** The answer as a string, e.g. "1112". */
  formatOutput(output: O): string;

  /**
   * Optional byte-level path, for inputs too long to copy around as JavaScript strings (`sead
   * predict` takes it for lines holding long strings). Does what `encode(parse(input))` does, with
   * the same errors, reading a JSON object whose strings may arrive as bytes (see `ByteInput`) and
   * never building a string of them. A task defines `encodeBytes` and `decodeBytes` together, or
   * neither; without them, long strings are turned into strings and `parse` is used.
   */
  encodeBytes?(input: ByteInput): Lattice;
  /**
   * `formatOutput(decode(instance, states))` as UTF-8 bytes, in pieces (so that a long answer is
   * never one string), from the lattice `encodeBytes` built: the lattice must carry what decoding
   * needs.
   */
  decodeBytes?(lattice: Lattice, states: Uint8Array): Iterable<Uint8Array>;
}

/**
 * A parsed JSON input in which strings may arrive as their bytes: a `Uint8Array` value stands for
 * a JSON string of printable ASCII characters without escapes, byte i being character i. Other
 * values are what `JSON.parse` gives.
 */
export type ByteInput = unknown;

/** Marks a `TaskInputError` of any copy of this package (a registered symbol is one across copies). */
const TASK_INPUT_ERROR: unique symbol = Symbol.for('@sead/tasks:TaskInputError');

/** Bad user input for a task: the message names the field and what is wrong with it. */
export class TaskInputError extends Error {
  readonly [TASK_INPUT_ERROR] = true;

  /**
   * `error instanceof TaskInputError` holds for a TaskInputError of another copy of this package too:
   * a plugin installed in its own project throws its copy's, and the tool that loaded it must still
   * tell bad input from a bug. Subclasses keep the ordinary check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== TaskInputError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [TASK_INPUT_ERROR]?: unknown })[TASK_INPUT_ERROR] === true;
  }

  constructor(message: string) {
    super(message);
    this.name = 'TaskInputError';
  }
}

/**
 * A task that breaks its contract: a definition `defineTask` rejects, or something a task's code
 * returned that cannot be right (a lattice with tokens outside the input alphabet, a rule's next
 * state that is not a state symbol). Not bad user input: a fault of the task.
 */
export class TaskContractError extends TypeError {
  /**
   * @param taskId the task at fault, when it has a valid id
   * @param problem what is wrong, without the task's name (tools that name the task their own way use it)
   */
  constructor(
    readonly taskId: string | undefined,
    readonly problem: string,
  ) {
    super(taskId === undefined ? `defineTask: ${problem}` : `task "${taskId}": ${problem}`);
    this.name = 'TaskContractError';
  }
}
