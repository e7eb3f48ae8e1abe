/**
 * The page's cpu worker: what takes whole seconds of JavaScript runs here, so the page stays live
 * and the webgl backend of the main thread is left alone. It trains the custom task's model (no
 * checkpoint ships for it) and runs long inputs on the sparse engine, drawing their spacetime
 * diagrams, or a grid as it settled.
 */
import * as tf from '@tensorflow/tfjs-core';
import { compiledRule, modelFromCheckpoint, predict, startRun, useBackend, type SeadModel } from '@sead/core';
import { latticeGrid, type Lattice, type Task } from '@sead/tasks';
import { train } from '@sead/trainer';
import './backend.js';
import { playgroundTask, shippedCheckpoint } from './catalog.js';
import { DiagramImage, type ImageSize } from './diagram-image.js';
import { gridFrame } from './grid-frame.js';
import { paletteFor, type Rgb } from './palette.js';
import { formatScores, type LongRunPicture, type LongRunResult, type Trained, type WorkerReply, type WorkerRequest } from './protocol.js';
import { diagramHeight, drawTrajectory } from './trajectory.js';

const ready = useBackend('cpu').then(() => tf.enableProdMode());
/** Models by task id: shipped ones loaded on first use, trained ones once trained. */
const models = new Map<string, SeadModel>();

const reply = (message: WorkerReply, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  try {
    await ready;
    if (request.type === 'train') reply(await trainModel(request));
    else {
      const result = longRun(request);
      reply(result, [result.image.rgba]);
    }
  } catch (error) {
    reply({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
};

async function trainModel({ id, taskId, seed }: Extract<WorkerRequest, { type: 'train' }>): Promise<Trained> {
  const { task } = playgroundTask(taskId);
  let validation: string | undefined;
  let lastReport = 0;
  const result = await train({
    task,
    seed,
    onEvent(event) {
      if (event.type === 'validation') validation = formatScores(event.scores);
      if (event.type !== 'iteration' || event.seconds - lastReport < 0.1) return;
      lastReport = event.seconds;
      reply({ type: 'progress', id, iteration: event.iteration, loss: event.loss, seconds: event.seconds, validation });
    },
  });
  models.get(taskId)?.dispose();
  models.set(taskId, result.model);
  const { certificate } = compiledRule(result.model, task);
  return {
    type: 'trained',
    id,
    checkpoint: result.checkpoint,
    solved: result.solved,
    iterations: result.iterations,
    seconds: result.seconds,
    validation: formatScores(result.scores),
    parameters: result.model.parameterCount,
    certificate: {
      neighbourhoods: certificate.neighbourhoods,
      reachable: certificate.reachable,
      minMargin: certificate.minMargin,
      tableEqualsNetwork: certificate.tableEqualsNetwork,
      reference: certificate.reference,
    },
  };
}

function modelFor(taskId: string): SeadModel {
  const known = models.get(taskId);
  if (known) return known;
  const entry = playgroundTask(taskId);
  if (entry.model.kind !== 'shipped') throw new Error(`the model of task "${taskId}" is not trained yet`);
  const model = modelFromCheckpoint(shippedCheckpoint(entry));
  models.set(taskId, model);
  return model;
}

function longRun({ id, taskId, input, maxImage }: Extract<WorkerRequest, { type: 'long-run' }>): LongRunResult {
  const { task } = playgroundTask(taskId);
  const model = modelFor(taskId);
  const instance = task.parse(input);
  const lattice = task.encode(instance);
  let started = performance.now();
  // A grid model has too many windows to compile: its runs fill its table as they meet them.
  if (task.dimensions !== 2) compiledRule(model, task);
  const compileMs = performance.now() - started;
  started = performance.now();
  const prediction = predict(model, task, instance, { engine: 'sparse' });
  const runMs = performance.now() - started;
  started = performance.now();
  const palette = paletteFor(task.stateSymbols.length);
  const { image, picture } =
    task.dimensions === 2
      ? settledGrid(lattice, prediction.run.symbols, palette, maxImage)
      : spacetimeDiagram(model, task, lattice, prediction.steps, palette, maxImage);
  const drawMs = performance.now() - started;
  const reference = task.solve(instance);
  return {
    type: 'long-result',
    id,
    output: task.formatOutput(prediction.output),
    reference: task.formatOutput(reference),
    correct: prediction.converged && task.equal(prediction.output, reference),
    steps: prediction.steps,
    outcome: prediction.outcome,
    ...(prediction.run.period !== undefined && { period: prediction.run.period }),
    cells: lattice.length,
    compileMs,
    runMs,
    drawMs,
    image: { width: image.width, height: image.height, rgba: image.rgba().buffer },
    picture,
  };
}

interface Drawing {
  readonly image: DiagramImage;
  readonly picture: LongRunPicture;
}

/** A row's spacetime diagram, steps 0 … `steps`, drawn from a second sparse run (see `drawTrajectory`). */
function spacetimeDiagram(model: SeadModel, task: Task, lattice: Lattice, steps: number, palette: readonly Rgb[], maxImage: ImageSize): Drawing {
  const rows = steps + 1;
  const size = { width: Math.min(lattice.length, maxImage.width), height: diagramHeight(lattice.length, rows, maxImage.height) };
  const image = new DiagramImage(lattice.length, rows, size, palette);
  const drawn = drawTrajectory(startRun(model, task, [lattice], { engine: 'sparse' }), steps, image);
  return { image, picture: { kind: 'diagram', ...drawn } };
}

/**
 * A grid as its run ended. Its wavefront would take every cell at every step to show (a million
 * cells for three thousand steps, for two numbers of a thousand bits), so a long run shows where it
 * went; grids small enough to play live show the wavefront moving.
 */
function settledGrid(lattice: Lattice, symbols: Uint8Array, palette: readonly Rgb[], maxImage: ImageSize): Drawing {
  const grid = latticeGrid(lattice);
  return { image: gridFrame(symbols, grid, palette, maxImage), picture: { kind: 'grid', ...grid } };
}
