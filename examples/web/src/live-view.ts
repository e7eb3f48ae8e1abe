import type { Task } from '@sead/tasks';
import type { DiagramCanvas } from './diagram-canvas.js';
import { LiveDiagram } from './diagram-canvas.js';
import type { DenseRun } from './dense-run.js';
import { count, duration, perStep, shorten } from './format.js';
import { page, setState } from './page.js';
import { paletteFor } from './palette.js';
import type { Player } from './player.js';
import { ANSWER_CHARS, pooledNote, showResult } from './result-view.js';

/**
 * Shows a live run as it goes: its diagram so far, its answer so far, and once it ends, whether
 * the answer matches the reference. Returns the update to call after each step.
 */
export function liveView(task: Task, instance: unknown, run: DenseRun, canvas: DiagramCanvas, player: () => Player): () => void {
  const lattice = task.encode(instance);
  const diagram = new LiveDiagram(lattice.length, (lattice.steps ?? lattice.length) + 1, paletteFor(task.stateSymbols.length));
  const reference = task.solve(instance);
  const engine = `dense, live: every cell every step, as tfjs ops on ${run.backend}`;
  return () => {
    const image = run.done ? diagram.fit(run.history) : diagram.update(run.history);
    canvas.draw(image.width, image.height, image.rgba(), `Spacetime diagram: ${count(run.steps + 1)} rows of ${count(lattice.length)} cells`, true);
    const output = task.decode(instance, run.symbols);
    const converged = run.outcome === 'fixed-point' || run.outcome === 'rollout';
    showResult({
      answer: shorten(task.formatOutput(output), ANSWER_CHARS),
      reference: shorten(task.formatOutput(reference), ANSWER_CHARS),
      correct: run.done ? converged && task.equal(output, reference) : undefined,
      steps: run.steps,
      outcome: run.outcome,
      period: run.period,
      engine,
      perStep: stepTime(run),
    });
    page.diagramNote.textContent = pooledNote(lattice.length, run.history.length, image.width, image.height);
    const playing = player().playing;
    setState(run.done ? 'done' : playing ? 'running' : 'paused');
    page.status.textContent = run.done ? `Done in ${count(run.steps)} steps.` : playing ? 'Running…' : 'Paused.';
    page.play.textContent = playing ? 'Pause' : 'Play';
    page.play.disabled = run.done;
    page.step.disabled = run.done;
  };
}

/** Time per step, readback included, with the first step (which sets up the backend's kernels) apart. */
function stepTime(run: DenseRun): string {
  if (run.computed === 0) return '–';
  const first = `the first, ${duration(run.firstStepMs)}, also set up the backend's kernels`;
  if (run.computed === 1) return `– (${first})`;
  return `${perStep(run.msPerStep)} (mean of ${count(run.computed - 1)} step${run.computed === 2 ? '' : 's'}, readback included; ${first})`;
}
