import { useNodeBackend } from '@sead/node';
import { addition, parity, seededRandom } from '@sead/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASELINE_CHECKPOINT_FORMAT, baselineFromCheckpoint, parseBaselineCheckpoint, toBaselineCheckpoint, type BaselineTrainingRecord } from './checkpoint.js';
import { BaselineModel } from './model.js';

beforeAll(async () => {
  await useNodeBackend();
});

const shape = { architecture: 'transformer', width: 8, layers: 1, heads: 2, feedForward: 8, positions: 'learned', maxPositions: 12, causal: false } as const;
const training: BaselineTrainingRecord = { regime: 'relax', seed: 1, iterations: 0, seconds: 0, trainLengths: [1, 16], batchSize: 32, learningRate: 1e-3 };

describe('baseline checkpoints', () => {
  it('round-trip through JSON to a model that answers as the original', () => {
    const model = BaselineModel.create(addition, shape, 7);
    const checkpoint = toBaselineCheckpoint(model, training);
    expect(checkpoint).toMatchObject({ format: BASELINE_CHECKPOINT_FORMAT, version: 1, architecture: 'transformer-learned', task: 'addition', parameters: model.parameterCount });
    const parsed = parseBaselineCheckpoint(JSON.stringify(checkpoint), 'a.json', addition);
    expect(parsed.training).toEqual(training);
    const loaded = baselineFromCheckpoint(parsed);
    const random = seededRandom(2);
    const instances = Array.from({ length: 6 }, () => addition.random(8, random));
    expect(loaded.predictMany(addition, instances)).toEqual(model.predictMany(addition, instances));
    model.dispose();
    loaded.dispose();
  });

  it('refuse a file that is not one, another task\'s, or edited, with one line naming the file', () => {
    const model = BaselineModel.create(addition, shape, 7);
    const good = toBaselineCheckpoint(model);
    model.dispose();
    const edited = structuredClone(good);
    edited.weights['head.b'][0] += 1;
    const cases: [string, string][] = [
      ['{', 'checkpoint a.json is not valid JSON (truncated or corrupt?)'],
      [JSON.stringify({ ...good, format: 'sead-checkpoint' }), 'checkpoint a.json: is not a baseline checkpoint (format is "sead-checkpoint", expected "sead-baseline-checkpoint")'],
      [JSON.stringify({ ...good, architecture: 'lstm' }), 'checkpoint a.json: names architecture "lstm", but its config is a transformer-learned'],
      [JSON.stringify({ ...good, config: { ...good.config, heads: 3 } }), 'checkpoint a.json: config.width (8) must be a multiple of config.heads (3)'],
      [JSON.stringify({ ...good, weights: { ...good.weights, 'head.W': [1] } }), 'checkpoint a.json: weight head.W has 1 values, its shape [8,2] needs 16'],
      [JSON.stringify(edited), 'checkpoint a.json: config and weights do not match their digest: edited or corrupted'],
    ];
    for (const [text, message] of cases) expect(() => parseBaselineCheckpoint(text, 'a.json', addition), message).toThrow(message);
    expect(() => parseBaselineCheckpoint(JSON.stringify(good), 'a.json', parity)).toThrow('checkpoint a.json: was trained for task "addition", not "parity"');
  });
});
