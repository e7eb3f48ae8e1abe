import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { expectOneError, sead } from './test-cli.js';

const fixtures = inject('fixtures');

describe('errors: one stderr line, no stack trace', () => {
  it('rejects an unknown task with the list of known ones (usage error, exit 2)', async () => {
    const result = await sead(['predict', '--task', 'sorting'], '{"bits":"1"}\n');
    expectOneError(result, 2, /^unknown task "sorting"; known tasks: parity, addition, rule110, multiplication$/);
    expect(result.stdout).toBe('');
  });

  it('rejects a missing --task', async () => {
    expectOneError(await sead(['info']), 2, /^missing --task; known tasks: parity, addition, rule110, multiplication$/);
  });

  it('rejects a checkpoint of another task', async () => {
    const result = await sead(['predict', '--task', 'addition', '--model', fixtures.parity], '{"a":"1","b":"2"}\n');
    expectOneError(result, 1, /was trained for task "parity", not "addition"/);
    expect(result.stdout).toBe('');
  });

  it('rejects a truncated checkpoint, a non-JSON one and a missing file, naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sead-cli-errors-'));
    const text = await readFile(fixtures.addition, 'utf8');
    const truncated = join(dir, 'truncated.json');
    await writeFile(truncated, text.slice(0, Math.floor(text.length / 2)));
    const notJson = join(dir, 'notes.json');
    await writeFile(notJson, 'these are not weights\n');
    const missing = join(dir, 'missing.json');
    const notCheckpoint = join(dir, 'other.json');
    await writeFile(notCheckpoint, '{"hello":"world"}');
    for (const [path, message] of [
      [truncated, /truncated\.json is not valid JSON \(truncated or corrupt\?\)/],
      [notJson, /notes\.json is not valid JSON/],
      [missing, /missing\.json does not exist/],
      [notCheckpoint, /other\.json: is not a SEAD checkpoint/],
    ] as const) {
      expectOneError(await sead(['predict', '--task', 'addition', '--model', path], '{"a":"1","b":"2"}\n'), 1, message);
      expectOneError(await sead(['info', '--task', 'addition', '--model', path]), 1, message);
    }
  });

  it('rejects unknown commands and options (strict parsing, exit 2)', async () => {
    expectOneError(await sead(['fly']), 2, /^unknown command "fly"; commands: predict, train, eval, info, reproduce, diagram, baselines, sweep$/);
    expectOneError(await sead(['predict', '--task', 'parity', '--colour']), 2, /^unknown option --colour; see "sead predict --help"$/);
    expectOneError(await sead(['info', '--task']), 2, /^--task needs a value/);
    expectOneError(await sead(['info', '--task', 'parity', 'extra']), 2, /^unexpected argument "extra"/);
    expectOneError(await sead(['--verbose']), 2, /^unknown option --verbose/);
    expectOneError(await sead([]), 2, /^missing command/);
  });

  it('validates numbers', async () => {
    const out = join(tmpdir(), 'sead-cli-never-written.json');
    expectOneError(await sead(['train', '--task', 'addition', '--out', out, '--seed', 'abc']), 2, /^--seed must be an integer, got "abc"$/);
    expectOneError(await sead(['train', '--task', 'addition', '--out', out, '--max-iterations', '0']), 2, /^--max-iterations must be an integer from 1/);
    expectOneError(await sead(['train', '--task', 'addition', '--out', out, '--lr=-1']), 2, /^--lr must be a positive number, got "-1"$/);
    expectOneError(await sead(['train', '--task', 'addition', '--out', out, '--lr', '-1']), 2, /^--lr needs a value; to give one that starts with "-", write --lr=<value>/);
    expectOneError(await sead(['train', '--task', 'addition', '--out', out, '--regime', 'fast']), 2, /^--regime must be relax, relax-continuous or chaos, got "fast"/);
    expectOneError(await sead(['train', '--task', 'rule110', '--out', out, '--regime', 'relax-continuous']), 2, /rule110.*--regime relax or chaos/);
    expectOneError(await sead(['train', '--task', 'addition']), 2, /^missing --out/);
    expectOneError(await sead(['predict', '--task', 'parity', '--max-steps', '1.5']), 2, /^--max-steps must be an integer, got "1.5"$/);
  });

  it('rejects absurd sweep lengths', async () => {
    for (const lengths of ['0', '-4', '16,2.5', '20000000', '16,,64', 'abc', '']) {
      expectOneError(await sead(['eval', '--task', 'addition', '--model', fixtures.addition, `--lengths=${lengths}`]), 2, /^--lengths/);
    }
  });

  it('rejects an unknown backend with the available ones', async () => {
    expectOneError(await sead(['predict', '--task', 'parity', '--model', fixtures.parity, '--backend', 'quantum']), 2, /^unknown backend "quantum"; available: .*cpu.*wasm/);
  });
});

describe('help and version', () => {
  it('prints usage for sead --help and each command', async () => {
    const top = await sead(['--help']);
    expect(top.status).toBe(0);
    for (const name of ['predict', 'train', 'eval', 'info', 'reproduce']) {
      expect(top.stdout).toContain(name);
      const own = await sead([name, '--help']);
      expect(own.status).toBe(0);
      expect(own.stdout).toMatch(new RegExp(`^Usage: sead ${name} `));
      expect(own.stderr).toBe('');
    }
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await sead(['--version']);
    expect(result).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});
