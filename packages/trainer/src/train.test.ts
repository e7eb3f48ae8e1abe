import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointIntegrity, compiledRule, MAX_CHECKPOINT_BYTES, modelFromCheckpoint, predictMany, useBackend } from '@sead/core';
import { addition, parity, rule110, seededRandom } from '@sead/tasks';
import { loadCheckpoint, saveCheckpoint } from './checkpoint-file.js';
import { train, type TrainEvent } from './train.js';

let dir: string;
beforeAll(async () => {
  await useBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'sead-trainer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('chaos training', () => {
  it('learns addition from single-step transitions and is exact at 16× the training length', async () => {
    const events: TrainEvent[] = [];
    const result = await train({ task: addition, seed: 3, maxIterations: 1500, onEvent: (e) => void events.push(e) });
    expect(result.solved).toBe(true);
    expect(result.model.config.mode).toBe('discrete');
    expect(result.model.parameterCount).toBeLessThanOrEqual(99);
    const random = seededRandom(99);
    const instances = [...Array.from({ length: 16 }, () => addition.random(256, random)), ...addition.adversarial(256).map((a) => a.instance)];
    const out = predictMany(result.model, addition, instances);
    out.forEach((p, k) => expect(p.output).toBe(addition.solve(instances[k])));
    // 99…9 + 1: the carry crosses every cell, one per step.
    expect(out[16].steps).toBe(256);
    expect(events.some((e) => e.type === 'validation')).toBe(true);
    expect(events.at(-1)?.type).toBe('checkpoint');
    expect(result.checkpoint.training).toMatchObject({ regime: 'chaos', seed: 3, solved: true });
    // The certified rule's certificate travels with the weights, and holds when they are compiled again.
    expect(result.checkpoint.certificate).toMatchObject({ weightsHash: result.checkpoint.digest, reference: { exact: true, mismatches: 0 } });
    const path = join(dir, 'addition.json');
    await saveCheckpoint(path, result.checkpoint);
    const loaded = await loadCheckpoint(path, addition);
    const reloaded = modelFromCheckpoint(loaded);
    expect(compiledRule(reloaded, addition).certificate.reference).toEqual(loaded.certificate!.reference);
    reloaded.dispose();
  }, 60_000);
});

describe('determinism and resume', () => {
  const options = { task: rule110, seed: 5, maxIterations: 40, validateEvery: 1000, checkpointEvery: 20 } as const;

  it('gives the same weights for the same seed, different ones for another', async () => {
    const a = await train(options);
    const b = await train(options);
    const c = await train({ ...options, seed: 6 });
    expect(b.model.weightArrays()).toEqual(a.model.weightArrays());
    expect(c.model.weightArrays()).not.toEqual(a.model.weightArrays());
  }, 60_000);

  it('resumes from a checkpoint bit for bit', async () => {
    const straight = await train(options);
    let halfway: unknown;
    await train({ ...options, maxIterations: 20, onEvent: (e) => void (e.type === 'checkpoint' && e.iteration === 20 && (halfway = e.checkpoint)) });
    const path = join(dir, 'halfway.json');
    await saveCheckpoint(path, halfway as never);
    const resumed = await train({ ...options, resume: await loadCheckpoint(path, rule110) });
    expect(resumed.iterations).toBe(straight.iterations);
    expect(resumed.solved).toBe(straight.solved);
    expect(resumed.model.weightArrays()).toEqual(straight.model.weightArrays());
  }, 60_000);
});

