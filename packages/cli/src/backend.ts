import { NODE_BACKENDS, useNodeBackend } from '@sead/node';
import type { OptionValues } from './args.js';
import { UsageError } from './errors.js';

/** Activates the backend named by --backend (default cpu) and returns its name. */
export async function selectBackend(name: OptionValues[string]): Promise<string> {
  const wanted = typeof name === 'string' && name !== '' ? name : 'cpu';
  if (!(NODE_BACKENDS as readonly string[]).includes(wanted)) {
    throw new UsageError(`unknown backend "${wanted}"; available: ${NODE_BACKENDS.join(', ')}`);
  }
  return useNodeBackend(wanted as (typeof NODE_BACKENDS)[number]);
}
