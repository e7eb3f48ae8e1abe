import { createRegistry, defineTask, messageOf, type Task, type TaskRegistry } from '@sead/tasks';
import type { OptionValues } from './args.js';
import { Failure, UsageError } from './errors.js';
import { importPlugin } from './plugin-import.js';
import { guardPluginTask } from './plugin-task.js';

/** The registry every command looks tasks up in: the built-ins, plus tasks from --plugin modules. */
export const registry: TaskRegistry = createRegistry();

/** The task named by --task, after loading any --plugin; an unknown id is a usage error listing the known ones. */
export async function resolveTask(values: OptionValues): Promise<Task<any, any>> {
  await loadPlugins(values.plugin);
  const id = values.task;
  if (typeof id !== 'string' || id === '') throw new UsageError(`missing --task; known tasks: ${registry.ids().join(', ')}`);
  return lookUp(id);
}

/** A registered task by id, as a usage error when there is none. */
export function lookUp(id: string): Task<any, any> {
  try {
    return registry.get(id);
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
}

/**
 * Imports each plugin module and registers the tasks it exports: its default export or its
 * `tasks` export, a task or a list. A plugin is other people's code: each task is checked by
 * `defineTask` and registered guarded (`guardPluginTask`), so that whatever its code does later
 * is an error naming the plugin, never a wrong answer or a crash.
 */
export async function loadPlugins(specifiers: OptionValues[string]): Promise<void> {
  const list = specifiers === undefined ? [] : Array.isArray(specifiers) ? specifiers : [String(specifiers)];
  for (const specifier of list) {
    const module = await importPlugin(specifier);
    let tasks: unknown[];
    try {
      const exported = module.tasks ?? module.default;
      tasks = (Array.isArray(exported) ? Array.from(exported) : [exported]).filter((t) => t !== undefined);
    } catch (error) {
      throw new Failure(`plugin "${specifier}": its exports could not be read: ${messageOf(error)}`);
    }
    if (tasks.length === 0) throw new Failure(`plugin "${specifier}" exports no task (export a task, or a list of tasks, as default or as "tasks")`);
    for (const task of tasks) {
      let checked: Task<any, any>;
      try {
        checked = defineTask(task as Task<any, any>);
      } catch (error) {
        throw new Failure(`plugin "${specifier}": ${messageOf(error)}`);
      }
      if (registry.has(checked.id)) throw new Failure(`plugin "${specifier}" defines task "${checked.id}", which is already registered`);
      registry.register(guardPluginTask(checked, specifier));
    }
  }
}
