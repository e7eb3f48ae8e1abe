import { beforeAll, describe, expect, it } from 'vitest';
import { addition, parity, rule110 } from '@sead/tasks';
import { useBackend } from './backend.js';
import { CheckpointError, modelFromCheckpoint, parseCheckpoint, toCheckpoint } from './checkpoint.js';
import { parameterCount } from './config.js';
import { SeadModel } from './model.js';
import { predictMany } from './predict.js';
import { SMALL, smallFor } from './test-models.js';

beforeAll(async () => {
  await useBackend('cpu');
});

function savedParity() {
  const model = SeadModel.create(parity, smallFor(parity), 'continuous', 8);
  const text = JSON.stringify(toCheckpoint(model, { regime: 'relax', seed: 8, iterations: 3, seconds: 0.5, validation: { '64': 0.5 } }));
  return { model, text };
}

describe('checkpoints', () => {
  it('round-trip: the loaded model predicts exactly as the saved one', () => {
    const { model, text } = savedParity();
    const checkpoint = parseCheckpoint(text, 'mem.json', parity);
    expect(checkpoint).toMatchObject({ format: 'sead-checkpoint', version: 1, task: 'parity', parameters: 97 });
    expect(checkpoint.training).toMatchObject({ regime: 'relax', seed: 8 });
    const loaded = modelFromCheckpoint(checkpoint);
    const instances = ['0110', '1', '111000111', '1011011101111'].map((bits) => ({ bits }));
    expect(predictMany(loaded, parity, instances).map((p) => [p.output, p.steps])).toEqual(
      predictMany(model, parity, instances).map((p) => [p.output, p.steps]),
    );
    model.dispose();
    loaded.dispose();
  });

  it('counts parameters as the paper does (90 for C=2, E=2, H=4, r=1 on bits)', () => {
    expect(parameterCount({ channels: 2, embedding: 2, hidden: 4, radius: 1, features: 2, mode: 'continuous', epsilon: 1e-4 })).toBe(90);
  });

  it.each([
    ['truncated', (t: string) => t.slice(0, t.length / 2), /not valid JSON \(truncated or corrupt\?\)/],
    ['not JSON', () => 'hello', /not valid JSON/],
    ['not an object', () => '[1,2]', /is not a JSON object/],
    ['another format', (t: string) => t.replace('"sead-checkpoint"', '"keras"'), /is not a SEAD checkpoint/],
    ['a future version', (t: string) => t.replace('"version":1', '"version":9'), /has version 9; this SEAD reads version 1/],
    ['a bad config', (t: string) => t.replace('"hidden":4', '"hidden":-4'), /config.hidden must be an integer from 1 to 4096, got -4/],
    ['a missing weight', (t: string) => t.replace('"W2":', '"W9":'), /weight W2 is missing/],
    ['a short weight', (t: string) => t.replace(/"bh":\[[^\]]*\]/, '"bh":[0]'), /weight bh has 1 values, its shape \[3\] needs 3/],
    ['a non-number weight', (t: string) => t.replace(/"bh":\[[^,]*,/, '"bh":["x",'), /weight bh holds a value that is not a finite number/],
  ])('rejects %s with a one-line error naming the file', (_name, corrupt, message) => {
    const { model, text } = savedParity();
    model.dispose();
    const attempt = () => parseCheckpoint(corrupt(text), 'model.json', parity);
    expect(attempt).toThrow(CheckpointError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(/^checkpoint model\.json/);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('rejects a checkpoint of another task', () => {
    const { model, text } = savedParity();
    model.dispose();
    expect(() => parseCheckpoint(text, 'p.json', addition)).toThrow(/was trained for task "parity", not "addition"/);
  });

  it('rejects a discrete checkpoint whose channels do not fit the task', () => {
    const model = SeadModel.create(rule110, SMALL, 'discrete', 1);
    const checkpoint = toCheckpoint(model);
    model.dispose();
    const bent = JSON.stringify({ ...checkpoint, task: 'addition' });
    expect(() => parseCheckpoint(bent, 'r.json', addition)).toThrow(/reads 1 input features but task "addition" has 3/);
  });
});
