import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkpointFileName, shippedCheckpointPath, shippedCheckpointText, shippedTasks, smallestTasks } from './index.js';

const rows = shippedTasks.filter((id) => id !== 'multiplication');

describe('shipped checkpoints', () => {
  it.each(rows)('%s: a certified checkpoint of its task within the paper’s 41–99 parameters', (id) => {
    const checkpoint = JSON.parse(shippedCheckpointText(id)!);
    // Sealed with the certificate of its compiled rule: the reference rule itself, on every neighbourhood.
    expect(checkpoint.certificate).toMatchObject({ weightsHash: checkpoint.digest, tableEqualsNetwork: true, reference: { exact: true, mismatches: 0, differences: [], unreachableMismatches: 0 } });
    expect(checkpoint.parameters).toBeGreaterThanOrEqual(41);
    expect(checkpoint.parameters).toBeLessThanOrEqual(99);
  });

  it('multiplication: a grid model within Mirage’s 321 parameters, certified on the closure of reachable windows when trained', () => {
    const checkpoint = JSON.parse(shippedCheckpointText('multiplication')!);
    expect(checkpoint.config.dimensions).toBe(2);
    expect(checkpoint.parameters).toBeLessThanOrEqual(321);
    // A grid model has no table to seal a certificate with; training recorded its check.
    expect(checkpoint.certificate).toBeUndefined();
    expect(checkpoint.training.gridCertificate).toMatchObject({ certified: true, closureMismatches: 0, mismatchesMet: 0 });
  });

  it.each(shippedTasks)('%s: a solved, sealed checkpoint of its task', (id) => {
    const path = shippedCheckpointPath(id)!;
    expect(existsSync(path)).toBe(true);
    const checkpoint = JSON.parse(shippedCheckpointText(id)!);
    expect(checkpoint).toMatchObject({ format: 'sead-checkpoint', version: 2, task: id, digest: expect.stringMatching(/^fnv1a64:[0-9a-f]{16}$/) });
    expect(checkpoint.training).toMatchObject({ seed: 7, solved: true });
    expect(Object.values(checkpoint.training.validation)).toEqual(expect.arrayContaining([1]));
    expect(Object.values(checkpoint.training.validation).every((accuracy) => accuracy === 1)).toBe(true);
  });

  it.each(shippedTasks)('%s: the same file is importable as @sead/models/checkpoints/<task>.json, without node:fs', async (id) => {
    // Bundlers resolve the package's export map: what a browser app imports must be the shipped file.
    const resolved = createRequire(import.meta.url).resolve(`@sead/models/checkpoints/${id}.json`);
    expect(realpathSync(resolved)).toBe(realpathSync(shippedCheckpointPath(id)!));
    const imported = await import(`@sead/models/checkpoints/${id}.json`, { with: { type: 'json' } });
    expect(imported.default).toEqual(JSON.parse(shippedCheckpointText(id)!));
  });

  it('exports exactly the shipped checkpoints', async () => {
    const manifest = (await import('../package.json', { with: { type: 'json' } })).default;
    const exported = Object.keys(manifest.exports).filter((path) => path.startsWith('./checkpoints/'));
    expect(exported.sort()).toEqual([...shippedTasks.map((id) => `./checkpoints/${id}.json`), ...smallestTasks.map((id) => `./checkpoints/smallest/${checkpointFileName(id)}`)].sort());
  });

  it('ships nothing for an unknown task', () => {
    expect(shippedCheckpointPath('sorting')).toBeUndefined();
    expect(shippedCheckpointText('sorting')).toBeUndefined();
    expect(shippedCheckpointPath('multiplication', 'smallest')).toBeUndefined();
  });
});

describe('the smallest certified checkpoints', () => {
  it.each(smallestTasks)('%s: certified, smaller than the recipe, importable as @sead/models/checkpoints/smallest/<task>.json', async (id) => {
    const checkpoint = JSON.parse(shippedCheckpointText(id, 'smallest')!);
    expect(checkpoint).toMatchObject({ format: 'sead-checkpoint', task: id, training: { regime: 'chaos', solved: true } });
    expect(checkpoint.certificate).toMatchObject({ weightsHash: checkpoint.digest, tableEqualsNetwork: true, reference: { exact: true, mismatches: 0 } });
    // Smaller than the recipe's model of its task, and a feature set's smaller than the task's own smallest.
    const [base, features] = id.split(':');
    expect(checkpoint.parameters).toBeLessThan(JSON.parse(shippedCheckpointText(base)!).parameters);
    if (features) expect(checkpoint.parameters).toBeLessThan(JSON.parse(shippedCheckpointText(base, 'smallest')!).parameters);
    const resolved = createRequire(import.meta.url).resolve(`@sead/models/checkpoints/smallest/${checkpointFileName(id)}`);
    expect(realpathSync(resolved)).toBe(realpathSync(shippedCheckpointPath(id, 'smallest')!));
  });
});
