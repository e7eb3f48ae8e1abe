import { beforeAll, describe, expect, it } from 'vitest';
import { SeadModel, type Certificate, type ReferenceCheck } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { rule110, type Task } from '@sead/tasks';
import { certification, certificationOf, certificationProblem, isCertified } from './certify.js';

beforeAll(async () => {
  await useNodeBackend();
});

const differs: ReferenceCheck = { exact: false, mismatches: 3, differences: [], unreachableMismatches: 0, settledMismatches: 0, relabelling: null, restsAgree: true, maxChanges: null };

function certificate(reference: ReferenceCheck, tableEqualsNetwork = true): Certificate & { reference: ReferenceCheck } {
  return { weightsHash: 'fnv1a64:0000000000000000', neighbourhoods: 100, minMargin: 1, tableEqualsNetwork, reachable: 40, reference };
}

describe('certificationOf', () => {
  it('certifies a rule that is the reference with passed-through symbols renamed', () => {
    const c = certificationOf(certificate({ ...differs, relabelling: [0, 2, 1], restsAgree: null }));
    expect(c.status).toBe('equivalent');
    expect(isCertified(c)).toBe(true);
  });

  it('certifies the same answers where the resting lattices agree and every run comes to rest', () => {
    const c = certificationOf(certificate({ ...differs, maxChanges: 2 }));
    expect(c.status).toBe('same-answers');
    expect(isCertified(c)).toBe(true);
  });

  it('does not certify a rule whose resting lattices agree with the reference where that its runs all come to rest is not proven', () => {
    const c = certificationOf(certificate(differs));
    expect(c.status).toBe('differs');
    expect(isCertified(c)).toBe(false);
  });

  it('does not certify a renaming the float32 network may not follow', () => {
    const c = certificationOf(certificate({ ...differs, relabelling: [0, 2, 1], restsAgree: null }, false));
    expect(c).toMatchObject({ status: 'not-certified', why: expect.stringMatching(/^the table is the reference with symbols renamed, but .* too thin/) });
    expect(isCertified(c)).toBe(false);
  });
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
      expect(certification(model, rule110).status).toMatch(/^(exact|equivalent|same-answers|differs)$/);
    } finally {
      model.dispose();
    }
  });
});
