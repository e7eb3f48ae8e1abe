// The benchmark's instances, built the same way by the benchmark and by its per-run child.
import { modelFromCheckpoint, parseCheckpoint } from '@sead/core';
import { shippedCheckpointText } from '@sead/models';
import { addition, multiplication, parity, rule110 } from '@sead/tasks';

export const TASKS = { parity, addition, rule110, multiplication };

/** The shipped model of a task. */
export function shippedModel(task) {
  return modelFromCheckpoint(parseCheckpoint(shippedCheckpointText(task.id), task.id, task));
}

/** n seeded decimal digits, fast: random bytes mapped onto '0'–'9'. */
export function digits(n, seed) {
  const bytes = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    bytes[i] = 48 + ((s >>> 8) % 10);
  }
  return Buffer.from(bytes).toString('latin1');
}

export const bits = (n, seed) => digits(n, seed).replace(/[0-4]/g, '0').replace(/[5-9]/g, '1');

/** The instance of a (task, input family, length) case. */
export function instanceOf(id, family, L) {
  if (id === 'addition' && family === 'random') return { a: digits(L, 1), b: digits(L, 2) };
  if (id === 'addition' && family === '99…9 + 1') return { a: '9'.repeat(L), b: '1' };
  if (id === 'parity' && family === 'random') return { bits: bits(L, 3) };
  if (id === 'parity' && family === 'all ones') return { bits: '1'.repeat(L) };
  if (id === 'rule110' && family === 'random') return { cells: bits(L, 4), steps: L };
  // Multiplication's L is the operands' bits: an L × L grid.
  if (id === 'multiplication' && family === 'random') return { a: bits(L, 5), b: bits(L, 6) };
  if (id === 'multiplication' && family === 'ones × ones') return { a: '1'.repeat(L), b: '1'.repeat(L) };
  throw new Error(`no benchmark case ${id} / ${family}`);
}
