import { compiledRule, runLattice, startRun, type SeadModel } from '@sead/core';
import { foldedRule, type FoldedRule } from '@sead/core/training';
import { checkLattice, mixSeed, seededRandom, type Lattice, type Random, type Task } from '@sead/tasks';

/** What a coverage search found and how the model answered what it kept. */
export interface CoverageScore {
  /** Instances run: the validation instances, then the candidates the search drew. */
  readonly searched: number;
  /** Instances kept: those whose runs met a window of the table no earlier instance had met. */
  readonly kept: number;
  /** Kept instances answered exactly (converged, and equal to the task's solver). */
  readonly correct: number;
  /** Distinct windows of the folded table the runs met. */
  readonly windows: number;
  /** Whether the search stopped because `patience` candidates in a row met nothing new (not on its budget). */
  readonly saturated: boolean;
  /**
   * Fixed-point tasks: long random instances run (they end at the first answer that is wrong or
   * does not settle within 64 cell updates a cell), and how many were answered exactly. A table of more windows than a search can meet (addition's digit
   * pairs make millions) is exercised by volume: a rare window is met where millions of cells run.
   * And a model that answers every short instance may still never settle on a long one (cells that
   * no target holds still keep moving): only a long run shows it.
   */
  readonly long?: { readonly instances: number; readonly correct: number; readonly cells: number };
}

export interface CoverageOptions {
  /** Lengths the search draws instances at (the task's `random` lengths). */
  readonly lengths: readonly number[];
  /** Instances every run is checked on first (the validation set). */
  readonly start: readonly unknown[];
  /** Most candidates drawn. */
  readonly budget: number;
  /** The search stops after this many candidates in a row met no new window. */
  readonly patience: number;
  /** Cells of long random instances run on a fixed-point task (0 for none). */
  readonly longCells: number;
  /** The length of each long instance (the task's `random` length). */
  readonly longLength: number;
  readonly seed: number;
}

/**
 * A coverage-guided search for instances that exercise every distinction of a discrete model's rule.
 *
 * Validation instances drawn at random are easy in a way that matters: random sums rarely hold a
 * long run of digit pairs that sum to 9, so a model that is wrong only there passes them. What a
 * discrete model does is its compiled table, folded onto the distinctions it makes (`foldedRule`:
 * codes that lead to the same next state everywhere are one class); a run meets one window of
 * that folded table per cell and step. The search runs the validation instances, then draws
 * candidates and keeps every one whose run meets a window no earlier run met, so that every
 * window any run met is met by an instance whose answer is checked.
 *
 * Candidates come from the task's own generator, so they are instances the task can solve: the
 * generator's random source is replayed from a recorded choice sequence (as property-based testing
 * shrinks and mutates), and the search mutates the sequences of the instances it kept: values
 * redrawn, a stretch copied over another (repeated structure: long carry chains), a stretch held at
 * one value (long runs of one token), a new length. It stops after `budget` candidates, or after
 * `patience` in a row met nothing new.
 *
 * What it guarantees: every window of the folded table that any run of the searched instances met
 * is met by a kept or validation instance that the model answers exactly, if `correct` equals
 * `kept`. Windows no searched run reached are not claimed; the count says how many were met. On a
 * fixed-point task, `longCells` cells of long random instances follow (see `CoverageScore.long`):
 * for a table with more windows than a search can cover, and for how the model settles far beyond
 * the lengths searched. (A rollout's long instances would run K = L steps: none are run.)
 */
