import * as tf from '@tensorflow/tfjs-core';
import { SeadStep } from '@sead/core/kernels';
import { latticeGrid, type Lattice, type Task } from '@sead/tasks';
import { GRID_CELL_CSS, LiveDiagram, MAX_IMAGE, type DiagramCanvas } from './diagram-canvas.js';
import type { DenseRun } from './dense-run.js';
import { count, duration, perStep, shorten } from './format.js';
import { gridFrame, pooledFrameNote } from './grid-frame.js';
import { page, setState } from './page.js';
import { paletteFor, type Rgb } from './palette.js';
import type { Player } from './player.js';
import { ANSWER_CHARS, pooledNote, showResult } from './result-view.js';

/** Draws a live run as it stands on the canvas, with the figure's note. */
type Picture = (run: DenseRun) => void;

/**
 * Shows a live run as it goes: its picture so far (a row's spacetime diagram, a grid's frame at
 * the step reached), its answer so far, and once it ends, whether the answer matches the
 * reference. Returns the update to call after each step.
 */
export function liveView(task: Task, instance: unknown, run: DenseRun, canvas: DiagramCanvas, player: () => Player): () => void {
  const lattice = task.encode(instance);
  const palette = paletteFor(task.stateSymbols.length);
  const gridTask = task.dimensions === 2;
  const picture = gridTask ? gridPicture(lattice, palette, canvas) : spacetimePicture(lattice, palette, canvas);
  const reference = task.solve(instance);
  // A grid's window is a tfjs conv2d on a backend without SEAD's fused step kernel (webgl); the
  // kernel (cpu) reads a grid's window as it reads a row's.
  const conv2d = gridTask && tf.getKernel(SeadStep, run.backend) === undefined;
  const engine = `dense, live: every cell every step, as tfjs ops on ${run.backend}${conv2d ? ' (conv2d over the grid)' : ''}`;
  return () => {
    picture(run);
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
    const playing = player().playing;
    setState(run.done ? 'done' : playing ? 'running' : 'paused');
    page.status.textContent = run.done ? `Done in ${count(run.steps)} steps.` : playing ? 'Running…' : 'Paused.';
    page.play.textContent = playing ? 'Pause' : 'Play';
    page.play.disabled = run.done;
    page.step.disabled = run.done;
  };
}

/** A row's run as its spacetime diagram: a new row of pixels every step, time down. */
function spacetimePicture(lattice: Lattice, palette: readonly Rgb[], canvas: DiagramCanvas): Picture {
  const diagram = new LiveDiagram(lattice.length, (lattice.steps ?? lattice.length) + 1, palette);
  return (run) => {
    const image = run.done ? diagram.fit(run.history) : diagram.update(run.history);
    canvas.draw(image.width, image.height, image.rgba(), `Spacetime diagram: ${count(run.steps + 1)} rows of ${count(lattice.length)} cells`, true);
    page.diagramNote.textContent = pooledNote(lattice.length, run.history.length, image.width, image.height);
  };
}

/**
 * A grid's run as an animation: the whole grid redrawn at every step, so that what moves (a
 * multiplication's wavefront of decided cells) is seen moving.
 */
function gridPicture(lattice: Lattice, palette: readonly Rgb[], canvas: DiagramCanvas): Picture {
  const grid = latticeGrid(lattice);
  return (run) => {
    const image = gridFrame(run.symbols, grid, palette, MAX_IMAGE);
    const description = `Grid of ${count(grid.rows)} × ${count(grid.columns)} cells at step ${count(run.steps)}`;
    canvas.draw(image.width, image.height, image.rgba(), description, true, GRID_CELL_CSS);
    page.diagramNote.textContent = pooledFrameNote(grid, image);
  };
}

/** Time per step, readback included, with the first step (which sets up the backend's kernels) apart. */
function stepTime(run: DenseRun): string {
  if (run.computed === 0) return '–';
  const first = `the first, ${duration(run.firstStepMs)}, also set up the backend's kernels`;
  if (run.computed === 1) return `– (${first})`;
  return `${perStep(run.msPerStep)} (mean of ${count(run.computed - 1)} step${run.computed === 2 ? '' : 's'}, readback included; ${first})`;
}
