import { GRID_CELL_CSS, type DiagramCanvas } from './diagram-canvas.js';
import { LIVE_CELLS } from './engine-choice.js';
import { count, duration, perStep, shorten } from './format.js';
import { pooledFrameNote } from './grid-frame.js';
import { page, setState } from './page.js';
import type { LongRunResult } from './protocol.js';
import { ANSWER_CHARS, pooledNote, showResult } from './result-view.js';

/** Shows a long run the worker finished on the sparse engine: its answer and its downsampled picture. */
export function showLongRun(result: LongRunResult, canvas: DiagramCanvas): void {
  const { image, picture } = result;
  const rgba = new Uint8ClampedArray(image.rgba);
  let note: string;
  let engine: string;
  if (picture.kind === 'grid') {
    const description = `Grid of ${count(picture.rows)} × ${count(picture.columns)} cells at step ${count(result.steps)}`;
    canvas.draw(image.width, image.height, rgba, description, true, GRID_CELL_CSS);
    const pooled = pooledFrameNote(picture, image);
    note = `${pooled}${pooled ? '; ' : ''}the grid as the run ended (grids of up to ${count(LIVE_CELLS)} cells play live, a frame per step)`;
    // A grid's windows are too many to compile beforehand.
    engine = 'sparse: the model as a lookup table, filled as the run meets its windows, only changed neighbourhoods recomputed (cpu, in a worker)';
  } else {
    const description = `Spacetime diagram: ${count(result.steps + 1)} rows of ${count(result.cells)} cells, downsampled`;
    canvas.draw(image.width, image.height, rgba, description, false);
    const sampled = picture.sampled ? `; too long to read every step, so ${count(picture.rowsDrawn)} evenly spaced steps are drawn` : '';
    note = `${pooledNote(result.cells, result.steps + 1, image.width, image.height)}${sampled}`;
    const compiled = result.compileMs > 0.5 ? `, table compiled in ${duration(result.compileMs)}` : '';
    engine = `sparse: the model compiled to a lookup table, only changed neighbourhoods recomputed (cpu, in a worker${compiled})`;
  }
  showResult({
    answer: shorten(result.output, ANSWER_CHARS),
    reference: shorten(result.reference, ANSWER_CHARS),
    correct: result.correct,
    steps: result.steps,
    outcome: result.outcome,
    period: result.period,
    engine,
    perStep:
      result.steps > 0
        ? `${perStep(result.runMs / result.steps)} (${count(result.steps)} steps of ${count(result.cells)} cells in ${duration(result.runMs)})`
        : `– (settled at once, in ${duration(result.runMs)})`,
  });
  page.diagramNote.textContent = `${note}${note ? '; ' : ''}drawn in ${duration(result.drawMs)}.`;
  page.status.textContent = `Done in ${count(result.steps)} steps.`;
  setState('done');
}
