import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeadModel, toCheckpoint } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { addition } from '@sead/tasks';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { countOption } from './args.js';
import { expectOneError, jsonLines, sead } from './test-cli.js';

const fixtures = inject('fixtures');

beforeAll(async () => {
  await useNodeBackend();
});

describe('bounds: every run and compile is bounded before it starts', () => {
  it('refuses a rollout of 10⁷ cells × 10⁷ steps on its own line, and answers the next', async () => {
    const input = [JSON.stringify({ cells: '1'.repeat(10_000_000), steps: 10_000_000 }), '{"cells":"0110","steps":3}'].join('\n');
    const result = await sead(['predict', '--task', 'rule110', '--model', fixtures.rule110], input);
    const replies = jsonLines(result.stdout);
    expect(replies[0].error).toBe('line 1: a rollout of 1e7 cells × 1e7 steps is 1e14 cell updates, more than the bound of 1e10; raise it with --max-updates');
    expect(replies[1]).toEqual({ output: '1110', steps: 3, converged: true });
    expect(result.status).toBe(1);
  });

  it('stops a fixed-point run at --max-updates with an error line, and answers when it is raised', async () => {
    const input = JSON.stringify({ bits: '1'.repeat(500) });
    const capped = await sead(['predict', '--task', 'parity', '--model', fixtures.parity, '--max-updates', '1000'], input);
    expect(jsonLines(capped.stdout)[0].error).toMatch(/^line 1: the run reached the bound of 1,000 cell updates after \d+ steps \(\d[\d,]* updates\) without settling; raise it with --max-updates$/);
    expect(capped.status).toBe(1);
    const free = await sead(['predict', '--task', 'parity', '--model', fixtures.parity, '--max-updates', '1e4'], input);
    expect(jsonLines(free.stdout)).toEqual([{ output: '0', steps: 500, converged: true }]);
  });

  it('refuses a model whose table is over the compile bound before reading input, and info says it was not checked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sead-bounds-'));
    const model = SeadModel.create(addition, { channels: 2, embedding: 2, hidden: 64, radius: 1 }, 'discrete', 1);
    const path = join(dir, 'wide.json');
    await writeFile(path, JSON.stringify(toCheckpoint(model)));
    model.dispose();
    const started = performance.now();
    const refused = await sead(['predict', '--task', 'addition', '--model', path], '{"a":"1","b":"2"}\n');
    expectOneError(refused, 1, /^compiling the table takes 8\.12e6 table entries × 4,288 multiply-adds = 3\.48e10, more than the bound of 2e9; raise it with --max-compile, or run with --engine dense$/);
    expect(refused.stdout).toBe('');
    const dense = await sead(['predict', '--task', 'addition', '--model', path, '--engine', 'dense'], '{"a":"1","b":"2"}\n');
    expect(jsonLines(dense.stdout)[0]).toHaveProperty('steps');
    const info = await sead(['info', '--task', 'addition', '--model', path, '--json']);
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ params: expect.any(Number), certificate: null, uncertified: expect.stringMatching(/^compiling the table takes .* raise it with --max-compile/) });
    const text = await sead(['info', '--task', 'addition', '--model', path]);
    expect(text.stdout).toMatch(/^exact: +not checked: compiling the table takes/m);
    // Spawning four processes: far below the minute the compile would take.
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('reads bounds as digits or in exponent form, and rejects anything else in one line', async () => {
    expect(countOption({ n: '1e10' }, 'n')).toBe(1e10);
    expect(countOption({ n: '2.5e9' }, 'n')).toBe(2.5e9);
    expect(countOption({ n: '10_000' }, 'n')).toBe(10_000);
    expect(countOption({}, 'n')).toBeUndefined();
    for (const bad of ['0', '-5', '1.5', 'lots', '1e', '']) expect(() => countOption({ n: bad }, 'n'), bad).toThrow(/^--n must be a whole number from 1 to 1e18/);
    expectOneError(await sead(['predict', '--task', 'parity', '--max-updates', 'many'], ''), 2, /^--max-updates must be a whole number/);
  });
});
