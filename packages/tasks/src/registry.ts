import { TaskInputError, type Task } from './task.js';

const ID = /^[a-z][a-z0-9-]*$/;

/**
 * Checks a task definition once, where it is written, so that a plugin's mistakes surface with its
 * name on them instead of as wrong answers deep inside training.
 */
export function defineTask<I, O>(task: Task<I, O>): Task<I, O> {
  const where = `task "${task.id}"`;
  if (!ID.test(task.id)) throw new TypeError(`${where}: id must match ${ID}`);
  const alphabet = task.inputAlphabet;
  if (alphabet.length < 1 || alphabet.length > 256) {
    throw new TypeError(`${where}: inputAlphabet needs 1 to 256 tokens, has ${alphabet.length}`);
  }
  const width = alphabet[0].length;
  if (width < 1) throw new TypeError(`${where}: input features must have at least one entry`);
  alphabet.forEach((row, k) => {
    if (row.length !== width) throw new TypeError(`${where}: token ${k} has ${row.length} features, token 0 has ${width}`);
    if (!row.every(Number.isFinite)) throw new TypeError(`${where}: token ${k} has a non-finite feature`);
  });
  if (task.stateSymbols.length < 2 || task.stateSymbols.length > 256) {
    throw new TypeError(`${where}: stateSymbols needs 2 to 256 symbols, has ${task.stateSymbols.length}`);
  }
  if (task.rule && (!Number.isInteger(task.rule.radius) || task.rule.radius < 1)) {
    throw new TypeError(`${where}: rule.radius must be a positive integer`);
  }
  if ((task.encodeBytes === undefined) !== (task.decodeBytes === undefined)) {
    throw new TypeError(`${where}: define encodeBytes and decodeBytes together, or neither`);
  }
  return Object.freeze({ ...task });
}

/** Tasks by id. The built-ins are registered by `createRegistry`; plugins add their own. */
export class TaskRegistry {
  readonly #tasks = new Map<string, Task<any, any>>();

  register(task: Task<any, any>): this {
    if (this.#tasks.has(task.id)) throw new Error(`a task with id "${task.id}" is already registered`);
    this.#tasks.set(task.id, task);
    return this;
  }

  has(id: string): boolean {
    return this.#tasks.has(id);
  }

  /** The task, or an error listing the ids that exist. */
  get(id: string): Task<any, any> {
    const task = this.#tasks.get(id);
    if (!task) {
      throw new TaskInputError(`unknown task "${id}"; known tasks: ${[...this.#tasks.keys()].join(', ')}`);
    }
    return task;
  }

  ids(): string[] {
    return [...this.#tasks.keys()];
  }
}
