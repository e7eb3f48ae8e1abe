import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { toCheckpoint, SeadModel, useBackend } from '@sead/core';
import { addition } from '@sead/tasks';
import { saveCheckpoint } from '@sead/trainer';
import { describe, expect, inject, it } from 'vitest';
import { expectOneError, lines, sead } from './test-cli.js';

const fixtures = inject('fixtures');

describe('sead eval', () => {
  it('prints the sweep by length and exits 0 when everything is exact', async () => {
    const result = await sead(['eval', '--task', 'addition', '--model', fixtures.addition, '--lengths', '16,64,300', '--per-length', '4']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
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
    const report = JSON.parse(result.stdout) as Record<string, any>;
    expect(report.tasks).toHaveLength(1);
    expect(report.tasks[0]).toMatchObject({ task: 'rule110', allCorrect: true, settings: { lengths: [8, 20], randomPerLength: 2, seed: 3 } });
    expect(report.tasks[0].byLength.map((s: { length: number }) => s.length)).toEqual([8, 20]);
    const written = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Record<string, any>;
    expect(written.summary).toEqual(report.summary);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('rule110');
  });

  it('exits 1 with one error line when a model gets answers wrong', async () => {
    tf.enableProdMode();
    await useBackend('cpu');
    const untrained = join(await mkdtemp(join(tmpdir(), 'sead-cli-eval-')), 'untrained.json');
    const model = SeadModel.create(addition, { channels: 2, embedding: 2, hidden: 4, radius: 1 }, 'discrete', 1);
    await saveCheckpoint(untrained, toCheckpoint(model));
    model.dispose();
    const result = await sead(['eval', '--task', 'addition', '--model', untrained, '--lengths', '16,32', '--per-length', '8']);
    expect(lines(result.stdout).some((line) => /^\s*32\s/.test(line))).toBe(true);
    expectOneError(result, 1, /^not every instance was answered exactly: L=16 \d+\/\d+/);
  });
});
