import { beforeAll, describe, expect, it } from 'vitest';
import { predictMany } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { addition, defineTask, parity, rule110, seededRandom } from '@sead/tasks';
import { train } from '../train.js';
import { readoutCell } from './relax.js';

beforeAll(async () => {
  await useNodeBackend();
});

describe('relax training (relax-and-project, from examples alone)', () => {
  it('learns parity as a discrete model that is exact far beyond training and changes each cell once', async () => {
    const result = await train({ task: parity, regime: 'relax', ignoreRule: true, seed: 7, trainLengths: [2, 16], validationLengths: [64], maxIterations: 3000 });
    expect(result.solved).toBe(true);
    expect(result.model.config.mode).toBe('discrete');
    expect(result.checkpoint.training).toMatchObject({ regime: 'relax', ignoreRule: true, solved: true });
    // The coverage search ran, and every instance it kept was answered exactly.
    expect(result.coverage!.searched).toBeGreaterThan(0);
    expect(result.coverage!.correct).toBe(result.coverage!.kept);
    // Far beyond the training lengths, on the sparse engine (its compiled table), as `sead predict` runs it.
    const random = seededRandom(2024);
    const instances = [...Array.from({ length: 8 }, () => parity.random(4096, random)), ...parity.adversarial(4096).map((a) => a.instance)];
    const answers = predictMany(result.model, parity, instances, { engine: 'sparse' });
    answers.forEach((p, k) => expect(p.converged && p.output === parity.solve(instances[k]), `instance ${k}`).toBe(true));
    // Quiet: a cell waits on "?" until its left neighbour knows, then takes its value once; the
    // engine computes a few cells per step around the front, not the whole lattice.
    for (const { run } of answers) expect(run.updates / 4096).toBeLessThan(4);
    // The reference was consulted after training, for the report only.
    expect(['exact', 'differs']).toContain(result.certification.status);
    result.model.dispose();
  }, 60_000);

  it('learns Rule 110 from (row, K, row after K) examples through the K projected steps', async () => {
    const result = await train({ task: rule110, regime: 'relax', ignoreRule: true, seed: 1 });
    expect(result.solved).toBe(true);
    // The rule learned from examples is the reference rule on every neighbourhood.
    expect(result.certification).toMatchObject({ status: 'exact', reference: { mismatches: 0 } });
    result.model.dispose();
  }, 60_000);

  it('never reads the rule while it trains with ignoreRule: a task whose rule throws trains', async () => {
    let reads = 0;
    const throwing = defineTask({
      ...parity,
      id: 'parity-rule-throws',
      rule: {
        radius: 1,
        next() {
          reads++;
          throw new Error('the rule was read');
        },
      },
    });
    const result = await train({ task: throwing, regime: 'relax', ignoreRule: true, seed: 7, trainLengths: [2, 16], validationLengths: [64], maxIterations: 3000 });
    expect(result.solved).toBe(true);
    // Only the report, once training had ended, asked the rule; the trainer says what came of it.
    expect(reads).toBe(1);
    expect(result.certification).toEqual({ status: 'not-certified', why: 'comparing with the reference rule failed: the rule was read' });
    result.model.dispose();
  }, 60_000);

  it('says why a rule cannot be certified, and does not call such a run solved for a task with a rule', async () => {
    const result = await train({ task: parity, regime: 'relax-continuous', seed: 7, trainLengths: [2, 16], validationLengths: [64], maxIterations: 3000 });
    expect(result.validated).toBe(true);
    expect(result.solved).toBe(false);
    expect(result.certification).toEqual({ status: 'not-certified', why: 'a continuous model has no table to compare' });
    // From examples alone, validation is what "solved" means, and the report says the same.
    const examples = await train({ task: parity, regime: 'relax-continuous', ignoreRule: true, seed: 7, trainLengths: [2, 16], validationLengths: [64], maxIterations: 3000 });
    expect(examples).toMatchObject({ solved: true, validated: true, certification: { status: 'not-certified' } });
    result.model.dispose();
    examples.model.dispose();
  }, 60_000);
});

describe('readout supervision', () => {
  it('supervises the cell the task designates, counted from either end', () => {
    expect(readoutCell(parity, 10)).toBe(9);
    expect(readoutCell(defineTask({ ...parity, id: 'first', readout: { cell: 0 } }), 10)).toBe(0);
    expect(() => readoutCell(addition, 10)).toThrow('task "addition" reads its answer from every cell; readout supervision needs a task that designates one');
    expect(() => readoutCell(defineTask({ ...parity, id: 'far', readout: { cell: 12 } }), 10)).toThrow('task "far": readout.cell 12 lies outside a lattice of 10 cells');
  });
});
