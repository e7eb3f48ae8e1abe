import { parseCheckpoint, type Checkpoint, type TaskShape } from '@sead/core';

/**
 * Writes a checkpoint atomically: to a temporary file beside the target, flushed to disk, then
 * renamed over it. A crash leaves the old checkpoint or the new one, never half of either.
 */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const { open, rename, rm } = await import('node:fs/promises');
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(JSON.stringify(checkpoint) + '\n', 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Reads and validates a checkpoint file; errors name the file and what is wrong with it. */
export async function loadCheckpoint(path: string, task?: TaskShape): Promise<Checkpoint> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `checkpoint ${path} does not exist` : `cannot read checkpoint ${path}: ${(error as Error).message}`);
  }
  return parseCheckpoint(text, path, task);
}
