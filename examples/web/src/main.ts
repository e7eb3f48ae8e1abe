import { TaskInputError } from '@sead/tasks';
import { startBackend } from './backend.js';
import { PLAYGROUND_TASKS, playgroundTask, type PlaygroundTask } from './catalog.js';
import { DiagramCanvas, MAX_IMAGE } from './diagram-canvas.js';
import { DenseRun } from './dense-run.js';
import { engineFor, sizeProblem } from './engine-choice.js';
import { exampleInstance, exampleKinds, InputFields, RANDOM } from './input-form.js';
import { liveView } from './live-view.js';
import { showLongRun } from './long-view.js';
import { PageModels } from './page-models.js';
import { page, setState } from './page.js';
import { Player, SPEEDS } from './player.js';
import { clearResult, showLegend, showPictureCaption } from './result-view.js';
import { CpuWorker } from './worker-client.js';

const fields = new InputFields(page.fields);
const canvas = new DiagramCanvas(page.canvas);
const worker = new CpuWorker();
const models = new PageModels(worker);
let player: Player | undefined;
/** Bumped by every run, so that a run which ends after another started shows nothing. */
let runId = 0;

async function start(): Promise<void> {
  const backend = await startBackend(new URLSearchParams(location.search).get('backend'));
  page.backend.textContent = backend.fallback
    ? `Backend: ${backend.name} (${backend.fallback}; the model runs on tfjs's cpu backend instead of webgl)`
    : `Backend: ${backend.name}`;
  page.backend.dataset.backend = backend.name;
  for (const { task, model } of PLAYGROUND_TASKS) page.task.append(new Option(task.id + (model.kind === 'trained-here' ? ' (custom task)' : ''), task.id));
  page.task.addEventListener('change', () => selectTask(page.task.value));
  page.fill.addEventListener('click', fillExample);
  page.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  page.play.addEventListener('click', () => (player?.playing ? player.pause() : player?.play()));
  page.step.addEventListener('click', () => void player?.stepOnce());
  page.trainAgain.addEventListener('click', trainAgain);
  page.speed.addEventListener('input', applySpeed);
  applySpeed();
  selectTask(page.task.value);
}

function selectTask(id: string): void {
  const entry = playgroundTask(id);
  const { task } = entry;
  stopRun();
  page.taskDescription.textContent = task.description;
  fields.show(task);
  page.example.replaceChildren(...exampleKinds(task).map((kind) => new Option(kind, kind)));
  fillExample();
  page.inputError.textContent = '';
  showPictureCaption(task);
  showLegend(task);
  page.retrain.hidden = entry.model.kind !== 'trained-here';
  page.trainSeed.value = String(models.seedOf(entry));
  page.modelNote.textContent = models.note(entry);
  if (models.ready(entry)) return setState('ready');
  setState('training');
  page.trainAgain.disabled = true;
  const shown = () => page.task.value === id;
  models
    .ensureTrained(entry, () => shown() && (page.modelNote.textContent = models.note(entry)))
    .then(
      () => shown() && setState('ready'),
      () => shown() && setState('error'),
    )
    .finally(() => (page.trainAgain.disabled = false));
}

/** Forgets the model trained here and trains another with the seed in the form. */
function trainAgain(): void {
  const entry = playgroundTask(page.task.value);
  const seed = Number(page.trainSeed.value);
  if (!(Number.isSafeInteger(seed) && seed >= 0)) {
    page.modelNote.textContent = `The training seed must be a whole number from 0 up, got "${page.trainSeed.value}".`;
    return;
  }
  models.forget(entry, seed);
  selectTask(entry.task.id);
}

/** Stops the run on show, live or long, so that nothing it does later reaches the page. */
function stopRun(): void {
  player?.stop();
  player = undefined;
  runId++;
  page.play.textContent = 'Play';
  page.play.disabled = true;
  page.step.disabled = true;
}

function fillExample(): void {
  const { task } = playgroundTask(page.task.value);
  const length = Math.max(1, Math.min(1_000_000, Math.floor(Number(page.length.value) || 1)));
  const seed = Math.max(0, Math.floor(Number(page.seed.value) || 0));
  fields.fill(exampleInstance(task, page.example.value, length, seed));
  // The next click draws a fresh random instance, with the next seed.
  if (page.example.value === RANDOM) page.seed.value = String(seed + 1);
}

async function run(): Promise<void> {
  const entry = playgroundTask(page.task.value);
  let instance: unknown;
  try {
    instance = fields.read();
  } catch (error) {
    if (!(error instanceof TaskInputError)) throw error;
    page.inputError.textContent = error.message;
    return;
  }
  page.inputError.textContent = '';
  stopRun();
  const id = runId;
  clearResult();
  try {
    if (!models.ready(entry)) {
      page.status.textContent = 'Waiting for the model to finish training…';
      await models.ensureTrained(entry, () => undefined);
      if (id !== runId) return;
    }
    const lattice = entry.task.encode(instance);
    const tooLarge = sizeProblem(lattice);
    if (tooLarge) {
      page.inputError.textContent = tooLarge;
      page.status.textContent = '';
      return setState('ready');
    }
    if (engineFor(entry.task, lattice) === 'live-dense') runLive(entry, instance);
    else await runLong(entry, instance, id);
  } catch (error) {
    if (id !== runId) return;
    page.status.textContent = `The run failed: ${(error as Error).message}`;
    setState('error');
  }
}

function runLive(entry: PlaygroundTask, instance: unknown): void {
  const live = new DenseRun(models.modelFor(entry), entry.task, entry.task.encode(instance));
  const current: Player = new Player(live, liveView(entry.task, instance, live, canvas, () => current));
  player = current;
  applySpeed();
  current.play();
}

async function runLong(entry: PlaygroundTask, instance: unknown, id: number): Promise<void> {
  setState('running');
  page.status.textContent = 'Running on the sparse engine, in a worker…';
  const result = await worker.longRun({ taskId: entry.task.id, input: entry.task.format(instance), maxImage: MAX_IMAGE });
  if (id === runId) showLongRun(result, canvas);
}

function applySpeed(): void {
  const speed = SPEEDS[Number(page.speed.value)] ?? SPEEDS[3];
  const text = speed === Infinity ? 'as fast as it goes' : `${speed} steps/s`;
  page.speedValue.textContent = text;
  page.speed.setAttribute('aria-valuetext', text);
  if (player) player.speed = speed;
}

start().catch((error: Error) => {
  page.status.textContent = `The playground failed to start: ${error.message}`;
  setState('error');
});
