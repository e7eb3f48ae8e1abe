import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { predict, SeadModel } from '@sead/core';
import { parity } from '@sead/tasks';
import { useNodeBackend } from './backend.js';

describe('useNodeBackend', () => {
  it('runs a model on cpu and on wasm alike', async () => {
    const answers = [];
    for (const name of ['cpu', 'wasm'] as const) {
      expect(await useNodeBackend(name)).toBe(name);
      const model = SeadModel.create(parity, parity.recipe!.model, 'discrete', 3);
      answers.push(predict(model, parity, { bits: '0110100' }, { engine: 'dense' }));
      model.dispose();
    }
    expect(answers[1].run.symbols).toEqual(answers[0].run.symbols);
    expect(await useNodeBackend()).toBe('cpu');
  });

  it('lets a script run a model without tfjs printing anything', () => {
    // A fresh process, as a user's script: the built package, a model, a prediction.
    const script = `
      const { useNodeBackend } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
      const { predict, SeadModel } = await import('@sead/core');
      const { parity } = await import('@sead/tasks');
      await useNodeBackend();
      const model = SeadModel.create(parity, parity.recipe.model, 'discrete', 3);
      process.stdout.write(String(predict(model, parity, { bits: '0110' }, { engine: 'dense' }).steps));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
    expect(child.stderr).toBe('');
    expect(child.stdout).toMatch(/^\d+$/);
  });
});
