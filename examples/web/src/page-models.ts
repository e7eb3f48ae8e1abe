import { modelFromCheckpoint, type SeadModel } from '@sead/core';
import { modelFrom, shippedCheckpoint, type PlaygroundTask } from './catalog.js';
import { shippedNote, trainedNote, trainingNote, untrainedNote } from './model-note.js';
import type { CpuWorker } from './worker-client.js';

/**
 * The models of the page's live runs, on its backend: shipped checkpoints, loaded on first use, and
 * the models trained here (in the worker, on cpu) for tasks that ship none. It also keeps what the
 * page says about each model.
 */
export class PageModels {
  readonly #worker: CpuWorker;
  readonly #models = new Map<string, SeadModel>();
  readonly #training = new Map<string, Promise<void>>();
  readonly #notes = new Map<string, string>();
  /** Training seeds chosen by the user, by task id; the catalog's otherwise. */
  readonly #seeds = new Map<string, number>();

  constructor(worker: CpuWorker) {
    this.#worker = worker;
  }

  seedOf(entry: PlaygroundTask): number {
    return this.#seeds.get(entry.task.id) ?? (entry.model.kind === 'trained-here' ? entry.model.seed : 0);
  }

  /** Whether the task's model can run now. */
  ready(entry: PlaygroundTask): boolean {
    return entry.model.kind === 'shipped' || this.#models.has(entry.task.id);
  }

  /** Where the task's model comes from, as the page says it. */
  note(entry: PlaygroundTask): string {
    if (entry.model.kind === 'shipped') return shippedNote(shippedCheckpoint(entry));
    return this.#notes.get(entry.task.id) ?? untrainedNote(this.seedOf(entry));
  }

  /**
   * Trains the model of a task that ships none, once (later calls share the first). `onChange`
   * runs on progress and at the end, when `note` has something new to say.
   */
  ensureTrained(entry: PlaygroundTask, onChange: () => void): Promise<void> {
    const { task } = entry;
    if (this.ready(entry)) return Promise.resolve();
    const known = this.#training.get(task.id);
    if (known) return known;
    const seed = this.seedOf(entry);
    const say = (note: string) => {
      this.#notes.set(task.id, note);
      onChange();
    };
    say(trainingNote(seed));
    const done = this.#worker
      .train({ taskId: task.id, seed }, (progress) => say(trainingNote(seed, progress)))
      .then((trained) => {
        this.#models.set(task.id, modelFrom(entry, trained.checkpoint, `trained in this page (seed ${seed})`));
        say(trainedNote(seed, trained));
      })
      .catch((error: Error) => {
        this.#training.delete(task.id);
        say(`Model: training failed: ${error.message}`);
        throw error;
      });
    this.#training.set(task.id, done);
    return done;
  }

  /** Forgets a task's trained model, so that the next `ensureTrained` trains with `seed`. */
  forget(entry: PlaygroundTask, seed: number): void {
    const id = entry.task.id;
    this.#seeds.set(id, seed);
    this.#training.delete(id);
    this.#notes.delete(id);
    this.#models.get(id)?.dispose();
    this.#models.delete(id);
  }

  /** The model of a task that is `ready`. */
  modelFor(entry: PlaygroundTask): SeadModel {
    const id = entry.task.id;
    const known = this.#models.get(id);
    if (known) return known;
    if (entry.model.kind !== 'shipped') throw new Error(`the model of task "${id}" is not trained yet`);
    const model = modelFromCheckpoint(shippedCheckpoint(entry));
    this.#models.set(id, model);
    return model;
  }
}
