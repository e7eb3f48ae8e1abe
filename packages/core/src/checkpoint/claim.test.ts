import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parity, rule110 } from '@sead/tasks';
import { useBackend } from '../backend.js';
import { CheckpointError, modelFromCheckpoint, parseCheckpoint, toCheckpoint, type Checkpoint } from './checkpoint.js';
import { compileRule } from '../compile/compile.js';
import { compiledRule } from '../compile/compiled-rule.js';
import { SeadModel } from '../model/model.js';
import { smallFor } from '../test-models.js';

beforeAll(async () => {
  await useBackend('cpu');
});

/** A sealed checkpoint of an untrained discrete parity model, with its certificate: not exact. */
function certifiedText(seed = 3): string {
  const model = SeadModel.create(parity, smallFor(parity), 'discrete', seed);
  const text = JSON.stringify(toCheckpoint(model, undefined, compileRule(model, parity).certificate));
  model.dispose();
  return text;
}

/** The checkpoint with its certificate changed by `edit`, loaded (the digest still holds). */
function withCertificate(edit: (certificate: Record<string, any>) => void): Checkpoint {
  const json = JSON.parse(certifiedText());
  edit(json.certificate);
  return parseCheckpoint(JSON.stringify(json), 'c.json', parity);
}

/** The first error of compiling the checkpoint's model and reading its whole certificate. */
function recheck(checkpoint: Checkpoint): unknown {
  const model = modelFromCheckpoint(checkpoint);
  try {
    return JSON.parse(JSON.stringify(compiledRule(model, parity).certificate));
  } catch (error) {
    return error;
  } finally {
    model.dispose();
  }
}

