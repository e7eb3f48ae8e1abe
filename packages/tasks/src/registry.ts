import { checkTask } from './check-task.js';
import { TaskInputError, type Task } from './task.js';

/** The tasks `defineTask` has checked (and frozen): a registry takes these as they are. */
const defined = new WeakSet<object>();

/**
 * Checks a task definition once, where it is written, so that a plugin's mistakes surface with its
 * name on them instead of as wrong answers deep inside training. Returns a frozen copy: every field
 * is checked (a `TaskContractError` names the task and the field), the data is copied, and the
 * rule's answers are checked on every call. Defining a task twice is harmless.
 */
export function defineTask<I, O>(task: Task<I, O>): Task<I, O> {
  const checked = Object.freeze(checkTask<I, O>(task));
  defined.add(checked);
  return checked;
}

/** Tasks by id. The built-ins are registered by `createRegistry`; plugins add their own. */
export class TaskRegistry {
  readonly #tasks = new Map<string, Task<any, any>>();

  /**
   * Adds a task. One not made by `defineTask` is checked as `defineTask` checks it (and the checked
   * copy is what `get` returns), so nothing unchecked is ever handed out by a registry.
   */
  register(task: Task<any, any>): this {
    const checked = defined.has(task) ? task : defineTask(task);
    if (this.#tasks.has(checked.id)) throw new Error(`a task with id "${checked.id}" is already registered`);
    this.#tasks.set(checked.id, checked);
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
