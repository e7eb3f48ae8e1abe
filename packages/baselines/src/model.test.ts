import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '@sead/node';
import { addition, parity, seededRandom } from '@sead/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellInputs } from './inputs.js';
import { BaselineModel, type BaselineShape } from './model.js';

beforeAll(async () => {
  await useNodeBackend();
});

const rotary: BaselineShape = { architecture: 'transformer', width: 8, layers: 1, heads: 2, feedForward: 8, positions: 'rotary', maxPositions: 0, causal: false };

describe('BaselineModel', () => {
  it('fixes every weight by its seed', () => {
    const [a, b, c] = [1, 1, 2].map((seed) => BaselineModel.create(parity, { architecture: 'gru', width: 4 }, seed));
    expect(a.weightArrays()).toEqual(b.weightArrays());
    expect(a.weightArrays()).not.toEqual(c.weightArrays());
    for (const m of [a, b, c]) m.dispose();
  });

  it('answers instances of mixed lengths in their order, each as its own lattice would be labelled', () => {
    const model = BaselineModel.create(addition, rotary, 4);
    const random = seededRandom(3);
    const instances = [2, 7, 2, 5, 7].map((length) => addition.random(length, random));
    const answers = model.predictMany(addition, instances, { batchSize: 1 });
    instances.forEach((instance, k) => {
      const symbols = model.symbols(addition, [addition.encode(instance)])[0];
      expect(answers[k]).toEqual({ output: addition.decode(instance, symbols), steps: 1, converged: true });
    });
    model.dispose();
  });

  it('labels a cell with the argmax of its logits, and a recurrent network takes a step per cell', () => {
    const model = BaselineModel.create(parity, { architecture: 'lstm', width: 4 }, 2);
    const lattice = parity.encode({ bits: '1101' });
    const logits = tf.tidy(() => model.logits(cellInputs(parity, [lattice])).arraySync()[0]);
    const argmax = logits.map((cell) => cell.indexOf(Math.max(...cell)));
    expect(Array.from(model.symbols(parity, [lattice])[0])).toEqual(argmax);
    expect(model.predictMany(parity, [{ bits: '1101' }])[0].steps).toBe(4);
    model.dispose();
  });

  it('a causal Transformer labels a cell from the cells up to it only', () => {
    const model = BaselineModel.create(parity, { ...rotary, positions: 'none', causal: true }, 5);
    const labels = (bits: string) => Array.from(model.symbols(parity, [parity.encode({ bits })])[0]);
    const first = labels('10110');
    // Changing the last bit leaves every earlier cell's label as it was.
    expect(labels('10111').slice(0, 4)).toEqual(first.slice(0, 4));
    model.dispose();
  });

  it('states its cost and, with learned positions, the most cells it reads', () => {
    const learned = BaselineModel.create(addition, { ...rotary, positions: 'learned', maxPositions: 10 }, 1);
    expect(learned.maxLength).toBe(10);
    expect(() => learned.predictMany(addition, [addition.random(12, seededRandom(1))])).toThrow('a transformer-learned model reads at most 10 cells (its learned positions), got 13');
    expect(BaselineModel.create(addition, rotary, 1).maxLength).toBeUndefined();
    // Attention's L² term: doubling the length more than doubles the work.
    expect(learned.work(2048)).toBeGreaterThan(2 * learned.work(1024));
    const lstm = BaselineModel.create(addition, { architecture: 'lstm', width: 4 }, 1);
    expect(lstm.work(2048)).toBe(2 * lstm.work(1024));
    learned.dispose();
    lstm.dispose();
  });

  it('refuses another task\'s instances', () => {
    const model = BaselineModel.create(parity, { architecture: 'gru', width: 4 }, 1);
    expect(() => model.predictMany(addition, [{ a: '1', b: '2' }])).toThrow('model was trained for task "parity", not "addition"');
    model.dispose();
  });
});
