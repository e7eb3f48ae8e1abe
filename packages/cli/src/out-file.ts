import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from './errors.js';

/**
 * Makes sure a file can be written at `path` (not a directory; its directory created) before any
 * work; files are then written atomically by `writeFileAtomic` of @sead/trainer.
 */
export async function prepareFile(path: string, option = '--out', what = 'a file name'): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`${option} ${path} is a directory; give ${what}`);
  await mkdir(dirname(path), { recursive: true });
}
