import { beforeAll, describe, expect, it } from 'vitest';
import { SeadModel } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { rule110, type Task } from '@sead/tasks';
import { certification, certificationProblem } from './certify.js';

beforeAll(async () => {
  await useNodeBackend();
});

describe('certification against a reference rule of another radius', () => {
  it('is not attempted where the model reads fewer cells than the rule', () => {
    // Rule 110 declared over radius 2 (it still reads only the centre three of its five cells).
    const wide: Task = { ...rule110, rule: { radius: 2, next: (t, s) => rule110.rule!.next(Array.from(t).slice(1, 4), Array.from(s).slice(1, 4)) } };
    const model = SeadModel.create(wide, { channels: 2, embedding: 1, hidden: 2, radius: 1 }, 'discrete', 1);
    try {
      expect(certificationProblem(model, wide)).toBe("the model reads 1 cell on each side, fewer than the reference rule's 2");
      expect(certification(model, wide)).toEqual({ status: 'not-certified', why: "the model reads 1 cell on each side, fewer than the reference rule's 2" });
    } finally {
      model.dispose();
    }
  });

  it('is made on the rule’s own window where the model reads more', () => {
    const model = SeadModel.create(rule110, { channels: 2, embedding: 1, hidden: 2, radius: 2 }, 'discrete', 1);
    try {
      expect(certificationProblem(model, rule110)).toBeUndefined();
      // An untrained model differs from the reference; what matters is that the comparison is made.
      expect(certification(model, rule110).status).toMatch(/^(exact|differs)$/);
    } finally {
      model.dispose();
    }
  });
});
