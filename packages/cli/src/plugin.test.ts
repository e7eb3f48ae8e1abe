import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneError, jsonLines, sead } from './test-cli.js';

const PLUGIN = fileURLToPath(new URL('../test/fixtures/prefix-or-plugin.mjs', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sead-plugin-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--plugin', () => {
  it('trains, describes and answers with a task from a plugin module', async () => {
    const model = join(dir, 'prefix-or.json');
    const trained = await sead(['train', '--plugin', PLUGIN, '--task', 'prefix-or', '--out', model, '--json']);
    expect(trained.status, trained.stderr).toBe(0);
    expect(JSON.parse(trained.stdout)).toMatchObject({ task: 'prefix-or', solved: true });
    const info = await sead(['info', '--plugin', PLUGIN, '--task', 'prefix-or', '--model', model, '--json']);
    expect(JSON.parse(info.stdout)).toMatchObject({ task: 'prefix-or', regime: 'chaos' });
    // A plugin without a byte-level path gets long strings (read as bytes) back as strings.
    const bits = ['0000', '0010', '1' + '0'.repeat(99), '0'.repeat(150) + '1', '0'.repeat(200), '0'.repeat(9000) + '1', '0'.repeat(9001)];
    const out = await sead(['predict', '--plugin', PLUGIN, '--task', 'prefix-or', '--model', model], bits.map((b) => JSON.stringify({ bits: b })).join('\n'));
    expect(out.status, out.stderr).toBe(0);
    expect(jsonLines(out.stdout).map((line) => line.output)).toEqual(['0', '1', '1', '1', '0', '1', '0']);
    const svg = join(dir, 'prefix-or.svg');
    const drawn = await sead(['diagram', '--plugin', PLUGIN, '--task', 'prefix-or', '--model', model, '--input', '{"bits":"00100"}', '--out', svg, '--json']);
    expect(drawn.status, drawn.stderr).toBe(0);
    expect(JSON.parse(drawn.stdout)).toMatchObject({ task: 'prefix-or', cells: 5, steps: 3, correct: true, wrongPoints: 0 });
    expect(await readFile(svg, 'utf8')).toContain('prefix-or: 5 cells, 3 steps, answer correct');
  }, 60_000);

  it('trains and answers with a plugin task read through another of its feature sets, <id>:<name>', async () => {
    const model = join(dir, 'prefix-or-bit.json');
    const trained = await sead(['train', '--plugin', PLUGIN, '--task', 'prefix-or:bit', '--out', model, '--json']);
    expect(trained.status, trained.stderr).toBe(0);
    expect(JSON.parse(trained.stdout)).toMatchObject({ task: 'prefix-or:bit', solved: true });
    expect(JSON.parse(await readFile(model, 'utf8'))).toMatchObject({ task: 'prefix-or:bit', config: { features: 1 } });
    const out = await sead(['predict', '--plugin', PLUGIN, '--task', 'prefix-or:bit', '--model', model], ['0000', '0010'].map((b) => JSON.stringify({ bits: b })).join('\n'));
    expect(out.status, out.stderr).toBe(0);
    expect(jsonLines(out.stdout).map((line) => line.output)).toEqual(['0', '1']);
    // The model reads one feature; the task's own set has two: the checkpoint says which it was trained on.
    expectOneError(await sead(['predict', '--plugin', PLUGIN, '--task', 'prefix-or', '--model', model], '{"bits":"1"}'), 1, /was trained for task "prefix-or:bit", not "prefix-or"/);
    expectOneError(await sead(['info', '--plugin', PLUGIN, '--task', 'prefix-or:one-hot', '--model', model]), 2, /^task "prefix-or" has no input features "one-hot"; its feature sets: default, bit$/);
  }, 60_000);

  it('names a plugin that cannot be loaded or exports no task', async () => {
    expectOneError(await sead(['info', '--plugin', './no/such/plugin.mjs', '--task', 'x']), 1, /plugin "\.\/no\/such\/plugin\.mjs" could not be loaded/);
    const empty = join(dir, 'empty.mjs');
    await writeFile(empty, 'export const nothing = 1;\n');
    expectOneError(await sead(['info', '--plugin', empty, '--task', 'x']), 1, /exports no task/);
    const bad = join(dir, 'bad.mjs');
    await writeFile(bad, 'export default { id: "Bad Id", inputAlphabet: [[1]], stateSymbols: ["0", "1"] };\n');
    expectOneError(await sead(['info', '--plugin', bad, '--task', 'x']), 1, /^plugin ".*bad\.mjs": defineTask: id must match .*, got "Bad Id"$/);
  });

  it('says how to install an @sead package that a plugin outside any project imports', async () => {
    const { dependencies } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    // The temporary directory is outside the repository: nothing there resolves @sead/*.
    const plugins: [file: string, source: string, missing: string][] = [
      ['tasks.mjs', "import { defineTask } from '@sead/tasks';\nexport default defineTask({});\n", '@sead/tasks'],
      ['training.mjs', "export * from '@sead/core/training';\n", '@sead/core'],
      ['required.cjs', "module.exports = require('@sead/tasks').parity;\n", '@sead/tasks'],
    ];
    for (const [file, source, missing] of plugins) {
      const path = join(dir, file);
      await writeFile(path, source);
      const message = expectOneError(await sead(['info', '--plugin', path, '--task', 'x']), 1);
      expect(message).toBe(`plugin "${path}" imports ${missing}, which is not installed where the plugin is: run "npm install ${missing}@${dependencies[missing]}" in the plugin's project`);
    }
    // Any other missing package is Node's own message.
    const other = join(dir, 'other.mjs');
    await writeFile(other, "import 'sead-no-such-package';\n");
    expectOneError(await sead(['info', '--plugin', other, '--task', 'x']), 1, /could not be loaded: Cannot find package 'sead-no-such-package' imported from /);
  });
});
