import { beforeAll, describe, expect, it } from 'vitest';
import { addition, parity, rule110 } from '@sead/tasks';
import { useBackend } from '../backend.js';
import { CheckpointError, checkpointIntegrity, MAX_CHECKPOINT_BYTES, modelFromCheckpoint, parseCheckpoint, toCheckpoint, validateCheckpoint } from './checkpoint.js';
import { parameterCount } from '../model/config.js';
import { SeadModel } from '../model/model.js';
import { predictMany } from '../predict.js';
import { SMALL, smallFor } from '../test-models.js';

beforeAll(async () => {
  await useBackend('cpu');
});

function savedParity() {
  const model = SeadModel.create(parity, smallFor(parity), 'continuous', 8);
  const text = JSON.stringify(toCheckpoint(model, { regime: 'relax', seed: 8, iterations: 3, seconds: 0.5, validation: { '64': 0.5 } }));
  return { model, text };
}

/** A well-formed certificate, for checkpoints that should not carry one. */
const CERTIFICATE = { neighbourhoods: 294, minMargin: 0.5, tableEqualsNetwork: true, reachable: 100, reference: null };

describe('checkpoints', () => {
  it('round-trip: the loaded model predicts exactly as the saved one', () => {
    const { model, text } = savedParity();
    const checkpoint = parseCheckpoint(text, 'mem.json', parity);
    expect(checkpoint).toMatchObject({ format: 'sead-checkpoint', version: 2, task: 'parity', parameters: 97, digest: expect.stringMatching(/^fnv1a64:/) });
    expect(checkpointIntegrity(checkpoint).status).toBe('sealed');
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
    ['a future version', (t: string) => t.replace('"version":2', '"version":9'), /has version 9; this SEAD reads version 2$/],
    ['a bad config', (t: string) => t.replace('"hidden":4', '"hidden":-4'), /config.hidden must be an integer from 1 to 4096, got -4/],
    ['a missing weight', (t: string) => t.replace('"W2":', '"W9":'), /weight W2 is missing/],
    ['a short weight', (t: string) => t.replace(/"bh":\[[^\]]*\]/, '"bh":[0]'), /weight bh has 1 values, its shape \[3\] needs 3/],
    ['a non-number weight', (t: string) => t.replace(/"bh":\[[^,]*,/, '"bh":["x",'), /weight bh\[0\] is "x", not a finite number$/],
    ['a weight written as a string', (t: string) => t.replace(/"b2":\[[^,]*,[^,]*,/, '"b2":[0,"NaN",'), /weight b2\[1\] is "NaN", not a finite number$/],
    ['a weight beyond float32', (t: string) => t.replace(/"W1":\[[^,]*,[^,]*,/, '"W1":[0,1e39,'), /weight W1\[1\] is 1e\+39, beyond float32's range \(largest magnitude 3.4028234663852886e\+38\)$/],
    ['an edited weight', (t: string) => t.replace(/"W2":\[[^,]*,/, '"W2":[0.5,'), /: config and weights do not match their digest: edited or corrupted \(pass --allow-edited to load a hand-edited checkpoint on purpose\)$/],
    ['a changed epsilon', (t: string) => t.replace('"epsilon":0.0001', '"epsilon":0.01'), /: config and weights do not match their digest: edited or corrupted/],
    ['no digest', (t: string) => t.replace(/"digest":"[^"]*",/, ''), /: has no digest of its config and weights: edited or corrupted \(pass --allow-edited/],
    ['a malformed digest', (t: string) => t.replace(/"digest":"[^"]*"/, '"digest":"md5:00"'), /: digest must be "fnv1a64:" and 16 hexadecimal digits, got "md5:00"$/],
    ['version 1, without a digest', (t: string) => t.replace('"version":2', '"version":1').replace(/"digest":"[^"]*",/, ''), /: has version 1, which carries no digest of its config and weights, so an edit or corruption could not be detected \(pass --allow-edited to load it on purpose\)$/],
    ['a certificate on a continuous model', (t: string) => t.replace('"training":', `"certificate":${JSON.stringify({ ...CERTIFICATE, weightsHash: JSON.parse(t).digest })},"training":`), /: carries a certificate, but a continuous model has no table to certify$/],
    ['a malformed certificate', (t: string) => t.replace('"training":', '"certificate":{},"training":'), /: certificate\.weightsHash must be "fnv1a64:" and 16 hexadecimal digits, got undefined$/],
    ['training that is not an object', (t: string) => t.replace(/"training":.*$/, '"training":[1]}'), /: training must be an object$/],
    ['too deep', () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`, /^checkpoint model\.json nests arrays and objects more than 16 deep \(at character 16\); a checkpoint needs 6: corrupt, or not a checkpoint$/],
    // repeat() builds the string as a rope: its length is known without 128 MiB of memory.
    ['too long', () => ' '.repeat(MAX_CHECKPOINT_BYTES + 1), new RegExp(`^checkpoint model\\.json is ${MAX_CHECKPOINT_BYTES + 1} characters long; a checkpoint is at most ${MAX_CHECKPOINT_BYTES} `)],
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

  it('loads an edited or unsealed checkpoint with allowEdited, and says its weights are not the ones described', () => {
    const { model, text } = savedParity();
    model.dispose();
    const edited = parseCheckpoint(text.replace(/"W2":\[[^,]*,/, '"W2":[0.5,'), 'e.json', parity, { allowEdited: true });
    expect(edited.weights.W2[0]).toBe(0.5);
    expect(checkpointIntegrity(edited)).toMatchObject({ status: 'edited', digest: JSON.parse(text).digest });
    expect(checkpointIntegrity(edited).weightsHash).not.toBe(JSON.parse(text).digest);
    const old = parseCheckpoint(text.replace('"version":2', '"version":1').replace(/"digest":"[^"]*",/, ''), 'v1.json', parity, { allowEdited: true });
    expect(checkpointIntegrity(old)).toMatchObject({ status: 'unsealed', digest: null });
    // Setting version 1 does not hide an edit from a reader: the file is still unsealed, never sealed.
    const relabelled = parseCheckpoint(text.replace('"version":2', '"version":1'), 'v1-digest.json', parity, { allowEdited: true });
    expect(checkpointIntegrity(relabelled).status).toBe('unsealed');
    // What no flag excuses: a weight float32 cannot hold.
    expect(() => parseCheckpoint(text.replace(/"W1":\[[^,]*,/, '"W1":[-1e39,'), 'e.json', parity, { allowEdited: true })).toThrow(/weight W1\[0\] is -1e\+39, beyond float32's range/);
  });

  it('takes any weight float32 holds, up to its largest magnitude', () => {
    const { model, text } = savedParity();
    model.dispose();
    const json = JSON.parse(text);
    json.weights.bh[0] = 3.4028234663852886e38;
    json.weights.bh[1] = -1.401298464324817e-45;
    expect(() => validateCheckpoint(json, 'big.json', parity, { allowEdited: true })).not.toThrow();
    json.weights.bh[0] = 3.4028236e38;
    expect(() => validateCheckpoint(json, 'big.json', parity, { allowEdited: true })).toThrow(/weight bh\[0\] is 3.4028236e\+38, beyond float32's range/);
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
