import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRegistry, defineTask, type Task, type TaskRegistry } from '@sead/tasks';
import type { OptionValues } from './args.js';
import { Failure, UsageError } from './errors.js';

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
    throw new UsageError((error as Error).message);
  }
}

/**
 * Imports each plugin module (a file path, or a package name resolved from the working directory)
 * and registers the tasks it exports: its default export or its `tasks` export, a task or a list.
 */
export async function loadPlugins(specifiers: OptionValues[string]): Promise<void> {
  const list = specifiers === undefined ? [] : Array.isArray(specifiers) ? specifiers : [String(specifiers)];
  for (const specifier of list) {
    let module: Record<string, unknown>;
    try {
      module = await import(locate(specifier));
    } catch (error) {
      throw new Failure(`plugin "${specifier}" could not be loaded: ${((error as Error).message ?? String(error)).split('\n')[0]}`);
    }
    const exported = module.tasks ?? module.default;
    const tasks = (Array.isArray(exported) ? exported : [exported]).filter((t) => t !== undefined);
    if (tasks.length === 0) throw new Failure(`plugin "${specifier}" exports no task (export a task, or a list of tasks, as default or as "tasks")`);
    for (const task of tasks) {
      let checked: Task<any, any>;
      try {
        checked = defineTask(task as Task<any, any>);
      } catch (error) {
        throw new Failure(`plugin "${specifier}": ${(error as Error).message}`);
      }
      if (registry.has(checked.id)) throw new Failure(`plugin "${specifier}" defines task "${checked.id}", which is already registered`);
      registry.register(checked);
    }
  }
}

/** A file that exists (or a path that looks like one) is a file; anything else names a package. */
function locate(specifier: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier) || existsSync(specifier)) return pathToFileURL(resolve(specifier)).href;
  return pathToFileURL(createRequire(join(process.cwd(), 'package.json')).resolve(specifier)).href;
}
