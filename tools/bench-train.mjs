#!/usr/bin/env node
// Milliseconds per training iteration, side by side in one run: SEAD on each backend and kernel
// path, on the PyTorch peer's configuration (batch 64, L = 16, T = 24 steps of backpropagation
// through time, 724 parameters) and on each shipped task's own recipe, and the PyTorch peer on its
// configuration when Debian's python3-torch is installed. SEAD and the peer are measured in
// alternating rounds and each side's median is kept, so that a noisy neighbour hits both alike.
// Then the time each task takes to train from scratch to 100% validation with its recipe, seed 7.
// Not a test: machines are noisy.
import * as tf from '@tensorflow/tfjs-core';
import { registerJsUnrollKernels, SeadUnroll, SeadUnrollGrad } from '@sead/core/kernels';
import { useNodeBackend } from '@sead/node';
import { createRegistry } from '@sead/tasks';
import { train } from '@sead/trainer';
import { PEER_SHAPE, runPeer, tokens100 } from './peer.mjs';

const ITERATIONS = 24;
const WARMUP = 4;
const ROUNDS = 3;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median ms per iteration over `iterations` training iterations, after `WARMUP`. */
async function msPerIteration(options, iterations = ITERATIONS) {
  const times = [];
  let last = performance.now();
  await train({
    ...options,
    seed: 1,
    maxIterations: iterations,
    validateEvery: 1e9,
    patience: 1e9,
    onEvent: (e) => {
      if (e.type !== 'iteration') return;
      const now = performance.now();
      times.push(now - last);
      last = now;
    },
  });
  return median(times.slice(WARMUP));
}

/** Runs `fn` with the fused training kernels of `backend` unregistered: the composite path. */
async function composite(backend, fn) {
  for (const name of [SeadUnroll, SeadUnrollGrad]) tf.unregisterKernel(name, backend);
  try {
    return await fn();
  } finally {
    registerJsUnrollKernels(backend);
  }
}

const table = (rows) => rows.map((r) => `| ${r.join(' | ')} |`).join('\n').replace(/\n/, `\n| ${rows[0].map(() => '---').join(' | ')} |\n`);
const peerRun = { task: tokens100, regime: 'relax-continuous', model: PEER_SHAPE, batchSize: 64, trainLengths: [16, 16], stepsPerCell: [1.5, 1.5], extraSteps: 0 };
const peerArgs = ['train', '--B', '64', '--L', '16', '--T', '24'];
const config = 'peer: B=64 L=16 T=24, 724 params';

// Fused paths against the peer, in alternating rounds.
const paths = [
  ['cpu', 'fused JS kernels'],
  ['wasm', 'fused JS kernels'],
];
const ours = new Map(paths.map(([backend]) => [backend, []]));
// PyTorch with its default 2 threads, and with 1: two threads stall badly when another process
// holds a core, so the 1-thread figure is the steadier one on a shared machine.
const torch = { 2: [], 1: [] };
let torchError;
for (let round = 0; round < ROUNDS; round++) {
  for (const [backend] of paths) {
    await useNodeBackend(backend);
    ours.get(backend).push(await msPerIteration(peerRun));
  }
  for (const threads of [2, 1]) {
    const peer = runPeer([...peerArgs, '--threads', String(threads)]);
    if (peer.error) torchError = peer.error;
    else torch[threads].push(peer.ms);
  }
}
const torchMs = torch[2].length > 0 ? Math.min(median(torch[2]), median(torch[1])) : undefined;
const ratio = (ms) => (torchMs === undefined ? '-' : (ms / torchMs).toFixed(2));
// Ratios are to PyTorch's faster figure of the two thread counts.
const rows = [['configuration', 'backend', 'path', 'ms / iteration', 'ratio to PyTorch']];
for (const [backend, path] of paths) rows.push([config, backend, path, median(ours.get(backend)).toFixed(1), ratio(median(ours.get(backend)))]);
await useNodeBackend('cpu');
const compositeMs = await composite('cpu', () => msPerIteration(peerRun, 8));
rows.push([config, 'cpu', 'composite tfjs ops', compositeMs.toFixed(1), ratio(compositeMs)]);
for (const threads of [2, 1]) {
  const ms = torch[threads].length > 0 ? median(torch[threads]) : undefined;
  rows.push([config, 'pytorch-cpu', `torch, ${threads} thread${threads === 1 ? '' : 's'}, ${ROUNDS} runs`, ms === undefined ? `not run: ${torchError}` : ms.toFixed(1), ratio(ms ?? NaN)]);
}
const tasks = createRegistry()
  .ids()
  .map((id) => createRegistry().get(id));
for (const task of tasks) {
  const recipe = task.recipe;
  const ms = await msPerIteration({ task });
  rows.push([`${task.id}: ${recipe.regime}, batch ${recipe.batchSize}, L ${recipe.trainLengths.join('–')}`, 'cpu', 'fused JS kernels', ms.toFixed(1), '-']);
}
console.log(table(rows));

// From scratch to 100% validation, as `sead train --task <id> --seed 7` runs it.
const solved = [['task', 'regime', 'iterations', 'seconds to 100% validation', 'solved']];
for (const task of tasks) {
  const started = performance.now();
  const result = await train({ task, seed: 7 });
  solved.push([task.id, task.recipe.regime, String(result.iterations), ((performance.now() - started) / 1000).toFixed(1), result.solved ? 'yes' : 'no']);
}
console.log('\n' + table(solved));
