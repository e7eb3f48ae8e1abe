import { mkdir, mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledRule, MAX_CHECKPOINT_BYTES, SeadModel, toCheckpoint } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { parity } from '@sead/tasks';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { expectOneError, jsonLines, sead } from './test-cli.js';

const fixtures = inject('fixtures');
const INPUT = '{"bits":"1111111"}\n';

let dir: string;
/** The trained parity fixture: sealed, with the certificate of an exact rule. */
let sealed: string;
/** A sealed checkpoint of an untrained discrete parity model, with its honest certificate: not exact. */
let inexact: string;

beforeAll(async () => {
  await useNodeBackend();
  dir = await mkdtemp(join(tmpdir(), 'sead-cli-integrity-'));
  sealed = await readFile(fixtures.parity, 'utf8');
  const model = SeadModel.create(parity, { channels: 3, embedding: 2, hidden: 4, radius: 1 }, 'discrete', 3);
  inexact = JSON.stringify(toCheckpoint(model, undefined, compiledRule(model, parity).certificate));
  model.dispose();
});

/** The checkpoint as JSON, changed by `edit`, as text. */
function edited(text: string, edit: (json: Record<string, any>) => void): string {
  const json = JSON.parse(text);
  edit(json);
  return JSON.stringify(json);
}

/** Writes a corrupted checkpoint and returns its path. */
async function corruption(name: string, make: () => string | Promise<string>): Promise<string> {
  const path = join(dir, `${name.replace(/\W+/g, '-')}.json`);
  await writeFile(path, await make());
  return path;
}

type Corruption = readonly [name: string, make: () => string, message: RegExp];

