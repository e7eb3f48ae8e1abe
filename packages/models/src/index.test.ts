import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shippedCheckpointPath, shippedCheckpointText, shippedTasks } from './index.js';

describe('shipped checkpoints', () => {
  it.each(shippedTasks)('%s: a solved checkpoint of its task within the paper’s 41–99 parameters', (id) => {
    const path = shippedCheckpointPath(id)!;
    expect(existsSync(path)).toBe(true);
    const checkpoint = JSON.parse(shippedCheckpointText(id)!);
    expect(checkpoint).toMatchObject({ format: 'sead-checkpoint', version: 1, task: id });
    expect(checkpoint.parameters).toBeGreaterThanOrEqual(41);
    expect(checkpoint.parameters).toBeLessThanOrEqual(99);
    expect(checkpoint.training).toMatchObject({ seed: 7, solved: true });
    expect(Object.values(checkpoint.training.validation)).toEqual(expect.arrayContaining([1]));
    expect(Object.values(checkpoint.training.validation).every((accuracy) => accuracy === 1)).toBe(true);
  });

  it('ships nothing for an unknown task', () => {
    expect(shippedCheckpointPath('sorting')).toBeUndefined();
    expect(shippedCheckpointText('sorting')).toBeUndefined();
  });
});
