// Trains parity from scratch under plain Node (no bundler, no vitest): proves SEAD's gradient
// registration works where tfjs-core's Node bundle registers none. The first argument is the
// regime; with the second argument `composite` the fused training kernels are unregistered first,
// so the generic ops and SEAD's gradient configs for them (what backends without fused kernels run,
// e.g. webgl) carry the whole training. Prints one JSON line.
import * as tf from '@tensorflow/tfjs-core';
import { predictMany } from '@sead/core';
import { hasFusedProjectedUnroll, hasFusedUnroll, SeadProjectedUnroll, SeadProjectedUnrollGrad, SeadUnroll, SeadUnrollGrad } from '@sead/core/kernels';
import { useNodeBackend } from '@sead/node';
import { parity, seededRandom } from '@sead/tasks';
import { train } from '@sead/trainer';

const [regime, kernels] = process.argv.slice(2);
await useNodeBackend();
if (kernels === 'composite') for (const name of [SeadUnroll, SeadUnrollGrad, SeadProjectedUnroll, SeadProjectedUnrollGrad]) tf.unregisterKernel(name, 'cpu');
const path = (regime === 'relax' ? hasFusedProjectedUnroll() : hasFusedUnroll()) ? 'fused' : 'composite';
// From examples alone: the rule is neither trained on nor certified against.
const result = await train({ task: parity, regime, ignoreRule: true, seed: 7, trainLengths: [2, 16], validationLengths: [64], maxIterations: 3000 });
// Judge at 4× the training length on instances training never validated on.
const random = seededRandom(2024);
const instances = Array.from({ length: 64 }, () => parity.random(64, random));
const correct = predictMany(result.model, parity, instances).filter((p, k) => p.converged && p.output === parity.solve(instances[k])).length;
console.log(JSON.stringify({ regime, path, mode: result.model.config.mode, solved: result.solved, iterations: result.iterations, seconds: result.seconds, correct, total: instances.length }));