/** Every way a checkpoint goes bad that a load must catch, with the one line it must get. */
const corpus: readonly Corruption[] = [
  ['a weight beyond float32', () => edited(sealed, (j) => (j.weights.W1[3] = 1e39)), /: weight W1\[3\] is 1e\+39, beyond float32's range \(largest magnitude 3\.4028234663852886e\+38\)$/],
  ['a weight written "NaN"', () => edited(sealed, (j) => (j.weights.bh[0] = 'NaN')), /: weight bh\[0\] is "NaN", not a finite number$/],
  ['a weight written "Infinity"', () => edited(sealed, (j) => (j.weights.Wh[5] = '-Infinity')), /: weight Wh\[5\] is "-Infinity", not a finite number$/],
  ['a weight that is null', () => edited(sealed, (j) => (j.weights.We[1] = null)), /: weight We\[1\] is null, not a finite number$/],
  ['an in-range weight edit', () => edited(sealed, (j) => (j.weights.W2[7] += 0.125)), /: config and weights do not match their digest: edited or corrupted \(pass --allow-edited to load a hand-edited checkpoint on purpose\)$/],
  ['a flipped mode', () => edited(sealed, (j) => (j.config.mode = 'continuous')), /: config and weights do not match their digest: edited or corrupted/],
  ['a changed epsilon', () => edited(sealed, (j) => (j.config.epsilon = 0.5)), /: config and weights do not match their digest: edited or corrupted/],
  ['a removed digest', () => edited(sealed, (j) => delete j.digest), /: has no digest of its config and weights: edited or corrupted \(pass --allow-edited/],
  ['version 1 without a digest', () => edited(sealed, (j) => ((j.version = 1), delete j.digest)), /: has version 1, which carries no digest of its config and weights, so an edit or corruption could not be detected \(pass --allow-edited to load it on purpose\)$/],
  ['an edit resealed as version 1', () => edited(sealed, (j) => ((j.version = 1), (j.weights.W2[7] += 0.125))), /: has version 1, which carries no digest/],
  ['a future version', () => edited(sealed, (j) => (j.version = 3)), /: has version 3; this SEAD reads version 2$/],
  ['a certificate for other weights', () => edited(sealed, (j) => (j.certificate.weightsHash = JSON.parse(inexact).digest)), /: the certificate speaks for weights fnv1a64:[0-9a-f]{16}, not these \(fnv1a64:[0-9a-f]{16}\): edited or corrupted/],
  ['a certificate with a wider margin', () => edited(sealed, (j) => (j.certificate.minMargin *= 2)), /: the certificate claims a smallest logit margin of [\d.e+-]+, the weights' is [\d.e+-]+: edited or corrupted$/],
  ['a certificate with a malformed count', () => edited(sealed, (j) => (j.certificate.neighbourhoods = '294')), /: certificate\.neighbourhoods must be an integer of at least 1, got "294"$/],
  ['a missing weight', () => edited(sealed, (j) => delete j.weights.W2), /: weight W2 is missing$/],
  ['a short weight', () => edited(sealed, (j) => j.weights.bh.pop()), /: weight bh has 2 values, its shape \[3\] needs 3$/],
  ['a config beyond its limits', () => edited(sealed, (j) => (j.config.hidden = 1e6)), /: config\.hidden must be an integer from 1 to 4096, got 1000000$/],
  ['another task', () => edited(sealed, (j) => (j.task = 'addition')), /: was trained for task "addition", not "parity"$/],
  ['another format', () => edited(sealed, (j) => (j.format = 'keras')), /: is not a SEAD checkpoint \(format is "keras", expected "sead-checkpoint"\)$/],
  ['training that is not an object', () => edited(sealed, (j) => (j.training = 'solved')), /: training must be an object$/],
  ['a truncated file', () => sealed.slice(0, Math.floor(sealed.length / 2)), / is not valid JSON \(truncated or corrupt\?\): /],
  ['an empty file', () => '', / is not valid JSON \(truncated or corrupt\?\): /],
  ['nesting 10^5 deep', () => `{"format":"sead-checkpoint","training":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, / nests arrays and objects more than 16 deep \(at character \d+\); a checkpoint needs 6: corrupt, or not a checkpoint$/],
];

describe('corrupted checkpoints: exactly one error line naming the file and the problem, never an answer', () => {
  it.each(corpus)('%s', async (name, make, message) => {
    const path = await corruption(name, make);
    for (const args of [['predict', '--task', 'parity', '--model', path], ['info', '--task', 'parity', '--model', path, '--json']]) {
      const result = await sead(args, INPUT);
      const line = expectOneError(result, 1, message);
      expect(line.startsWith(`checkpoint ${path}`), line).toBe(true);
      expect(result.stdout).toBe('');
    }
  });

  it('a file larger than any checkpoint, refused before it is read', async () => {
    const path = join(dir, 'huge.json');
    await writeFile(path, '');
    // Sparse: the file has the size but not the bytes.
    await truncate(path, MAX_CHECKPOINT_BYTES + 1);
    const result = await sead(['predict', '--task', 'parity', '--model', path], INPUT);
    expectOneError(result, 1, new RegExp(`^checkpoint ${path} is ${MAX_CHECKPOINT_BYTES + 1} bytes; a checkpoint is at most ${MAX_CHECKPOINT_BYTES} \\(128 MiB\\)$`));
    expect(result.stdout).toBe('');
  });

  it('a directory instead of a file', async () => {
    const path = join(dir, 'a-directory.json');
    await mkdir(path);
    expectOneError(await sead(['predict', '--task', 'parity', '--model', path], INPUT), 1, new RegExp(`^cannot read checkpoint ${path}: EISDIR`));
  });

  it('a certificate edited to claim exact, found wherever the claim is read', async () => {
    const path = await corruption('claims exact', () => edited(inexact, (j) => (j.certificate.reference = { ...j.certificate.reference, exact: true, mismatches: 0, differences: [] })));
    const message = /: the certificate claims exact, the weights are not \(their rule differs from the reference on \d+ neighbourhoods?\): edited or corrupted$/;
    for (const args of [
      ['info', '--task', 'parity', '--model', path],
      ['info', '--task', 'parity', '--model', path, '--json'],
      ['eval', '--task', 'parity', '--model', path, '--lengths', '8', '--per-length', '1', '--json'],
    ]) {
      const result = await sead(args);
      expect(expectOneError(result, 1, message).startsWith(`checkpoint ${path}`)).toBe(true);
      expect(result.stdout).toBe('');
    }
  });
});

describe('--allow-edited', () => {
  it('loads a hand-edited checkpoint in every command that loads one, which refuses it without the flag', async () => {
    const path = await corruption('hand-edited', () => edited(sealed, (j) => (j.weights.b2[0] += 0.001)));
    const iterations = JSON.parse(sealed).training.iterations as number;
    const commands = [
      ['predict', '--task', 'parity', '--model', path],
      ['info', '--task', 'parity', '--model', path],
      ['eval', '--task', 'parity', '--model', path, '--lengths', '8', '--per-length', '2'],
      ['diagram', '--task', 'parity', '--model', path, '--bits', '0110', '--out', join(dir, 'edited.svg')],
      ['train', '--task', 'parity', '--resume', path, '--max-iterations', String(iterations + 1), '--out', join(dir, 'resumed.json'), '--json'],
    ];
    for (const args of commands) {
      expectOneError(await sead(args, INPUT), 1, /config and weights do not match their digest: edited or corrupted \(pass --allow-edited/);
      const result = await sead([...args, '--allow-edited'], INPUT);
      expect(result.stderr, args[0]).toBe('');
      expect(result.status, args[0]).toBe(0);
    }
    // Training on from edited weights writes a checkpoint sealed anew.
    const resumed = await sead(['info', '--task', 'parity', '--model', join(dir, 'resumed.json'), '--json']);
    expect(JSON.parse(resumed.stdout).integrity.status).toBe('sealed');
    expectOneError(await sead(['train', '--task', 'parity', '--out', join(dir, 'x.json'), '--allow-edited']), 2, /^--allow-edited goes with --resume/);
    // A run resumes from the progress its checkpoint records: a corrupt one is named, with the file.
    const corrupt = await corruption('a corrupt training progress', () => edited(sealed, (j) => (j.training.progress.optimizer.m[0][0] = 'x')));
    expectOneError(
      await sead(['train', '--task', 'parity', '--resume', corrupt, '--out', join(dir, 'never.json')]),
      1,
      new RegExp(`^checkpoint ${corrupt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: training\\.progress\\.optimizer\\.m\\[0\\]\\[0\\] must be a finite number, got "x"$`),
    );
  });

  it('answers with the edited weights, and info says plainly that the training record is of other weights', async () => {
    const path = await corruption('edited-on-purpose', () => edited(sealed, (j) => (j.weights.bh = j.weights.bh.map((v: number) => -v))));
    const predicted = await sead(['predict', '--task', 'parity', '--model', path, '--allow-edited'], INPUT);
    expect(predicted.status).toBe(0);
    expect(jsonLines(predicted.stdout)).toHaveLength(1);

    const text = await sead(['info', '--task', 'parity', '--model', path, '--allow-edited']);
    expect(text.stdout).toMatch(/^integrity: +EDITED: the config or weights no longer match their digest \(fnv1a64:[0-9a-f]{16}, now fnv1a64:[0-9a-f]{16}\): the training record describes the weights before the edit$/m);
    expect(text.stdout).toMatch(/^training: +chaos regime, .* \(of the weights before the edit\)$/m);
    const info = JSON.parse((await sead(['info', '--task', 'parity', '--model', path, '--allow-edited', '--json'])).stdout);
    expect(info.integrity).toMatchObject({ status: 'edited', digest: JSON.parse(sealed).digest });
    expect(info.integrity.weightsHash).not.toBe(info.integrity.digest);
    // The certificate shown is the edited weights' own, not the stale one the file carries.
    expect(info.certificate.weightsHash).toBe(info.integrity.weightsHash);

    const old = await corruption('version-1', () => edited(sealed, (j) => ((j.version = 1), delete j.digest, delete j.certificate)));
    const unsealed = await sead(['info', '--task', 'parity', '--model', old, '--allow-edited']);
    expect(unsealed.stdout).toMatch(/^integrity: +UNSEALED: no digest \(version 1, or removed\), so nothing shows whether the config or weights were edited/m);
    expect(unsealed.stdout).toMatch(/^training: .* \(unverified: maybe of other weights\)$/m);
  });

  it('does not excuse a weight float32 cannot hold', async () => {
    const path = await corruption('beyond-float32-allowed', () => edited(sealed, (j) => (j.weights.W1[0] = -1e39)));
    expectOneError(await sead(['predict', '--task', 'parity', '--model', path, '--allow-edited'], INPUT), 1, /weight W1\[0\] is -1e\+39, beyond float32's range/);
  });

  it('leaves sealed checkpoints as they were: info calls them sealed, the shipped ones included', async () => {
    for (const args of [['info', '--task', 'parity', '--model', fixtures.parity], ['info', '--task', 'addition']]) {
      const result = await sead(args);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^integrity: +sealed: the config and weights match their digest \(fnv1a64:[0-9a-f]{16}\), so they are the ones trained$/m);
    }
  });
});