describe("a checkpoint's certificate", () => {
  it('is written with the weights and holds when they are compiled again', () => {
    const text = certifiedText();
    const checkpoint = parseCheckpoint(text, 'c.json', parity);
    expect(checkpoint.certificate).toMatchObject({ weightsHash: checkpoint.digest, reference: { exact: false } });
    expect(recheck(checkpoint)).toEqual(JSON.parse(text).certificate);
  });

  it.each([
    ['claims exact', (c: Record<string, any>) => (c.reference = { exact: true, mismatches: 0, differences: [], unreachableMismatches: c.reference.unreachableMismatches }), /^checkpoint c\.json: the certificate claims exact, the weights are not \(their rule differs from the reference on \d+ neighbourhoods?\): edited or corrupted$/],
    ['hides mismatches', (c: Record<string, any>) => (c.reference.mismatches = 1), /^checkpoint c\.json: the certificate claims that the rule differs from the reference on 1 neighbourhood, the weights' on \d+ neighbourhoods?: edited or corrupted$/],
    ['moves a difference', (c: Record<string, any>) => (c.reference.differences[0].network = 9), /the certificate claims other differences from the reference than the weights have: edited or corrupted$/],
    ['hides unreachable mismatches', (c: Record<string, any>) => (c.reference.unreachableMismatches += 1), /the certificate claims that the rule differs from the reference on \d+ neighbourhoods? no run meets, the weights' on \d+ neighbourhoods?: edited or corrupted$/],
    ['claims a renaming of symbols', (c: Record<string, any>) => (c.reference.relabelling = [0, 2, 1]), /the certificate claims that renaming symbols by \[0, 2, 1\] makes the rule the reference's, the weights' by none: edited or corrupted$/],
    ['flips whether the resting lattices agree', (c: Record<string, any>) => (c.reference.restsAgree = c.reference.restsAgree === false), /the certificate claims that its resting lattices (are|may differ from) the reference's, the weights' (are|may differ from) the reference's: edited or corrupted$/],
    ['reaches more', (c: Record<string, any>) => (c.reachable += 1), /^checkpoint c\.json: the certificate claims \d+ reachable neighbourhoods, the weights' table reaches \d+: edited or corrupted$/],
    ['widens the margin', (c: Record<string, any>) => (c.minMargin += 1), /^checkpoint c\.json: the certificate claims a smallest logit margin of [\d.e+-]+, the weights' is [\d.e+-]+: edited or corrupted$/],
    ['flips the table-equals-network verdict', (c: Record<string, any>) => (c.tableEqualsNetwork = !c.tableEqualsNetwork), /^checkpoint c\.json: the certificate claims the table (equals|may differ from) the network/],
    ['counts other neighbourhoods', (c: Record<string, any>) => (c.neighbourhoods += 1), /^checkpoint c\.json: the certificate claims 295 neighbourhoods, the weights' table has 294: edited or corrupted$/],
  ])('that %s is a CheckpointError naming the file when the table is compiled', (_name, edit, message) => {
    const error = recheck(withCertificate(edit));
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(message);
  });

  it('keeps the reference check lazy: running the compiled table does not compute it', () => {
    const model = modelFromCheckpoint(withCertificate((c) => (c.reference = { exact: true, mismatches: 0, differences: [], unreachableMismatches: c.reference.unreachableMismatches })));
    const rule = compiledRule(model, parity);
    // The table's own facts were held at once; the lie about the reference surfaces when it is read.
    expect(rule.certificate.neighbourhoods).toBe(294);
    expect(() => rule.certificate.reference).toThrow(/claims exact, the weights are not/);
    model.dispose();
  });

  it('must speak for the weights it comes with', () => {
    const json = JSON.parse(certifiedText());
    json.certificate.weightsHash = JSON.parse(certifiedText(4)).digest;
    expect(() => parseCheckpoint(JSON.stringify(json), 'c.json', parity)).toThrow(/^checkpoint c\.json: the certificate speaks for weights fnv1a64:[0-9a-f]{16}, not these \(fnv1a64:[0-9a-f]{16}\): edited or corrupted/);
  });

  it.each([
    ['a string margin', (c: Record<string, any>) => (c.minMargin = '1'), /certificate\.minMargin must be a finite number, got "1"$/],
    ['no verdict', (c: Record<string, any>) => delete c.tableEqualsNetwork, /certificate\.tableEqualsNetwork must be true or false, got undefined$/],
    ['a negative count', (c: Record<string, any>) => (c.reference.mismatches = -1), /certificate\.reference\.mismatches must be an integer of at least 0, got -1$/],
    ['a reference that is not an object', (c: Record<string, any>) => (c.reference = 'exact'), /certificate\.reference is not an object$/],
  ])('is refused on load when malformed: %s', (_name, edit, message) => {
    expect(() => withCertificate(edit)).toThrow(message);
  });

  it('says nothing about weights trained after loading, nor about an edited checkpoint loaded on purpose', () => {
    const checkpoint = withCertificate((c) => (c.minMargin += 1));
    const model = modelFromCheckpoint(checkpoint);
    model.weights.bh.assign(tf.add(model.weights.bh, 0.5));
    expect(() => compiledRule(model, parity)).not.toThrow();
    model.dispose();
    const json = JSON.parse(certifiedText());
    json.weights.bh[0] += 0.5;
    json.certificate.minMargin += 1;
    const edited = modelFromCheckpoint(parseCheckpoint(JSON.stringify(json), 'e.json', parity, { allowEdited: true }));
    expect(() => compiledRule(edited, parity).certificate.reference).not.toThrow();
    edited.dispose();
  });

  it('holds for a checkpoint written by toCheckpoint and never parsed, naming its task', () => {
    const model = SeadModel.create(rule110, smallFor(rule110), 'discrete', 1);
    const checkpoint = toCheckpoint(model, undefined, compileRule(model, rule110).certificate);
    model.dispose();
    const loaded = modelFromCheckpoint({ ...checkpoint, certificate: { ...checkpoint.certificate!, neighbourhoods: 1 } });
    expect(() => compiledRule(loaded, rule110)).toThrow(/^checkpoint of task "rule110": the certificate claims 1 neighbourhoods/);
    loaded.dispose();
  });
});
