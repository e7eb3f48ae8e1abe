import type { DiagramCanvas } from './diagram-canvas.js';
import { count, duration, perStep, shorten } from './format.js';
import { page, setState } from './page.js';
import type { LongRunResult } from './protocol.js';
import { ANSWER_CHARS, pooledNote, showResult } from './result-view.js';

/** Shows a long run the worker finished on the sparse engine: its answer and its downsampled diagram. */
export function showLongRun(result: LongRunResult, canvas: DiagramCanvas): void {
  const { image } = result;
  const description = `Spacetime diagram: ${count(result.steps + 1)} rows of ${count(result.cells)} cells, downsampled`;
  canvas.draw(image.width, image.height, new Uint8ClampedArray(image.rgba), description, false);
  const compiled = result.compileMs > 0.5 ? `, table compiled in ${duration(result.compileMs)}` : '';
  showResult({
    answer: shorten(result.output, ANSWER_CHARS),
    reference: shorten(result.reference, ANSWER_CHARS),
    correct: result.correct,
    steps: result.steps,
    outcome: result.outcome,
    period: result.period,
    engine: `sparse: the model compiled to a lookup table, only changed neighbourhoods recomputed (cpu, in a worker${compiled})`,
    perStep:
      result.steps > 0
        ? `${perStep(result.runMs / result.steps)} (${count(result.steps)} steps of ${count(result.cells)} cells in ${duration(result.runMs)})`
        : `– (settled at once, in ${duration(result.runMs)})`,
  });
  const sampled = result.sampled ? `; too long to read every step, so ${count(result.rowsDrawn)} evenly spaced steps are drawn` : '';
  const pooled = pooledNote(result.cells, result.steps + 1, image.width, image.height);
  page.diagramNote.textContent = `${pooled}${sampled}${pooled || sampled ? '; ' : ''}drawn in ${duration(result.diagramMs)}.`;
  page.status.textContent = `Done in ${count(result.steps)} steps.`;
  setState('done');
}
