import { describe, expect, inject, it } from 'vitest';
import { parity, addition, rule110, seededRandom, type Task } from '@sead/tasks';
import { expectOneError, jsonLines, sead } from './test-cli.js';

const fixtures = inject('fixtures');

/** Random and adversarial instances of a task as JSON Lines. */
function inputs(task: Task<any, any>, length: number): string {
  const random = seededRandom(length);
  const instances = [...Array.from({ length: 6 }, () => task.random(length, random)), ...task.adversarial(length).map((a) => a.instance)];
  return instances.map((x) => JSON.stringify(task.format(x))).join('\n');
}

describe('--engine', () => {
  it.each([
    [parity, 'parity'],
    [addition, 'addition'],
    [rule110, 'rule110'],
  ] as const)('dense and sparse give the same answers, steps and convergence (%s)', async (task, id) => {
    const input = inputs(task, 40);
    const dense = await sead(['predict', '--task', id, '--model', fixtures[id], '--engine', 'dense'], input);
    const sparse = await sead(['predict', '--task', id, '--model', fixtures[id], '--engine', 'sparse'], input);
    expect(dense.status, dense.stderr).toBe(0);
    expect(jsonLines(sparse.stdout)).toEqual(jsonLines(dense.stdout));
    expect(jsonLines(dense.stdout)).toHaveLength(input.split('\n').length);
  });

  it('reports the certificate of a discrete model in info', async () => {
    const info = JSON.parse((await sead(['info', '--task', 'addition', '--model', fixtures.addition, '--json'])).stdout);
    expect(info.certificate).toMatchObject({ neighbourhoods: 200 * 201 * 201, tableEqualsNetwork: expect.any(Boolean) });
    expect(info.certificate.weightsHash).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
  });

  it('names an unknown engine', async () => {
    expectOneError(await sead(['predict', '--task', 'parity', '--engine', 'warp'], '{"bits":"1"}'), 2, /--engine must be one of dense, sparse, auto, got "warp"/);
  });
});
