import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBaselineCheckpoint } from '@sead/baselines';
import { addition } from '@sead/tasks';
import { describe, expect, inject, it } from 'vitest';
import { expectOneError, lines, sead } from './test-cli.js';

const fixtures = inject('fixtures');

describe('sead baselines', () => {
  it('trains the baselines named, sweeps them beside SEAD on the same instances, and writes the report and checkpoints', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sead-cli-baselines-'));
    const result = await sead([
      'baselines', '--task', 'addition', '--arch', 'sead,lstm,transformer-learned', '--model', fixtures.addition,
      '--iterations', '3', '--train-lengths', '1,4', '--lengths', '8,30', '--per-length', '2', '--seed', '5', '--out', out,
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const table = lines(result.stdout).filter((line) => /^(sead|lstm|transformer-learned)\s+\d+\s+(random|adversarial)/.test(line));
    expect(table.map((row) => row.split(/\s+/).slice(0, 3))).toEqual([
      ['sead', expect.any(String), 'random'],
      ['sead', expect.any(String), 'adversarial'],
      ['lstm', expect.any(String), 'random'],
      ['lstm', expect.any(String), 'adversarial'],
      ['transformer-learned', expect.any(String), 'random'],
      ['transformer-learned', expect.any(String), 'adversarial'],
    ]);
    // The fixture is exact at any length.
    expect(table[0].split(/\s+/).slice(3)).toEqual(['100.0%', '100.0%']);
    expect((await readdir(out)).sort()).toEqual(['accuracy.svg', 'lstm.json', 'report.json', 'report.md', 'steps.svg', 'transformer-learned.json']);

    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { tasks: any[]; notes: string[] };
    expect(report.tasks.map((t) => [t.architecture, t.regime, t.settings.lengths, t.settings.seed, t.settings.randomPerLength])).toEqual([
      ['sead', 'chaos', [8, 30], 5, 2],
      ['lstm', 'relax', [8, 30], 5, 2],
      ['transformer-learned', 'relax', [8, 30], 5, 2],
    ]);
    // The same budget for every baseline, stated.
    expect(report.notes[0]).toMatch(/^Baselines \(lstm, transformer-learned\): each trained from seed 5 on the same batches, 3 iterations of 32 random instances of lengths 1–4/);
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('## Exact match by length: addition');
    expect(await readFile(join(out, 'accuracy.svg'), 'utf8')).toContain('addition, lstm, random');

    // A learned position table reads every length swept (31 cells) and no more.
    const checkpoint = parseBaselineCheckpoint(await readFile(join(out, 'transformer-learned.json'), 'utf8'), 'transformer-learned.json', addition);
    expect(checkpoint).toMatchObject({ architecture: 'transformer-learned', config: { maxPositions: 31 }, training: { regime: 'relax', seed: 5, iterations: 3, trainLengths: [1, 4] } });

    // sead eval takes a baseline's checkpoint as it takes SEAD's, and sweeps it with the same evaluator.
    const evaluated = await sead(['eval', '--task', 'addition', '--model', join(out, 'transformer-learned.json'), '--lengths', '8,40', '--per-length', '2', '--json']);
    const sweep = (JSON.parse(lines(evaluated.stdout)[0]) as { tasks: any[] }).tasks[0];
    expect(sweep).toMatchObject({ architecture: 'transformer-learned', regime: 'relax', certificate: null, skipped: [{ length: 40, reason: '41 cells; the model reads at most 31' }] });
    expect(sweep.byLength.map((s: { length: number }) => s.length)).toEqual([8]);
    // A length not run is not a pass.
    expectOneError(evaluated, 1, /^not every instance was answered exactly: .*L=40 not run$/);
  });

  it('--json prints the report alone', async () => {
    const result = await sead(['baselines', '--task', 'parity', '--arch', 'gru', '--iterations', '2', '--train-lengths', '2,3', '--lengths', '6', '--per-length', '1', '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { tasks: { architecture: string; byLength: { length: number }[] }[] };
    expect(report.tasks.map((t) => [t.architecture, t.byLength.map((s) => s.length)])).toEqual([['gru', [6]]]);
  });

  it('--widths trains every baseline at each width, named by it', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sead-cli-baselines-'));
    const result = await sead(['baselines', '--task', 'parity', '--arch', 'lstm', '--widths', '4,8', '--iterations', '1', '--train-lengths', '2,3', '--lengths', '6', '--per-length', '1', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const rows = lines(result.stdout).filter((line) => /^lstm-w\d+\s+\d+\s+lengths/.test(line));
    const params = rows.map((row) => Number(row.split(/\s+/)[1]));
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(['lstm-w4', 'lstm-w8']);
    expect(params[1]).toBeGreaterThan(2 * params[0]);
    expect((await readdir(out)).filter((f) => f.startsWith('lstm'))).toEqual(['lstm-w4.json', 'lstm-w8.json']);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { tasks: { name: string; config: { width: number } }[] };
    expect(report.tasks.map((t) => [t.name, t.config.width])).toEqual([['parity, lstm-w4', 8], ['parity, lstm-w8', 16]]);
  });

  it('refuses bad options with one line naming the option', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'sead-cli-baselines-')), 'a-file');
    await writeFile(file, '');
    const cases: [string[], RegExp][] = [
      [['--task', 'addition', '--arch', 'rnn'], /^--arch: unknown model "rnn"; models: sead, transformer-learned, transformer-rotary, transformer-none, lstm, gru$/],
      [['--task', 'addition', '--train-lengths', '5,2'], /^--train-lengths must be two integers a,b with 1 ≤ a ≤ b ≤ 1000, got "5,2"$/],
      [['--task', 'addition', '--train-lengths', '16'], /^--train-lengths must be two integers a,b/],
      [['--task', 'addition', '--widths', '4,6'], /^--widths: each width must be a multiple of 4 from 4 to 256, got "6"$/],
      [['--task', 'addition', '--widths', '0'], /^--widths: each width must be a multiple of 4 from 4 to 256, got "0"$/],
      [['--task', 'addition', '--iterations', '0'], /^--iterations must be an integer from 1 to 10000000, got "0"$/],
      [['--task', 'addition', '--lr', '0'], /^--lr must be a positive number, got "0"$/],
      [['--task', 'addition', '--lengths', '16,0'], /^--lengths: each length must be an integer from 1 to 10000000, got "0"$/],
      [['--task', 'addition', '--max-work', 'lots'], /^--max-work must be a whole number/],
      [['--task', 'addition', '--arch', 'lstm', '--model', 'x.json'], /^--model and --allow-edited name the SEAD checkpoint compared; --arch leaves SEAD out$/],
      [['--task', 'addition', '--out', file], /is a file; give a directory$/],
      [['--task', 'nope'], /unknown task "nope"/],
    ];
    const results = await Promise.all(cases.map(([args]) => sead(['baselines', ...args])));
    cases.forEach(([, pattern], k) => expectOneError(results[k], 2, pattern));
  });
});
