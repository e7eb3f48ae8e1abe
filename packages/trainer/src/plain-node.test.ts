import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it.each(['fused', 'composite'])('trains parity from scratch under plain node, exact at 4× its training length (%s kernels)', async (path) => {
  const script = fileURLToPath(new URL('../test/plain-node-train.mjs', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script, path], { timeout: 170_000 });
  const result = JSON.parse(stdout.trim().split('\n').pop()!);
  expect(result).toMatchObject({ path, solved: true, correct: 64, total: 64 });
}, 180_000);
