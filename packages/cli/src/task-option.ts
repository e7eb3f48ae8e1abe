import { createRegistry, type Task, type TaskRegistry } from '@sead/tasks';
import { UsageError } from './errors.js';

/** The registry every command looks tasks up in: the built-ins. */
export const registry: TaskRegistry = createRegistry();

/** The task named by --task; an unknown or missing id is a usage error listing the known ones. */
export function resolveTask(id: string | boolean | undefined): Task<any, any> {
  if (typeof id !== 'string' || id === '') throw new UsageError(`missing --task; known tasks: ${registry.ids().join(', ')}`);
  try {
    return registry.get(id);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
