import { SeadModel } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { parity, rule110 } from '@sead/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { rolloutAgreement } from './rollout.js';
import { identityModel, parityModel, rule110Model, spreadModel } from './test-models.js';
import { bitTask } from './test-tasks.js';

beforeAll(async () => {
  await useNodeBackend();
});

const spread = bitTask({ id: 'spread', rule: 'spread' });
const identity = bitTask({ id: 'identity', rule: 'identity' });

describe('rolloutAgreement', () => {
  it('matches every step of a model that runs the rule, including the step that confirms the fixed point', () => {
    // 1000 → 1100 → 1110 → 1111, which the model recognises at step 3 by computing step 4.
    expect(rolloutAgreement(spreadModel(spread), spread, { bits: '1000' })).toEqual({ steps: 4, agreeingSteps: 4, firstMismatch: null });
    expect(rolloutAgreement(identityModel(identity), identity, { bits: '0110' })).toEqual({ steps: 1, agreeingSteps: 1, firstMismatch: null });
  });

  it('reports where a model that freezes leaves a rule that moves', () => {
    // The identity model stops at once; the rule would turn cell 2 on at step 1.
    expect(rolloutAgreement(identityModel(spread), spread, { bits: '0100' })).toEqual({ steps: 1, agreeingSteps: 0, firstMismatch: { step: 1, cell: 2 } });
  });

  it('follows a hand-built Rule 110 model step by step, and catches a random one', () => {
    const instance = { cells: '01101110001011010110111000101101', steps: 32 };
    expect(rolloutAgreement(rule110Model(rule110), rule110, instance)).toEqual({ steps: 32, agreeingSteps: 32, firstMismatch: null });
    const random = SeadModel.create(rule110, rule110.recipe!.model, 'discrete', 7);
    const agreement = rolloutAgreement(random, rule110, instance);
    expect(agreement.steps).toBe(32);
    expect(agreement.firstMismatch).not.toBeNull();
    expect(agreement.agreeingSteps).toBeLessThan(32);
  });

  it('agrees with a hand-built parity model on a fixed-point task', () => {
    const agreement = rolloutAgreement(parityModel(parity), parity, { bits: '1101001110' });
    expect(agreement.firstMismatch).toBeNull();
    expect(agreement.agreeingSteps).toBe(agreement.steps);
    expect(agreement.steps).toBeGreaterThan(1);
  });

  it('refuses continuous models and tasks without a rule, saying which', () => {
    const continuous = SeadModel.create(parity, parity.recipe!.model, 'continuous', 0);
    expect(() => rolloutAgreement(continuous, parity, { bits: '101' })).toThrow(/needs a discrete model.*continuous/);
    const ruleless = bitTask({ id: 'ruleless', rule: 'spread', withoutRule: true });
    expect(() => rolloutAgreement(spreadModel(ruleless), ruleless, { bits: '101' })).toThrow(/task "ruleless" has no reference rule/);
  });
});
