import { open } from 'node:fs/promises';
import { CheckpointError, MAX_CHECKPOINT_BYTES, parseCheckpoint, type Checkpoint, type CheckpointOptions, type TaskShape } from '@sead/core';
import { writeFileAtomic } from './atomic-file.js';

/** Writes a checkpoint atomically (see `writeFileAtomic`): a crash never leaves half of one. */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(checkpoint) + '\n');
}

/**
 * Reads and validates a checkpoint file as `parseCheckpoint` does (`options.allowEdited` loads a
 * hand-edited one); errors name the file and what is wrong with it.
 */
export async function loadCheckpoint(path: string, task?: TaskShape, options: CheckpointOptions = {}): Promise<Checkpoint> {
  return parseCheckpoint(await readCheckpointText(path), path, task, options);
}

/** Bytes read at a time from a file whose size is not known beforehand (a pipe, a device). */
const CHUNK_BYTES = 1 << 16;

/**
 * The text of a checkpoint file, not yet parsed: for readers that validate it themselves (another
 * architecture's checkpoint). A file larger than any checkpoint is refused before it is read, and no
 * more than `MAX_CHECKPOINT_BYTES` are ever read from one whose size says nothing (a pipe, a device).
 */
export async function readCheckpointText(path: string): Promise<string> {
  const tooLarge = (bytes: string) => new CheckpointError(`checkpoint ${path} is ${bytes} bytes; a checkpoint is at most ${MAX_CHECKPOINT_BYTES} (${MAX_CHECKPOINT_BYTES / 2 ** 20} MiB)`);
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const { size } = await file.stat();
    if (size > MAX_CHECKPOINT_BYTES) throw tooLarge(String(size));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, MAX_CHECKPOINT_BYTES + 1 - total));
      const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > MAX_CHECKPOINT_BYTES) throw tooLarge(`more than ${MAX_CHECKPOINT_BYTES}`);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (error) {
    throw error instanceof CheckpointError ? error : unreadable(path, error);
  } finally {
    await file.close();
  }
}

function unreadable(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  return new CheckpointError(code === 'ENOENT' ? `checkpoint ${path} does not exist` : `cannot read checkpoint ${path}: ${(error as Error).message}`);
}
