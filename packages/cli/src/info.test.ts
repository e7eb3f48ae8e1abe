import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parameterCount, type Checkpoint } from '@sead/core';
import { shippedCheckpointPath } from '@sead/models';
import { describe, expect, inject, it } from 'vitest';
import { sead } from './test-cli.js';

const fixtures = inject('fixtures');

describe('sead info', () => {
  it('--json describes a checkpoint: params, task, regime, mode, config, training, source', async () => {
    const checkpoint = JSON.parse(await readFile(fixtures.addition, 'utf8')) as Checkpoint;
    const result = await sead(['info', '--task', 'addition', '--model', fixtures.addition, '--json']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const info = JSON.parse(result.stdout) as Record<string, any>;
    expect(info).toMatchObject({
      params: parameterCount(checkpoint.config),
      task: 'addition',
      regime: 'chaos',
      mode: 'discrete',
      config: checkpoint.config,
      source: fixtures.addition,
    });
    expect(info.training).toMatchObject({ iterations: checkpoint.training!.iterations, seconds: checkpoint.training!.seconds, solved: true, validation: { '64': 1 } });
    expect(info.params).toBeGreaterThanOrEqual(41);
    expect(info.params).toBeLessThanOrEqual(99);
  });

  it('prints a short human-readable summary without --json', async () => {
    const result = await sead(['info', '--task', 'rule110', '--model', fixtures.rule110]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^task: +rule110 /m);
    expect(result.stdout).toMatch(/^model: +\d+ parameters, discrete state/m);
    expect(result.stdout).toMatch(/^training: +chaos regime, seed \d+, \d+ iterations/m);
    expect(result.stdout).toMatch(/^validation: +L=32 100\.0%$/m);
  });

  it.skipIf(!existsSync(shippedCheckpointPath('parity')!))('describes the shipped model when no --model is given', async () => {
    const result = await sead(['info', '--task', 'parity', '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ task: 'parity', source: 'shipped' });
  });

  it.skipIf(!existsSync(shippedCheckpointPath('multiplication')!))(
    'certifies the shipped multiplication grid on its closure of reachable windows, in at most 321 parameters',
    async () => {
      const result = await sead(['info', '--task', 'multiplication', '--json']);
      expect(result.status).toBe(0);
      const info = JSON.parse(result.stdout) as Record<string, any>;
      expect(info).toMatchObject({ task: 'multiplication', source: 'shipped', mode: 'discrete', config: { dimensions: 2, radius: 1 } });
      expect(info.params).toBeLessThanOrEqual(321);
      expect(info.gridCheck).toMatchObject({ certified: true, agrees: true, mismatches: 0, closure: { complete: true, mismatches: 0 } });
      expect(info.gridCheck.closure.windows).toBeGreaterThan(info.gridCheck.windows / 2);
    },
    180_000,
  );
});
