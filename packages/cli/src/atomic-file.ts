import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from './errors.js';

/**
 * Writes a file atomically: to a temporary file beside it, flushed to disk, then renamed over it.
 * A crash or a full disk leaves the old file or the new one, never half of either.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Makes sure a file can be written at `path` (not a directory; its directory created) before any work. */
export async function prepareFile(path: string, option = '--out'): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`${option} ${path} is a directory; give a file name`);
  await mkdir(dirname(path), { recursive: true });
}
