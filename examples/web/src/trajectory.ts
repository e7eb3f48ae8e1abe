import type { Run } from '@sead/core';
import type { DiagramImage } from './diagram-image.js';

/**
 * Lattice cells a long run's diagram reads, at most. Reading a cell costs about 7 ns (adding it to
 * the image), so this is a second or two of a browser's time.
 */
export const DRAW_BUDGET = 60_000_000;

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
 * Draws a run, steps 0 … `steps`, into `image` (which spans steps + 1 rows) without ever holding
 * the whole run: the run goes from one step to draw to the next (the sparse engine, in as few calls
 * as it takes), and the state at each is added. Frees the run.
 */
export function drawTrajectory(run: Run, steps: number, image: RowSink, budget = DRAW_BUDGET): Drawn {
  if (image.rows !== steps + 1) throw new RangeError(`a run of ${steps} steps has ${steps + 1} rows, the image spans ${image.rows}`);
  const wanted = stepsToDraw(image, run.symbols().length, budget);
  try {
    for (const t of wanted) {
      run.stepTo(t);
      image.add(t, run.symbols());
    }
  } finally {
    run.dispose();
  }
  return { rowsDrawn: wanted.length, sampled: wanted.length < steps + 1 };
}
