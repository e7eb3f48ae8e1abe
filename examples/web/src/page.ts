/** The page's elements, looked up once; a missing one is a broken index.html, said plainly. */
function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no element #${id}`);
  return element as T;
}

export const page = {
  root: byId<HTMLElement>('playground'),
  backend: byId<HTMLElement>('backend'),
  form: byId<HTMLFormElement>('setup'),
  task: byId<HTMLSelectElement>('task'),
  taskDescription: byId<HTMLElement>('task-description'),
  modelNote: byId<HTMLElement>('model-note'),
  retrain: byId<HTMLElement>('retrain'),
  trainSeed: byId<HTMLInputElement>('train-seed'),
  trainAgain: byId<HTMLButtonElement>('train-again'),
  fields: byId<HTMLElement>('fields'),
  inputError: byId<HTMLElement>('input-error'),
  example: byId<HTMLSelectElement>('example'),
  length: byId<HTMLInputElement>('length'),
  seed: byId<HTMLInputElement>('seed'),
  fill: byId<HTMLButtonElement>('fill'),
  run: byId<HTMLButtonElement>('run'),
  play: byId<HTMLButtonElement>('play'),
  step: byId<HTMLButtonElement>('step'),
  speed: byId<HTMLInputElement>('speed'),
  speedValue: byId<HTMLOutputElement>('speed-value'),
  status: byId<HTMLElement>('status'),
  answer: byId<HTMLElement>('answer'),
  reference: byId<HTMLElement>('reference'),
  verdict: byId<HTMLElement>('verdict'),
  steps: byId<HTMLElement>('steps'),
  engine: byId<HTMLElement>('engine'),
  perStep: byId<HTMLElement>('per-step'),
  pictureTitle: byId<HTMLElement>('picture-title'),
  pictureExplanation: byId<HTMLElement>('picture-explanation'),
  legend: byId<HTMLElement>('legend'),
  diagramNote: byId<HTMLElement>('diagram-note'),
  canvas: byId<HTMLCanvasElement>('diagram'),
};

/** What the page is doing, on `main[data-state]` for styles and tests. */
export type PageState = 'starting' | 'training' | 'ready' | 'running' | 'paused' | 'done' | 'error';

export function setState(state: PageState): void {
  page.root.dataset.state = state;
}
