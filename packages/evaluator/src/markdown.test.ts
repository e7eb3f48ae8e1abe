import { describe, expect, it } from 'vitest';
import type { Certificate, ReferenceCheck } from '@sead/core';
import { certificateText, settledText } from './markdown.js';

const differs: ReferenceCheck = { exact: false, mismatches: 3, differences: [], unreachableMismatches: 0, settledMismatches: 0, relabelling: null, restsAgree: null, maxChanges: null };
const certificate = (reference: ReferenceCheck): Certificate => ({ weightsHash: 'fnv1a64:0000000000000000', neighbourhoods: 100, minMargin: 1, tableEqualsNetwork: true, reachable: 40, reference });

describe('what a certificate says of a rule that differs from the reference', () => {
  it('names the renaming that makes it the reference, and calls it exact at every length', () => {
    expect(certificateText(certificate({ ...differs, relabelling: [0, 2, 1] }))).toMatch(/^yes: .* renamed \(1→2, 2→1\) .* at every length$/);
  });

  it('says the answers agree wherever a run comes to rest, and that coming to rest is not proven', () => {
    const text = certificateText(certificate({ ...differs, restsAgree: true }));
    expect(text).toMatch(/^no: the learned rule differs from the reference rule on 3 of 40 reachable neighbourhoods/);
    expect(text).toContain("wherever its run comes to rest it has the reference's answer (that every run comes to rest is not proven: a cell may change back and forth)");
  });

  it('calls the answers the same where every run also comes to rest', () => {
    const text = certificateText(certificate({ ...differs, restsAgree: true, maxChanges: 2 }));
    expect(text).toMatch(/^yes, the same answers: the learned rule differs from the reference rule on 3 of 40 reachable neighbourhoods/);
    expect(text).toContain('a cell changes at most 2 times, so L cells rest within 2·L steps');
    expect(text).toMatch(/it gives the reference's answer on every input, at every length$/);
  });

  it('warns when a lattice it may rest on is not the reference answer, and when that was not compared', () => {
    expect(settledText({ ...differs, restsAgree: false })).toMatch(/differs from the reference's for the same tokens: its answer may differ$/);
    expect(settledText({ ...differs, settledMismatches: 2, restsAgree: false })).toMatch(/^, 2 of them where it may come to rest and the reference would not; /);
    expect(settledText(differs)).toMatch(/was not compared\)$/);
  });
});
