import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { toCheckpoint, SeadModel } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { addition } from '@sead/tasks';
import { saveCheckpoint } from '@sead/node';
import { describe, expect, inject, it } from 'vitest';
import { expectOneError, lines, sead } from './test-cli.js';

const fixtures = inject('fixtures');

describe('sead eval', () => {
  it('prints the sweep by length and exits 0 when everything is exact', async () => {
    const result = await sead(['eval', '--task', 'addition', '--model', fixtures.addition, '--lengths', '16,64,300', '--per-length', '4']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // Not a terminal: a plain progress line per length, before the table.
    const progress = lines(result.stdout).filter((line) => /^L=\d+: /.test(line));
    expect(progress.map((line) => line.split(':')[0])).toEqual(['L=16', 'L=64', 'L=300']);
    expect(progress[0]).toMatch(/^L=16: (\d+)\/\1 exact {2}\([\d.]+ s\)$/);
    const rows = lines(result.stdout).filter((line) => /^\s*\d+\s/.test(line));
    expect(rows.map((row) => row.trim().split(/\s+/).slice(0, 3))).toEqual([
      ['16', expect.stringMatching(/^(\d+)\/\1$/), '100.0%'],
      ['64', expect.stringMatching(/^(\d+)\/\1$/), '100.0%'],
      ['300', expect.stringMatching(/^(\d+)\/\1$/), '100.0%'],
    ]);
  });

  it('--json prints the report and --out writes report.json and report.md', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sead-cli-eval-'));
    const result = await sead(['eval', '--task', 'rule110', '--model', fixtures.rule110, '--lengths', '8,20', '--per-length', '2', '--seed', '3', '--json', '--out', out]);
    expect(result.status).toBe(0);
    // --json: the report alone, no progress.
    const report = JSON.parse(result.stdout) as Record<string, any>;
    expect(result.stderr).toBe('');
    expect(report.tasks).toHaveLength(1);
    expect(report.tasks[0]).toMatchObject({ task: 'rule110', allCorrect: true, settings: { lengths: [8, 20], randomPerLength: 2, seed: 3 } });
    expect(report.tasks[0].byLength.map((s: { length: number }) => s.length)).toEqual([8, 20]);
    const written = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Record<string, any>;
    expect(written).toEqual(report);
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('rule110');
    // The plots sit beside the report, which links them by relative paths.
    expect((await readdir(out)).sort()).toEqual(['accuracy.svg', 'report.json', 'report.md', 'steps.svg']);
    expect(markdown).toContain('![Steps to converge against the length L (log-log)');
    expect(markdown).toContain('](steps.svg)');
    expect(markdown).toContain('](accuracy.svg)');
    expect(written.figures.map((f: { path: string }) => f.path)).toEqual(['steps.svg', 'accuracy.svg']);
    const steps = await readFile(join(out, 'steps.svg'), 'utf8');
    expect(steps).toContain('data-name="rule110, adversarial (max)"');
    expect(steps).toContain('data-name="rule110, random (median)"');
  });

  it('exits 1 with one error line when a model gets answers wrong', async () => {
    tf.enableProdMode();
    await useNodeBackend();
    const untrained = join(await mkdtemp(join(tmpdir(), 'sead-cli-eval-')), 'untrained.json');
    const model = SeadModel.create(addition, { channels: 2, embedding: 2, hidden: 4, radius: 1 }, 'discrete', 1);
    await saveCheckpoint(untrained, toCheckpoint(model));
    model.dispose();
    const result = await sead(['eval', '--task', 'addition', '--model', untrained, '--lengths', '16,32', '--per-length', '8']);
    expect(lines(result.stdout).some((line) => /^\s*32\s/.test(line))).toBe(true);
    expectOneError(result, 1, /^not every instance was answered exactly: L=16 \d+\/\d+/);
  });
});
