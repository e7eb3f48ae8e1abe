import { once } from 'node:events';

/**
 * Writes a line to stdout, waiting for the pipe to drain when it is full, so a long stream of
 * answers flows at the reader's pace instead of piling up in memory.
 */
export async function printLine(text: string): Promise<void> {
  if (!process.stdout.write(text + '\n')) await once(process.stdout, 'drain');
}

/** Human-readable lines (progress, summaries) go to stdout as well; stderr is kept for errors. */
export async function printLines(text: string): Promise<void> {
  await printLine(text.replace(/\n$/, ''));
}
