import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCheckpoint, useNodeBackend } from '@sead/node';
import { addition, parity, rule110, type Task } from '@sead/tasks';
import { train } from '@sead/trainer';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Checkpoints trained by the trainer API for the tests, by task id, and the directory holding them. */
    fixtures: { dir: string; parity: string; addition: string; rule110: string };
  }
}

/**
 * Chaos training (single steps of the reference rule) is the quickest to an exact model. Whether a
 * seed gets there within a small budget varies, so seeds are tried in order until one does; every
 * fixture is validated at lengths beyond training, so the tests below can demand exact answers.
 */
async function trainFixture(task: Task<any, any>, dir: string, validationLengths: number[], maxIterations: number): Promise<string> {
  const path = join(dir, `${task.id}.json`);
  for (let seed = 1; seed <= 16; seed++) {
    const result = await train({ task, regime: 'chaos', seed, maxIterations, validationLengths, validationSize: 16 });
    result.model.dispose();
    if (result.solved) {
      await saveCheckpoint(path, result.checkpoint);
      return path;
    }
  }
  throw new Error(`no seed from 1 to 16 trained ${task.id} within ${maxIterations} iterations`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await useNodeBackend();
  const dir = await mkdtemp(join(tmpdir(), 'sead-cli-fixtures-'));
  project.provide('fixtures', {
    dir,
    // Budgets from experience: a seed that gets there at all usually does within these.
    parity: await trainFixture(parity, dir, [48], 150),
    addition: await trainFixture(addition, dir, [64], 150),
    rule110: await trainFixture(rule110, dir, [32], 100),
  });
  return () => rm(dir, { recursive: true, force: true });
}
