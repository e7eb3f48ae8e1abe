import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { addition, parity, rule110, seededRandom, type Task } from '@sead/tasks';
import { registerBackendLoader, useBackend, availableBackends } from './backend.js';
import { SeadModel, type ModelShape } from './model/model.js';
import { predictMany } from './predict.js';
import type { StateMode } from './model/config.js';
import { SeadRelaxStep, SeadStep } from './kernels/sead-step.js';
import { registerJsStepKernel } from './kernels/sead-step-js.js';

registerBackendLoader('wasm', () => import('@tensorflow/tfjs-backend-wasm'));
registerJsStepKernel('cpu');

const SHAPE: ModelShape = { channels: 2, embedding: 2, hidden: 4, radius: 1 };

/** Predictions of one model (same weights) for the same instances, on one backend. */
async function predictOn(backend: string, task: Task, mode: StateMode, seed: number, instances: unknown[]) {
  await useBackend(backend);
  const model = SeadModel.create(task, { ...SHAPE, channels: task.stateSymbols.length }, mode, seed);
  const out = predictMany(model, task, instances).map((p) => ({ output: p.output, steps: p.steps, outcome: p.outcome }));
  model.dispose();
  return out;
}

describe('backends', () => {
  it('lists registered backends and plugged-in loaders, and names an unknown backend', async () => {
    expect(availableBackends()).toEqual(expect.arrayContaining(['cpu', 'wasm']));
    await expect(useBackend('quantum')).rejects.toThrow(/unknown backend "quantum"; available: .*cpu/);
  });

  it('one model gives identical predictions on cpu (fused kernels and composite ops) and wasm', async () => {
    const random = seededRandom(17);
    const cases: Array<[Task, StateMode, unknown[]]> = [
      [parity, 'continuous', Array.from({ length: 8 }, () => parity.random(24, random))],
      [addition, 'discrete', [...Array.from({ length: 8 }, () => addition.random(20, random)), { a: '9'.repeat(20), b: '1' }]],
      [rule110, 'discrete', Array.from({ length: 4 }, () => rule110.random(30, random))],
    ];
    for (const [task, mode, instances] of cases) {
      const cpu = await predictOn('cpu', task, mode, 5, instances);
      const wasm = await predictOn('wasm', task, mode, 5, instances);
      expect(tf.getBackend()).toBe('wasm');
      expect(wasm).toEqual(cpu);
      for (const name of [SeadStep, SeadRelaxStep]) tf.unregisterKernel(name, 'cpu');
      try {
        expect(await predictOn('cpu', task, mode, 5, instances)).toEqual(cpu);
      } finally {
        registerJsStepKernel('cpu');
      }
    }
    await useBackend('cpu');
  });
});
