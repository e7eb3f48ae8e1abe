import { relaxSparse, type CompiledRule } from '@sead/core';
import type { Lattice } from '@sead/tasks';
import type { DiagramImage } from './diagram-image.js';

/**
 * Lattice cells a long run's diagram reads, at most. Reading a cell costs about 7 ns (adding it to
 * the image) and reaching a step the engine did not record about 15 ns more (a fresh sparse run
 * sweeps every cell once), so this is a second or two of a browser's time.
 */
export const DRAW_BUDGET = 60_000_000;
/** Cells one recorded stretch of the run holds. */
const RECORD_CELLS = 32_000_000;
/**
 * Recording a step costs ~0.5 ns a cell, starting a fresh run ~15: between two steps to draw less
 * than this far apart, the run is recorded through; further apart, the steps between are skipped.
 */
const RECORD_GAP = 30;

/** What a trajectory is drawn into: a `DiagramImage`, or anything that takes rows the same way. */
export type RowSink = Pick<DiagramImage, 'rows' | 'height' | 'firstStep' | 'add'>;

export interface Drawn {
  /** Time steps whose lattice was added to the image. */
  readonly rowsDrawn: number;
  /** Whether some pixel rows show only some of their steps (runs too long to read every step). */
  readonly sampled: boolean;
}

/** Pixel rows for a long run's diagram: as many as `maxHeight` allows, fewer when each would cost more than the budget affords. */
export function diagramHeight(cells: number, rows: number, maxHeight: number, budget = DRAW_BUDGET): number {
  return Math.max(1, Math.min(maxHeight, rows, Math.max(16, Math.floor(budget / cells))));
}

/**
 * The steps to draw: every step of a pixel row when the budget allows, else the same number of
 * evenly spaced steps in each (at least one, the row's first), and always the last step.
 */
export function stepsToDraw(image: Pick<RowSink, 'rows' | 'height' | 'firstStep'>, cells: number, budget = DRAW_BUDGET): number[] {
  const perPixelRow = Math.max(1, Math.floor(budget / (image.height * cells)));
  const steps: number[] = [];
  for (let y = 0; y < image.height; y++) {
    const first = image.firstStep(y);
    const span = image.firstStep(y + 1) - first;
    if (span <= perPixelRow) for (let k = 0; k < span; k++) steps.push(first + k);
    else for (let j = 0; j < perPixelRow; j++) steps.push(first + Math.floor((j * span) / perPixelRow));
  }
  if (steps[steps.length - 1] !== image.rows - 1) steps.push(image.rows - 1);
  return steps;
}

/**
 * Draws a lattice's run under a compiled rule, steps 0 … `steps`, into `image` (which spans
 * steps + 1 rows) without ever holding the whole run: the sparse engine goes from one step to draw
 * to the next, recording stretches where they are close together and skipping the steps between
 * where they are not. Each stretch starts from the state the previous one ended in, which is the
 * same trajectory: the next state depends on the current one and the tokens alone.
 */
export function drawTrajectory(rule: CompiledRule, lattice: Lattice, steps: number, image: RowSink, budget = DRAW_BUDGET): Drawn {
  if (image.rows !== steps + 1) throw new RangeError(`a run of ${steps} steps has ${steps + 1} rows, the image spans ${image.rows}`);
  const L = lattice.length;
  const wanted = stepsToDraw(image, L, budget);
  const maxStretch = Math.max(1, Math.floor(RECORD_CELLS / L));
  /** Runs `count` steps exactly from `state` (rollout semantics: no early stop at a fixed point). */
  const run = (state: Uint8Array, count: number, record: boolean) =>
    relaxSparse(rule, { length: L, tokens: lattice.tokens, initialState: state, steps: count }, { rollout: true, maxSteps: count, record });
  let state: Uint8Array = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(L);
  let t = 0;
  image.add(0, state); // wanted[0] is always step 0
  let k = 1;
  const gap = Math.min(RECORD_GAP, maxStretch);
  while (k < wanted.length) {
    if (wanted[k] - t > gap) {
      state = run(state, wanted[k] - t, false).symbols;
      t = wanted[k++];
      image.add(t, state);
      continue;
    }
    // Record through every wanted step that follows closely, as far as one stretch holds.
    let end = k;
    while (end + 1 < wanted.length && wanted[end + 1] - wanted[end] <= gap && wanted[end + 1] - t <= maxStretch) end++;
    const recorded = run(state, wanted[end] - t, true);
    for (; k <= end; k++) image.add(wanted[k], recorded.history![wanted[k] - t]);
    state = recorded.symbols;
    t = wanted[end];
  }
  return { rowsDrawn: wanted.length, sampled: wanted.length < steps + 1 };
}
