// Trains parity from scratch under plain Node (no bundler, no vitest): proves SEAD's gradient
// registration works where tfjs-core's Node bundle registers none. With the argument `composite`
// the fused training kernels are unregistered first, so the generic ops and SEAD's gradient configs
// for them (what backends without fused kernels run, e.g. webgl) carry the whole training.
// Prints one JSON line.
import * as tf from '@tensorflow/tfjs-core';
import { predictMany } from '@sead/core';
import { hasFusedUnroll, SeadUnroll, SeadUnrollGrad } from '@sead/core/kernels';
import { useNodeBackend } from '@sead/node';
import { parity, seededRandom } from '@sead/tasks';
import { train } from '@sead/trainer';

await useNodeBackend();
if (process.argv.includes('composite')) for (const name of [SeadUnroll, SeadUnrollGrad]) tf.unregisterKernel(name, 'cpu');
const path = hasFusedUnroll() ? 'fused' : 'composite';
const result = await train({ task: parity, regime: 'relax', seed: 7, trainLengths: [2, 16], validationLengths: [64], maxIterations: 3000 });
// Judge at 4× the training length on instances training never validated on.
const random = seededRandom(2024);
const instances = Array.from({ length: 64 }, () => parity.random(64, random));
const correct = predictMany(result.model, parity, instances).filter((p, k) => p.converged && p.output === parity.solve(instances[k])).length;
console.log(JSON.stringify({ path, solved: result.solved, iterations: result.iterations, correct, total: instances.length }));
