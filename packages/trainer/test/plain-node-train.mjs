// Trains parity from scratch under plain Node (no bundler, no vitest): proves SEAD's gradient
// registration works where tfjs-core's Node bundle registers none. Prints one JSON line.
import * as tf from '@tensorflow/tfjs-core';
import { predictMany, useBackend } from '@sead/core';
import { parity, seededRandom } from '@sead/tasks';
import { train } from '@sead/trainer';

tf.enableProdMode();
await useBackend('cpu');
const result = await train({ task: parity, regime: 'relax', seed: 7, trainLengths: [2, 16], validationLengths: [64], maxIterations: 3000 });
// Judge at 4× the training length on instances training never validated on.
const random = seededRandom(2024);
const instances = Array.from({ length: 64 }, () => parity.random(64, random));
const correct = predictMany(result.model, parity, instances).filter((p, k) => p.converged && p.output === parity.solve(instances[k])).length;
console.log(JSON.stringify({ solved: result.solved, iterations: result.iterations, correct, total: instances.length }));
