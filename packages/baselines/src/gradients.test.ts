import * as tf from '@tensorflow/tfjs-core';
import { oneHotStates, softmaxCrossEntropy } from '@sead/core/training';
import { addition, seededRandom } from '@sead/tasks';
import { useNodeBackend } from '@sead/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellInputs } from './inputs.js';
import { BaselineModel, type BaselineShape } from './model.js';

beforeAll(async () => {
  await useNodeBackend();
});

const SHAPES: Record<string, BaselineShape> = {
  'transformer-learned': { architecture: 'transformer', width: 4, layers: 1, heads: 2, feedForward: 6, positions: 'learned', maxPositions: 8, causal: false },
  'transformer-rotary': { architecture: 'transformer', width: 4, layers: 1, heads: 1, feedForward: 6, positions: 'rotary', maxPositions: 0, causal: false },
  'transformer-none (causal)': { architecture: 'transformer', width: 4, layers: 1, heads: 2, feedForward: 6, positions: 'none', maxPositions: 0, causal: true },
  lstm: { architecture: 'lstm', width: 3 },
  gru: { architecture: 'gru', width: 3 },
};

/**
 * The package's gradient configs are written by hand: each architecture's gradient of the training
 * loss must match central finite differences of that loss, weight by weight (every weight of a tiny model).
 */
describe('gradients of the training loss', () => {
  const random = seededRandom(5);
  const instances = [addition.random(3, random), addition.random(3, random)];
  const lattices = instances.map((i) => addition.encode(i));
  const targets = Uint8Array.from(instances.flatMap((i) => [...addition.cellTargets!(i)]));

  for (const [name, shape] of Object.entries(SHAPES)) {
    it(`match finite differences for ${name}`, () => {
      const model = BaselineModel.create(addition, shape, 3);
      const B = lattices.length;
      const L = lattices[0].length;
      const loss = () => {
        const logits = tf.reshape(model.logits(cellInputs(addition, lattices)), [B * L, 2]) as tf.Tensor2D;
        return softmaxCrossEntropy(logits, tf.reshape(oneHotStates(targets, B, L, 2), [B * L, 2]) as tf.Tensor2D);
      };
      const variables = Object.values(model.weights);
      const { grads } = tf.variableGrads(loss, variables);
      const h = 2e-3;
      for (const [weight, variable] of Object.entries(model.weights)) {
        const values = variable.dataSync().slice();
        const analytic = grads[variable.name].dataSync();
        for (let k = 0; k < values.length; k++) {
          const at = (delta: number) => {
            const moved = values.slice();
            moved[k] += delta;
            variable.assign(tf.tensor(moved, variable.shape));
            return tf.tidy(() => loss().dataSync()[0]);
          };
          const numeric = (at(h) - at(-h)) / (2 * h);
          variable.assign(tf.tensor(values, variable.shape));
          // float32 differences of a loss near 1 carry errors of about 1e-4.
          expect(Math.abs(analytic[k] - numeric), `${weight}[${k}]: ${analytic[k]} vs ${numeric}`).toBeLessThan(1e-3 + 1e-2 * Math.abs(numeric));
        }
      }
      model.dispose();
    });
  }
});
