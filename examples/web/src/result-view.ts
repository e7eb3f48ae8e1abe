import type { Outcome } from '@sead/core';
import type { Task } from '@sead/tasks';
import { count } from './format.js';
import { page } from './page.js';
import { cssColour, paletteFor } from './palette.js';

/** Answers longer than this show their ends and their length. */
export const ANSWER_CHARS = 40;

export interface ResultText {
  answer: string;
  reference: string;
  /** undefined while the run goes on. */
  correct: boolean | undefined;
  steps: number;
  outcome: Outcome | undefined;
  period?: number;
  engine: string;
  perStep: string;
}

const OUTCOMES: Record<Outcome, string> = {
  'fixed-point': 'fixed point',
  rollout: 'rollout of K steps',
  cycle: 'a cycle, not a fixed point',
  'step-cap': 'stopped at the step cap, not settled',
  'update-cap': 'stopped at the bound on cell updates, not settled',
};

export function showResult(result: ResultText): void {
  page.answer.textContent = result.answer;
  page.reference.textContent = result.reference;
  page.verdict.textContent = verdict(result);
  page.verdict.dataset.correct = result.correct === undefined ? '' : String(result.correct);
  const outcome = result.outcome === undefined ? 'so far' : OUTCOMES[result.outcome] + (result.period ? ` of period ${count(result.period)}` : '');
  page.steps.textContent = `${count(result.steps)} (${outcome})`;
  page.engine.textContent = result.engine;
  page.perStep.textContent = result.perStep;
}

function verdict({ correct, outcome }: ResultText): string {
  if (correct === undefined) return 'running…';
  if (correct) return '✓ matches the reference';
  return outcome === 'cycle' || outcome === 'step-cap' ? '✗ did not settle, so no answer counts' : '✗ differs from the reference';
}

export function clearResult(): void {
  for (const dd of [page.answer, page.reference, page.verdict, page.steps, page.engine, page.perStep]) dd.textContent = '–';
  page.verdict.dataset.correct = '';
}

/** Says how many cells and steps a pixel of a spacetime diagram covers, when it covers more than one. */
export function pooledNote(cells: number, rows: number, width: number, height: number): string {
  if (cells <= width && rows <= height) return '';
  const [across, down] = [Math.round(cells / width), Math.round(rows / height)];
  return `Downsampled: each pixel is the mean colour of about ${count(across)} cell${across === 1 ? '' : 's'} × ${count(down)} step${down === 1 ? '' : 's'}`;
}

/** What the figure shows for the task: a spacetime diagram of a row, or the frames of a grid. */
export function showPictureCaption(task: Task): void {
  const grid = task.dimensions === 2;
  page.pictureTitle.textContent = grid ? 'Grid' : 'Spacetime diagram';
  page.pictureExplanation.textContent = grid
    ? 'the lattice at the step shown, redrawn after every step; row 0 at the top, column 0 at the left.'
    : 'time runs down from t = 0, cells across from cell 0 at the left.';
}

/** The colour of each state symbol of the task, as swatches. */
export function showLegend(task: Task): void {
  const colours = paletteFor(task.stateSymbols.length);
  page.legend.replaceChildren(
    ...task.stateSymbols.map((symbol, k) => {
      const item = document.createElement('span');
      item.className = 'swatch';
      const box = document.createElement('i');
      box.style.background = cssColour(colours[k]);
      item.append(box, symbol);
      return item;
    }),
  );
}
