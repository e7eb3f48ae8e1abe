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

  it('names a plugin that cannot be loaded or exports no task', async () => {
    expectOneError(await sead(['info', '--plugin', './no/such/plugin.mjs', '--task', 'x']), 1, /plugin "\.\/no\/such\/plugin\.mjs" could not be loaded/);
    const empty = join(dir, 'empty.mjs');
    await writeFile(empty, 'export const nothing = 1;\n');
    expectOneError(await sead(['info', '--plugin', empty, '--task', 'x']), 1, /exports no task/);
    const bad = join(dir, 'bad.mjs');
    await writeFile(bad, 'export default { id: "Bad Id", inputAlphabet: [[1]], stateSymbols: ["0", "1"] };\n');
    expectOneError(await sead(['info', '--plugin', bad, '--task', 'x']), 1, /^plugin ".*bad\.mjs": defineTask: id must match .*, got "Bad Id"$/);
  });
});
