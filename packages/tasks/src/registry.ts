import { checkTask, OWN_FEATURES } from './check-task.js';
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

/** Each task's feature-set variants, made once: the same task object for one task and name. */
const variants = new WeakMap<object, Map<string, Task<any, any>>>();

/** The names of a task's feature sets: `"default"` (its `inputAlphabet`), then its `inputFeatures`. */
export function featureSetNames(task: Pick<Task, 'inputFeatures'>): string[] {
  return [OWN_FEATURES, ...Object.keys(task.inputFeatures ?? {})];
}

/**
 * The task reading its tokens through the feature set `name` of its `inputFeatures`: the same
 * task, with that table as its `inputAlphabet` and the id `<id>:<name>` (so a checkpoint says which
 * features it was trained on). `"default"` is the task itself (checked by `defineTask` if it was
 * not). One defined task and name give the same object every time. An unknown name is a
 * `TaskInputError` listing the names there are.
 */
export function withInputFeatures<I, O>(task: Task<I, O>, name: string): Task<I, O> {
  const base = defined.has(task) ? task : defineTask(task);
  if (name === OWN_FEATURES) return base;
  const table = base.inputFeatures !== undefined && Object.hasOwn(base.inputFeatures, name) ? base.inputFeatures[name] : undefined;
  if (table === undefined) throw new TaskInputError(`task "${base.id}" has no input features "${name}"; its feature sets: ${featureSetNames(base).join(', ')}`);
  let byName = variants.get(base);
  if (!byName) variants.set(base, (byName = new Map()));
  let variant = byName.get(name);
  if (!variant) {
    const { inputFeatures: _all, ...rest } = base;
    variant = Object.freeze({ ...rest, id: `${base.id}:${name}`, description: `${base.description} (input features: ${name})`, inputAlphabet: table });
    defined.add(variant);
    byName.set(name, variant);
  }
  return variant as Task<I, O>;
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

  /**
   * The task, or an error listing the ids that exist. `<id>:<name>` is task `<id>` reading its
   * input through its feature set `<name>` (`withInputFeatures`).
   */
  get(id: string): Task<any, any> {
    const task = this.#tasks.get(id);
    if (task) return task;
    const colon = id.indexOf(':');
    const base = colon > 0 ? this.#tasks.get(id.slice(0, colon)) : undefined;
    const features = id.slice(colon + 1);
    if (base && features !== OWN_FEATURES) return withInputFeatures(base, features);
    throw new TaskInputError(`unknown task "${id}"; known tasks: ${[...this.#tasks.keys()].join(', ')}`);
  }

  ids(): string[] {
    return [...this.#tasks.keys()];
  }
}
