import { parseCheckpoint, type Checkpoint, type TaskShape } from '@sead/core';
import { writeFileAtomic } from './atomic-file.js';

/** Writes a checkpoint atomically (see `writeFileAtomic`): a crash never leaves half of one. */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(checkpoint) + '\n');
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
