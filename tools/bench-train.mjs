#!/usr/bin/env node
// Milliseconds per training iteration, side by side in one run: SEAD on each backend that can
// train, on the PyTorch peer's configuration (batch 64, L = 16, T = 24 steps of backpropagation
// through time, 724 parameters) and on each shipped task's own recipe, and the PyTorch peer on its
// configuration when Debian's python3-torch is installed. Not a test: machines are noisy.
import * as tf from '@tensorflow/tfjs-core';
import { registerBackendLoader, useBackend } from '@sead/core';
import { createRegistry } from '@sead/tasks';
import { train } from '@sead/trainer';
import { PEER_SHAPE, runPeer, tokens100 } from './peer.mjs';

tf.enableProdMode();
registerBackendLoader('wasm', () => import('@tensorflow/tfjs-backend-wasm'));
const ITERATIONS = 12;
const WARMUP = 2;

/** Median ms per iteration of `ITERATIONS` training iterations, after `WARMUP`. */
async function msPerIteration(options) {
  const times = [];
  let last = performance.now();
  await train({
    ...options,
    seed: 1,
    maxIterations: ITERATIONS,
    validateEvery: 1e9,
    patience: 1e9,
    onEvent: (e) => {
      if (e.type !== 'iteration') return;
      const now = performance.now();
      times.push(now - last);
      last = now;
    },
  });
  const kept = times.slice(WARMUP).sort((a, b) => a - b);
  return kept[Math.floor(kept.length / 2)];
}

const peerRun = { task: tokens100, regime: 'relax', model: PEER_SHAPE, batchSize: 64, trainLengths: [16, 16], stepsPerCell: [1.5, 1.5], extraSteps: 0 };
const rows = [['configuration', 'backend', 'ms / iteration', 'ratio to PyTorch']];
const torch = runPeer(['train', '--B', '64', '--L', '16', '--T', '24']);
for (const backend of ['cpu', 'wasm']) {
  await useBackend(backend);
  let ms;
  try {
    ms = await msPerIteration(peerRun);
  } catch (error) {
    rows.push(['peer: B=64 L=16 T=24, 724 params', backend, `cannot train: ${String(error.message).split('\n')[0].slice(0, 80)}`, '-']);
    continue;
  }
  rows.push(['peer: B=64 L=16 T=24, 724 params', backend, ms.toFixed(1), torch.error ? '-' : (ms / torch.ms).toFixed(1)]);
}
await useBackend('cpu');
rows.push(['peer: B=64 L=16 T=24, 724 params', 'pytorch-cpu', torch.error ? `not run: ${torch.error}` : torch.ms.toFixed(1), torch.error ? '-' : '1.0']);
for (const task of createRegistry().ids().map((id) => createRegistry().get(id))) {
  const recipe = task.recipe;
  const ms = await msPerIteration({ task });
  rows.push([`${task.id}: ${recipe.regime}, batch ${recipe.batchSize}, L ${recipe.trainLengths.join('–')}`, 'cpu', ms.toFixed(1), '-']);
}
console.log(rows.map((r) => `| ${r.join(' | ')} |`).join('\n').replace(/\n/, `\n| ${rows[0].map(() => '---').join(' | ')} |\n`));
