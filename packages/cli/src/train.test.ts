import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addition, parity, seededRandom } from '@sead/tasks';
import { loadCheckpoint } from '@sead/node';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { expectOneError, jsonLines, lines, sead, type CliResult } from './test-cli.js';

const fixtures = inject('fixtures');
let dir: string;
/** One run of `sead train` from scratch, shared by the tests below. */
let fresh: { out: string; result: CliResult };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sead-cli-train-'));
  const out = join(dir, 'nested', 'addition.json');
  fresh = { out, result: await sead(['train', '--task', 'addition', '--regime', 'chaos', '--max-iterations', '300', '--out', out]) };
});

function randomSums(count: number, length: number): { a: string; b: string }[] {
  const random = seededRandom(99);
  return Array.from({ length: count }, () => addition.random(length, random));
}

describe('sead train', () => {
  it('trains addition to 100% validation, writes a loadable checkpoint that predicts exactly', async () => {
    const { out, result } = fresh;
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const progress = lines(result.stdout);
    expect(progress.some((line) => /^validation at iteration \d+: L=64 \d+\/\d+, L=256 \d+\/\d+/.test(line))).toBe(true);
    // Not a terminal: a plain line every 50 iterations, no bar and nothing on stderr.
    expect(progress.filter((line) => line.startsWith('iteration '))[0]).toMatch(/^iteration 50 {2}loss [\d.e-]+ {2}length \d+ {2}elapsed [\d.]+ s$/);
    expect(result.stdout).not.toContain('\r');
    expect(progress.at(-1)).toMatch(/^solved addition with 92 parameters \(chaos, \d+ iterations, [\d.]+ s\), certified: the rule equals the reference on every reachable neighbourhood; checkpoint written to /);

    const checkpoint = await loadCheckpoint(out, addition);
    expect(checkpoint.training).toMatchObject({ regime: 'chaos', seed: 7, solved: true, validation: { '64': 1, '256': 1 } });
    const sums = randomSums(20, 500);
    const predicted = await sead(['predict', '--task', 'addition', '--model', out], sums.map((s) => JSON.stringify(s)).join('\n'));
    expect(predicted.status).toBe(0);
    expect(jsonLines(predicted.stdout).map((r) => r.output)).toEqual(sums.map((s) => addition.solve(s)));
  });

  it('--json prints one object; an exhausted budget exits 1 with the checkpoint written; --resume continues it', async () => {
    const whole = await loadCheckpoint(fresh.out, addition);
    const partial = join(dir, 'partial.json');
    const cut = await sead(['train', '--task', 'addition', '--max-iterations', '10', '--out', partial, '--json']);
    expectOneError(cut, 1, /^budget ran out before validation reached 100% .*checkpoint written to .*partial\.json, continue with --resume /);
    const stopped = JSON.parse(cut.stdout) as Record<string, any>;
    expect(Object.keys(stopped).sort()).toEqual(['certification', 'iterations', 'out', 'params', 'regime', 'seconds', 'solved', 'task', 'validated', 'validation']);
    expect(stopped).toMatchObject({ task: 'addition', regime: 'chaos', solved: false, validated: false, iterations: 10, params: 92, out: partial });
    expect((await loadCheckpoint(partial, addition)).training).toMatchObject({ iterations: 10, solved: false });

    const resumed = await sead(['train', '--task', 'addition', '--resume', partial, '--max-iterations', '300', '--out', partial, '--json']);
    expect(resumed.status).toBe(0);
    // The trainer continues bit for bit when the CLI hands back the recorded seed, learning rate and batch.
    expect(JSON.parse(resumed.stdout)).toMatchObject({ solved: true, iterations: whole.training!.iterations, validation: { '64': 1, '256': 1 } });
    expect((await loadCheckpoint(partial, addition)).weights).toEqual(whole.weights);
  });

  it('trains on the wasm backend too, through the fused training kernels', async () => {
    const out = join(dir, 'wasm-addition.json');
    const result = await sead(['train', '--task', 'addition', '--backend', 'wasm', '--max-iterations', '300', '--out', out, '--json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ task: 'addition', solved: true, validation: { '64': 1, '256': 1 } });
    const sums = randomSums(10, 300);
    const predicted = await sead(['predict', '--task', 'addition', '--model', out, '--backend', 'wasm'], sums.map((s) => JSON.stringify(s)).join('\n'));
    expect(jsonLines(predicted.stdout).map((r) => r.output)).toEqual(sums.map((s) => addition.solve(s)));
  });

  it('refuses to resume from another task or regime', async () => {
    const out = join(dir, 'never.json');
    expectOneError(await sead(['train', '--task', 'addition', '--resume', fixtures.parity, '--out', out]), 1, /was trained for task "parity", not "addition"/);
    expectOneError(await sead(['train', '--task', 'addition', '--regime', 'relax', '--resume', fixtures.addition, '--out', out]), 2, /^--regime relax does not match/);
    await expect(stat(out)).rejects.toThrow();
  });
});

describe('sead train from examples alone', () => {
  it('--ignore-rule trains relax-and-project from examples, and compares with the reference afterwards', async () => {
    const out = join(dir, 'parity-examples.json');
    const result = await sead(['train', '--task', 'parity', '--ignore-rule', '--seed', '3', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^validation at iteration \d+: L=64 36\/36, L=256 36\/36, search \d+\/\d+ of \d+ drawn \(\d+ windows met\)/m);
    expect(lines(result.stdout).at(-1)).toMatch(
      /^solved parity from examples with 97 parameters \(relax, \d+ iterations, [\d.]+ s\), certified afterwards: the rule equals the reference on every reachable neighbourhood; checkpoint written to /,
    );
    const checkpoint = await loadCheckpoint(out, parity);
    expect(checkpoint.config.mode).toBe('discrete');
    expect(checkpoint.training).toMatchObject({ regime: 'relax', ignoreRule: true, solved: true });
    // The record's "solved" meant validated: info says so, and leaves "exact" to the certificate.
    const info = await sead(['info', '--task', 'parity', '--model', out]);
    expect(info.stdout).toMatch(/^training: {3}relax regime, seed 3, \d+ iterations, [\d.]+ s, validated from examples alone$/m);
    // Discrete: it runs on its compiled table, at lengths far beyond training.
    const bits = '1'.repeat(50_001);
    const predicted = await sead(['predict', '--task', 'parity', '--model', out], JSON.stringify({ bits }));
    expect(jsonLines(predicted.stdout)).toEqual([{ output: '1', steps: 50_001, converged: true }]);
  });

  it('says "not certified" and why, instead of "solved", where a rule cannot be compared', async () => {
    const out = join(dir, 'parity-continuous.json');
    const result = await sead(['train', '--task', 'parity', '--regime', 'relax-continuous', '--out', out, '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      solved: false,
      validated: true,
      certification: { status: 'not-certified', why: 'a continuous model has no table to compare' },
    });
    const plain = await sead(['train', '--task', 'parity', '--regime', 'relax-continuous', '--out', out]);
    expect(lines(plain.stdout).at(-1)).toMatch(/^validated parity with 97 parameters \(relax-continuous, .*\): every validation answer exact, but not certified: a continuous model has no table to compare; checkpoint written to /);
  });

  it('takes the model shape from the command line', async () => {
    const out = join(dir, 'addition-wide.json');
    const result = await sead(['train', '--task', 'addition', '--regime', 'chaos', '--hidden', '6', '--embedding', '3', '--radius', '2', '--max-iterations', '2', '--out', out, '--json']);
    expect(result.status).toBe(1);
    expect((await loadCheckpoint(out, addition)).config).toMatchObject({ channels: 2, embedding: 3, hidden: 6, radius: 2 });
    expectOneError(await sead(['train', '--task', 'parity', '--channels', '4', '--out', out]), 2, /^--channels must be 3 for --regime chaos: a discrete model has one channel per state symbol of "parity" \(\?, 0, 1\)$/);
    expectOneError(await sead(['train', '--task', 'parity', '--hidden', '0', '--out', out]), 2, /^--hidden must be an integer from 1 to 4096, got "0"$/);
    expectOneError(await sead(['train', '--task', 'addition', '--hidden', '4000', '--embedding', '1000', '--out', out]), 2, /parameters; at most 1048576 are allowed$/);
    expectOneError(await sead(['train', '--task', 'addition', '--resume', fixtures.addition, '--hidden', '8', '--out', out]), 2, /^--hidden cannot reshape a resumed model/);
    expectOneError(await sead(['train', '--task', 'parity', '--regime', 'chaos', '--ignore-rule', '--out', out]), 2, /^--regime chaos imitates the reference rule that --ignore-rule sets aside; use --regime relax$/);
    expectOneError(await sead(['train', '--task', 'addition', '--supervise', 'readout', '--out', out]), 2, /^--supervise readout needs a task that reads its answer from one cell; "addition" reads every cell$/);
    expectOneError(await sead(['train', '--task', 'parity', '--supervise', 'last', '--out', out]), 2, /^--supervise must be cells or readout, got "last"$/);
  });
});

describe('sead reproduce', () => {
  it('trains, sweeps and reports a task from scratch', async () => {
    const out = join(dir, 'results');
    const result = await sead(['reproduce', '--tasks', 'addition', '--no-examples', '--lengths', '16,40', '--per-length', '3', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^== addition: training \(chaos regime, seed 7\) ==$/m);
    expect(result.stdout).toMatch(/^addition +40 +100\.0% /m);
    await loadCheckpoint(join(out, 'checkpoints', 'addition.json'), addition);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Record<string, any>;
    expect(report.summary.map((s: { length: number; accuracy: number }) => [s.length, s.accuracy])).toEqual([[16, 1], [40, 1]]);
    expect(report.run).toMatchObject({ node: process.version, backend: 'cpu', seed: 7, cpus: { count: expect.any(Number) } });
    expect(report.run.totalSeconds).toBeGreaterThan(0);
    expect(typeof report.date).toBe('string');
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown).toMatch(/^# SEAD/);
    expect(markdown).toContain('](steps.svg)');
    expect(await readFile(join(out, 'accuracy.svg'), 'utf8')).toContain('data-name="addition, random"');
  });

  it('trains a second model of a fixed-point task from examples alone, sweeps it beside the first and says what its certificate found', async () => {
    const out = join(dir, 'results-examples');
    const result = await sead(['reproduce', '--tasks', 'parity', '--lengths', '16,40', '--per-length', '3', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^== parity \(from examples\): training \(relax regime, from examples alone, seed 7\) ==$/m);
    expect(result.stdout).toMatch(/^\[parity \(from examples\)\] (yes: the learned rule equals the task's reference rule on every reachable neighbourhood|no: )/m);
    expect(result.stdout).toMatch(/^parity \(from examples\) +40 +100\.0% /m);
    const checkpoint = await loadCheckpoint(join(out, 'checkpoints', 'parity-examples.json'), parity);
    expect(checkpoint.training).toMatchObject({ regime: 'relax', ignoreRule: true });
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Record<string, any>;
    expect(report.summary.map((s: { name: string; length: number }) => [s.name, s.length])).toEqual([
      ['parity', 16],
      ['parity', 40],
      ['parity (from examples)', 16],
      ['parity (from examples)', 40],
    ]);
    // Each cell of a parity lattice changes once as the front passes: a handful of updates per cell, not L.
    for (const s of report.summary as { updatesPerCell: number }[]) expect(s.updatesPerCell).toBeLessThan(8);
  });
});
