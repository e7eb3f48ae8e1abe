import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it.each([
  ['relax', 'fused', 'discrete'],
  ['relax-continuous', 'fused', 'continuous'],
  ['relax-continuous', 'composite', 'continuous'],
])('trains parity from scratch under plain node, exact at 4× its training length (%s, %s kernels)', async (regime, path, mode) => {
  const script = fileURLToPath(new URL('../test/plain-node-train.mjs', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script, regime, path], { timeout: 170_000 });
  const result = JSON.parse(stdout.trim().split('\n').pop()!);
  expect(result).toMatchObject({ regime, path, mode, solved: true, correct: 64, total: 64 });
}, 180_000);
