import { once } from 'node:events';

/**
 * Writes to stdout, waiting for the pipe to drain when it is full, so a long stream of answers
 * flows at the reader's pace instead of piling up in memory.
 */
export async function write(data: string | Uint8Array): Promise<void> {
  if (!process.stdout.write(data)) await once(process.stdout, 'drain');
}

/** Writes a line to stdout (see `write`). */
export async function printLine(text: string): Promise<void> {
  await write(text + '\n');
}

/** Human-readable lines (progress, summaries) go to stdout as well; stderr is kept for errors. */
export async function printLines(text: string): Promise<void> {
  await printLine(text.replace(/\n$/, ''));
}

/**
 * UTF-8 text as it goes between the quotes of a JSON string, escaped as JSON.stringify escapes it
 * (quote, backslash, control characters); the same bytes when nothing needs escaping.
 */
export function jsonStringBytes(text: Uint8Array): Uint8Array {
  let k = 0;
  while (k < text.length && text[k] >= 0x20 && text[k] !== 0x22 && text[k] !== 0x5c) k++;
  if (k === text.length) return text;
  const parts: number[] = Array.from(text.subarray(0, k));
  for (; k < text.length; k++) {
    const b = text[k];
    if (b >= 0x20 && b !== 0x22 && b !== 0x5c) parts.push(b);
    else for (const c of JSON.stringify(String.fromCharCode(b)).slice(1, -1)) parts.push(c.charCodeAt(0));
  }
  return Uint8Array.from(parts);
}