describe('checkpoint files', () => {
  it('are written atomically and leave no temporary file behind', async () => {
    const result = await train({ task: parity, seed: 1, maxIterations: 2, validationLengths: [8] });
    const path = join(dir, 'parity.json');
    await writeFile(path, 'old contents');
    await saveCheckpoint(path, result.checkpoint);
    expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
    expect(JSON.parse(await readFile(path, 'utf8')).task).toBe('parity');
    await expect(loadCheckpoint(join(dir, 'nope.json'))).rejects.toThrow(/checkpoint .*nope\.json does not exist/);
    await expect(loadCheckpoint(path, addition)).rejects.toThrow(/trained for task "parity", not "addition"/);
  });

  it('refuse a file larger than any checkpoint before reading it', async () => {
    const path = join(dir, 'huge.json');
    // Sparse: the size is there, the bytes are not, and nothing reads them.
    await writeFile(path, '');
    await truncate(path, MAX_CHECKPOINT_BYTES + 1);
    await expect(loadCheckpoint(path, parity)).rejects.toThrow(`checkpoint ${path} is ${MAX_CHECKPOINT_BYTES + 1} bytes; a checkpoint is at most ${MAX_CHECKPOINT_BYTES} (128 MiB)`);
  });

  it('refuse a hand-edited checkpoint unless asked to load it, and then say it was edited', async () => {
    const result = await train({ task: parity, seed: 1, maxIterations: 2, validationLengths: [8] });
    result.model.dispose();
    const path = join(dir, 'edited.json');
    const json = JSON.parse(JSON.stringify(result.checkpoint));
    json.weights.bh[0] += 0.25;
    await writeFile(path, JSON.stringify(json));
    await expect(loadCheckpoint(path, parity)).rejects.toThrow(`checkpoint ${path}: config and weights do not match their digest: edited or corrupted`);
    const edited = await loadCheckpoint(path, parity, { allowEdited: true });
    expect(edited.weights.bh[0]).toBe(json.weights.bh[0]);
    expect(checkpointIntegrity(edited).status).toBe('edited');
  });

  it('check the progress a resumed run continues from, naming the file and the field', async () => {
    const result = await train({ task: parity, seed: 1, maxIterations: 2, validationLengths: [8] });
    result.model.dispose();
    const corrupt = async (name: string, edit: (progress: Record<string, any>) => void) => {
      const json = JSON.parse(JSON.stringify(result.checkpoint));
      edit(json.training.progress);
      const path = join(dir, `${name}.json`);
      await writeFile(path, JSON.stringify(json));
      return path;
    };
    const noOptimizer = await corrupt('no-optimizer', (p) => delete p.optimizer);
    await expect(loadCheckpoint(noOptimizer, parity)).rejects.toThrow(`checkpoint ${noOptimizer}: training.progress.optimizer is not an object`);
    const badMoment = await corrupt('bad-moment', (p) => (p.optimizer.v[2][1] = 'x'));
    await expect(loadCheckpoint(badMoment, parity)).rejects.toThrow(`checkpoint ${badMoment}: training.progress.optimizer.v[2][1] must be a finite number, got "x"`);
    const shortMoment = await corrupt('short-moment', (p) => p.optimizer.m[0].pop());
    await expect(loadCheckpoint(shortMoment, parity)).rejects.toThrow(`checkpoint ${shortMoment}: training.progress.optimizer.m[0] must hold 4 numbers`);
    const curriculum = await corrupt('curriculum', (p) => (p.curriculum = 1.5));
    await expect(loadCheckpoint(curriculum, parity)).rejects.toThrow(`checkpoint ${curriculum}: training.progress.curriculum must be an integer of at least 1, got 1.5`);
    // The API checks a checkpoint it is handed, too.
    await expect(train({ task: parity, resume: { ...result.checkpoint, training: { ...result.checkpoint.training!, progress: 'x' } } })).rejects.toThrow(
      'cannot resume from the checkpoint: training.progress is not an object',
    );
  });

  it('a failed write keeps the old checkpoint', async () => {
    const result = await train({ task: parity, seed: 1, maxIterations: 1, validationLengths: [8] });
    const missingDir = join(dir, 'no-such-dir', 'x.json');
    await expect(saveCheckpoint(missingDir, result.checkpoint)).rejects.toThrow();
    const path = join(dir, 'keep.json');
    await saveCheckpoint(path, result.checkpoint);
    const before = await readFile(path, 'utf8');
    const circular = { ...result.checkpoint } as Record<string, unknown>;
    circular.self = circular;
    await expect(saveCheckpoint(path, circular as never)).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe(before);
  });
});

describe('options', () => {
  it('name the regime a task cannot take', async () => {
    await expect(train({ task: rule110, regime: 'relax' })).rejects.toThrow(/rollout; train it with --regime chaos/);
    await expect(train({ task: parity, trainLengths: [8, 4] })).rejects.toThrow(/1 ≤ min ≤ max/);
  });
});
