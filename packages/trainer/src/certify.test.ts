import { describe, expect, it } from 'vitest';
import type { Certificate, ReferenceCheck } from '@sead/core';
import { certificationOf, isCertified } from './certify.js';

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
