import { beforeAll, describe, expect, it } from 'vitest';
import { compiledRule, modelFromCheckpoint, parseCheckpoint, predictMany, type Checkpoint } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { addition, parity, rule110, seededRandom, type Task } from '@sead/tasks';
import { train, type TrainEvent } from './train.js';
import { validate } from './validate.js';

beforeAll(async () => {
  await useNodeBackend();
});

/** A checkpoint as it comes back from a file: its JSON, parsed and checked. */
const roundTrip = (checkpoint: Checkpoint, task: Task<any, any> = parity) => parseCheckpoint(JSON.stringify(checkpoint), 'a file', task);

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
    const loaded = roundTrip(result.checkpoint, addition);
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
    let halfway: Checkpoint | undefined;
    await train({ ...options, maxIterations: 20, onEvent: (e) => void (e.type === 'checkpoint' && e.iteration === 20 && (halfway = e.checkpoint)) });
    const resumed = await train({ ...options, resume: roundTrip(halfway!, rule110) });
    expect(resumed.iterations).toBe(straight.iterations);
    expect(resumed.solved).toBe(straight.solved);
    expect(resumed.model.weightArrays()).toEqual(straight.model.weightArrays());
  }, 60_000);
});

describe('resuming', () => {
  it('checks the progress a resumed run continues from, naming the field', async () => {
    const result = await train({ task: parity, seed: 1, maxIterations: 2, validationLengths: [8] });
    result.model.dispose();
    const corrupt = (edit: (progress: Record<string, any>) => void): Checkpoint => {
      const json = JSON.parse(JSON.stringify(result.checkpoint));
      edit(json.training.progress);
      return json;
    };
    const resume = (checkpoint: Checkpoint) => train({ task: parity, maxIterations: 3, resume: checkpoint });
    await expect(resume(corrupt((p) => delete p.optimizer))).rejects.toThrow('cannot resume from the checkpoint: training.progress.optimizer is not an object');
    await expect(resume(corrupt((p) => (p.optimizer.v[2][1] = 'x')))).rejects.toThrow('cannot resume from the checkpoint: training.progress.optimizer.v[2][1] must be a finite number, got "x"');
    await expect(resume(corrupt((p) => p.optimizer.m[0].pop()))).rejects.toThrow('cannot resume from the checkpoint: training.progress.optimizer.m[0] must hold 4 numbers');
    await expect(resume(corrupt((p) => (p.curriculum = 1.5)))).rejects.toThrow('cannot resume from the checkpoint: training.progress.curriculum must be an integer of at least 1, got 1.5');
    await expect(resume({ ...result.checkpoint, training: { ...result.checkpoint.training!, progress: 'x' } })).rejects.toThrow(
      'cannot resume from the checkpoint: training.progress is not an object',
    );
  });
});

describe('a budget that runs out', () => {
  // Seed 5 validates perfectly from iteration 350 on; the loss then stalls, and at iteration 744
  // a restart draws fresh weights, which the budget leaves no time to train.
  const options = { task: parity, regime: 'relax', seed: 5, trainLengths: [2, 6], validationLengths: [12], validationSize: 8, patience: 60, validateEvery: 10, searchBudget: 50 } as const;

  it('ends with the best-scoring weights validated, not the last; a restart keeps the curriculum', async () => {
    const events: TrainEvent[] = [];
    const result = await train({ ...options, maxIterations: 746, checkpointEvery: 1, onEvent: (e) => void events.push(e) });
    const validations = events.flatMap((e) => (e.type === 'validation' ? [e] : []));
    const perfect = (scores: { correct: number; total: number }[]) => scores.every((s) => s.correct === s.total);
    const restart = events.find((e) => e.type === 'restart');
    expect(restart?.iteration).toBe(744);
    expect(perfect(validations.at(-1)!.scores)).toBe(false);
    const best = validations.filter((v) => perfect(v.scores) && v.iteration < 744).at(-1)!;
    expect(result.solved).toBe(false);
    expect(result.scores).toEqual(best.scores);
    expect(result.checkpoint.training).toMatchObject({ keptFrom: best.iteration, iterations: 746 });
    // The weights kept are the ones that scored: they validate so again.
    expect(validate(result.model, parity, [12], 8, 5, 'sparse')).toEqual(best.scores);
    // After the restart, fresh weights train on at the longest length the curriculum had reached.
    const after = events.find((e) => e.type === 'checkpoint' && e.iteration === 745);
    expect(after?.type === 'checkpoint' && after.checkpoint.training?.progress).toMatchObject({ curriculum: 6, restarts: 1 });
  }, 60_000);
});

describe('options', () => {
  it('name the regime a task cannot take', async () => {
    await expect(train({ task: rule110, regime: 'relax-continuous' })).rejects.toThrow(/rollout from a discrete row; train it with --regime relax or chaos/);
    await expect(train({ task: parity, regime: 'chaos', ignoreRule: true })).rejects.toThrow(/chaos training imitates the reference rule that ignoreRule sets aside/);
    await expect(train({ task: parity, trainLengths: [8, 4] })).rejects.toThrow(/1 ≤ min ≤ max/);
  });
});