export function coverageSearch<I, O>(model: SeadModel, task: Task<I, O>, options: CoverageOptions): CoverageScore {
  const rule = compiledRule(model, task);
  const folded = foldedRule(rule);
  const met = new Uint8Array(folded.table.length);
  let windows = 0;
  let searched = 0;
  let kept = 0;
  let correct = 0;
  /** Runs an instance, marking the windows its run meets; whether it met a new one and answered exactly. */
  const run = (instance: I) => {
    searched++;
    const lattice = checkLattice(task, task.encode(instance));
    const before = windows;
    const window = windowIndex(folded, rule.radius, lattice, task.stateSymbols.length);
    let states = lattice.initialState ?? new Uint8Array(lattice.length);
    const mark = (i: number) => {
      const w = window(i, states);
      if (met[w] === 0) {
        met[w] = 1;
        windows++;
      }
    };
    const result = startRun(model, task, [lattice], {
      engine: 'sparse',
      onStep(b, t, r) {
        // A rollout's last state is never stepped: its windows are not met.
        if (lattice.steps !== undefined && t === lattice.steps) return;
        states = r.symbols(b);
        const changed = t === 0 ? null : r.changes(b);
        if (changed === null) for (let i = 0; i < lattice.length; i++) mark(i);
        else for (const c of changed) for (let i = Math.max(0, c - rule.radius); i <= Math.min(lattice.length - 1, c + rule.radius); i++) mark(i);
      },
    }).toEnd()[0];
    const exact = result.converged && task.equal(task.decode(instance, result.symbols), task.solve(instance));
    return { fresh: windows > before, exact };
  };

  for (const instance of options.start as I[]) run(instance);
  const random = seededRandom(mixSeed(options.seed, 0xc0fe));
  const corpus: { choices: number[]; length: number }[] = [];
  let idle = 0;
  for (let n = 0; n < options.budget && idle < options.patience; n++) {
    const parent = corpus.length > 0 && random() < 0.75 ? corpus[Math.floor(random() * corpus.length)] : undefined;
    const length = !parent || random() < 0.1 ? options.lengths[Math.floor(random() * options.lengths.length)] : parent.length;
    const source = replaying(parent ? mutate(parent.choices, random) : [], seededRandom(mixSeed(options.seed, n)));
    const instance = task.random(length, source.random);
    const { fresh, exact } = run(instance);
    if (!fresh) {
      idle++;
      continue;
    }
    idle = 0;
    kept++;
    if (exact) correct++;
    corpus.push({ choices: source.drawn, length });
  }
  const saturated = idle >= options.patience;
  // Long runs only for a model that answered every kept instance: one that did not is not validated anyway.
  if (task.dynamics !== 'fixed-point' || options.longCells <= 0 || correct < kept) return { searched, kept, correct, windows, saturated };
  return { searched, kept, correct, windows, saturated, long: longRuns(model, task, options) };
}

/**
 * Long random instances, `longCells` cells in all: each run on the sparse engine within a bound of
 * 64 cell updates per cell (a quiet model needs a handful; one that is not is not validated). The
 * first wrong or unsettled answer ends them: the validation has failed, and a model that never
 * settles would pay the whole bound on every instance.
 */
function longRuns<I, O>(model: SeadModel, task: Task<I, O>, { longCells, longLength, seed }: CoverageOptions) {
  const random = seededRandom(mixSeed(seed, 0x10c6));
  let instances = 0;
  let correct = 0;
  let cells = 0;
  while (cells < longCells) {
    const instance = task.random(longLength, random);
    const lattice = checkLattice(task, task.encode(instance));
    const result = runLattice(model, task, lattice, { engine: 'sparse', maxUpdates: 64 * lattice.length * (lattice.steps ?? 1) });
    instances++;
    cells += lattice.length;
    if (!(result.converged && task.equal(task.decode(instance, result.symbols), task.solve(instance)))) break;
    correct++;
  }
  return { instances, correct, cells };
}

/** The folded table's window index of cell i of a lattice, for its current states. */
function windowIndex({ classOf }: FoldedRule, r: number, lattice: Lattice, S: number) {
  const L = lattice.length;
  const { tokens } = lattice;
  return (i: number, states: Uint8Array) => {
    let index = 0;
    for (let k = 0; k <= 2 * r; k++) {
      const j = i + k - r;
      index += classOf[k][j < 0 || j >= L ? 0 : 1 + tokens[j] * S + states[j]];
    }
    return index;
  };
}

/** A random source that gives `choices` first and then draws from `fallback`, recording every value it gives. */
function replaying(choices: readonly number[], fallback: Random): { random: Random; drawn: number[] } {
  const drawn: number[] = [];
  return {
    drawn,
    random: () => {
      const value = drawn.length < choices.length ? choices[drawn.length] : fallback();
      drawn.push(value);
      return value;
    },
  };
}

/** A choice sequence changed in one of the ways that make rare structure common. */
function mutate(choices: readonly number[], random: Random): number[] {
  const out = choices.slice();
  const n = out.length;
  if (n === 0) return out;
  const at = () => Math.floor(random() * n);
  const span = () => 1 + Math.floor(random() * Math.max(1, n / 2));
  switch (Math.floor(random() * 3)) {
    case 0: {
      // A few values redrawn.
      for (let k = 1 + Math.floor(random() * 3); k > 0; k--) out[at()] = random();
      break;
    }
    case 1: {
      // A stretch copied over another: what was rare once becomes repeated.
      const from = at();
      const to = at();
      const length = span();
      for (let k = 0; k < length && from + k < n && to + k < n; k++) out[to + k] = choices[from + k];
      break;
    }
    default: {
      // A stretch held at one value, or cycling through a short pattern of them.
      const to = at();
      const length = span();
      const period = 1 + Math.floor(random() * 4);
      const pattern = Array.from({ length: period }, () => (random() < 0.5 ? choices[at()] : random()));
      for (let k = 0; k < length && to + k < n; k++) out[to + k] = pattern[k % period];
      break;
    }
  }
  return out;
}
