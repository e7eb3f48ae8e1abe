import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, expectOneError, lines, sead } from './test-cli.js';

/**
 * A grid small enough for a test (2 shapes × 2 regimes × 2 seeds, 20 iterations a run). The budget
 * is in iterations, with wall time to spare, so that every record but its seconds is a function of
 * the run alone: shards, workers and reruns must then agree field for field.
 */
const GRID = ['--task', 'parity', '--embedding', '1,2', '--hidden', '2', '--radius', '1', '--regimes', 'chaos,relax-ignore-rule', '--max-iterations', '20', '--max-seconds', '600'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sead-cli-sweep-'));
});

async function recordLines(out: string): Promise<string[]> {
  return lines(await readFile(join(out, 'records.jsonl'), 'utf8'));
}

/** A record without its seconds, the one field that depends on the machine. */
function deterministic(line: string): string {
  const { seconds, ...rest } = JSON.parse(line) as Record<string, unknown>;
  expect(seconds).toEqual(expect.any(Number));
  return JSON.stringify(rest);
}

const keyOf = (line: string) => {
  const r = JSON.parse(line) as { task: string; shape: object; sweepRegime: string; seed: number };
  return JSON.stringify([r.task, r.shape, r.sweepRegime, r.seed]);
};

describe('sead sweep', () => {
  it('resumes: a rerun keeps every record, sets a torn last line aside and repeats no run', async () => {
    const out = join(dir, 'resume');
    const partial = await sead(['sweep', ...GRID, '--seeds', '1', '--out', out]);
    expect(partial.stderr).toBe('');
    expect(partial.status).toBe(0);
    const before = await recordLines(out);
    expect(before).toHaveLength(4);
    // What a kill in the middle of a write leaves.
    await appendFile(join(out, 'records.jsonl'), '{"task":"parity","shape":{"chan');

    const full = await sead(['sweep', ...GRID, '--seeds', '2', '--out', out]);
    expect(full.status).toBe(0);
    expect(full.stdout).toMatch(/^sweep of parity: 8 runs \(2 shapes × 2 regimes × 2 seeds\); 4 already recorded in .* \(a torn last line set aside\), 4 to run on \d+ workers?;/);
    const after = await recordLines(out);
    expect(after).toHaveLength(8);
    expect(after.slice(0, 4)).toEqual(before);
    expect(new Set(after.map(keyOf)).size).toBe(8);
    expect(after.map((line) => (JSON.parse(line) as { seed: number }).seed).sort()).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);

    const again = await sead(['sweep', ...GRID, '--seeds', '2', '--out', out]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/8 already recorded in .*, 0 to run/);
    expect(await recordLines(out)).toEqual(after);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('| C3 E1 H2 r1 | 34 | ');
    expect(report).toMatch(/no configuration below|No run was certified/);
    expect(await readFile(join(out, 'success.svg'), 'utf8')).toMatch(/^<svg /);
  });

  it('killed mid-run, loses no record it wrote and repeats none when run again', async () => {
    const out = join(dir, 'killed');
    const child = spawn(process.execPath, [BIN, 'sweep', ...GRID, '--seeds', '2', '--jobs', '1', '--out', out], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill as soon as the first record is on disk (or let it finish: then nothing is left to lose).
    const file = join(out, 'records.jsonl');
    while (child.exitCode === null && ((await stat(file).catch(() => undefined))?.size ?? 0) === 0) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    // The complete lines: a kill may tear the last one, which the rerun sets aside.
    const text = await readFile(file, 'utf8');
    const kept = lines(text.slice(0, text.lastIndexOf('\n') + 1));
    expect(kept.length).toBeGreaterThan(0);

    const rerun = await sead(['sweep', ...GRID, '--seeds', '2', '--out', out]);
    expect(rerun.status).toBe(0);
    const after = await recordLines(out);
    expect(after.slice(0, kept.length)).toEqual(kept);
    expect(after).toHaveLength(8);
    expect(new Set(after.map(keyOf)).size).toBe(8);
  });

  it('--shard 1/2 and 2/2, merged, give the records of one unsharded run', async () => {
    const [whole, first, second] = await Promise.all([
      sead(['sweep', ...GRID, '--seeds', '2', '--jobs', '2', '--out', join(dir, 'whole')]),
      sead(['sweep', ...GRID, '--seeds', '2', '--jobs', '1', '--shard', '1/2', '--out', join(dir, 'shard-1')]),
      sead(['sweep', ...GRID, '--seeds', '2', '--jobs', '1', '--shard', '2/2', '--out', join(dir, 'shard-2')]),
    ]);
    for (const result of [whole, first, second]) expect(result.status, result.stderr).toBe(0);
    expect(first.stdout).toMatch(/, shard 1\/2 holds 4;/);
    const [a, b] = [await recordLines(join(dir, 'shard-1')), await recordLines(join(dir, 'shard-2'))];
    expect(a).toHaveLength(4);
    expect(b).toHaveLength(4);
    expect(new Set([...a, ...b].map(keyOf)).size).toBe(8);

    const out = join(dir, 'merged');
    // A file twice: a merge keeps one record per run.
    const merged = await sead(['sweep', '--merge', join(dir, 'shard-1', 'records.jsonl'), join(dir, 'shard-2', 'records.jsonl'), join(dir, 'shard-1', 'records.jsonl'), '--out', out]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/^merged 8 records from 3 files into /);
    const joined = (await recordLines(out)).map(deterministic).sort();
    const unsharded = (await recordLines(join(dir, 'whole'))).map(deterministic).sort();
    expect(joined).toEqual(unsharded);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('8 runs.');
  });

  it('refuses bad flags with one line each, before any run', async () => {
    const out = join(dir, 'flags');
    const cases: [string[], RegExp][] = [
      [['--task', 'parity'], /^missing --out \(the directory of the records and the report\)$/],
      [['--task', 'parity', '--out', out, '--shard', '3/2'], /^--shard must be i\/n with 1 <= i <= n <= 100000, e\.g\. 2\/8, got "3\/2"$/],
      [['--task', 'parity', '--out', out, '--shard', 'half'], /^--shard must be i\/n/],
      [['--task', 'parity', '--out', out, '--regimes', 'chaos,annealing'], /^--regimes: unknown regime "annealing"; use chaos, relax, relax-ignore-rule$/],
      [['--task', 'parity', '--out', out, '--hidden', '4,0'], /^--hidden must be a comma-separated list of integers from 1 to 4096, got "4,0"$/],
      [['--task', 'parity', '--out', out, '--seeds', '0'], /^--seeds must be an integer from 1 to 1000, got "0"$/],
      [['--task', 'parity', '--out', out, '--jobs', '0'], /^--jobs must be an integer from 1 to 256, got "0"$/],
      [['--task', 'parity', '--out', out, '--max-seconds=-1'], /^--max-seconds must be a positive number, got "-1"$/],
      [['--task', 'parity', '--out', out, '--embedding', '1,2,3,4,5,6,7,8,9,10', '--hidden', '1,2,3,4,5,6,7,8,9,10,11', '--seeds', '1000'], /^the grid has 660000 runs \(220 shapes × 3 regimes × 1000 seeds\), more than 100000;/],
      [['--task', 'parity', '--out', out, '--embedding', '1024', '--hidden', '4096'], /^--embedding 1024 --hidden 4096 --radius 1: /],
      [['--task', 'parity', '--out', out, 'extra.jsonl'], /^unexpected argument "extra\.jsonl"; see "sead sweep --help" \(only --merge takes files\)$/],
      [['--merge', 'a.jsonl', '--task', 'parity', '--out', out], /^--merge joins record files and writes their report; it takes no --task$/],
      [['--merge', '--out', out], /^--merge needs at least one records file/],
      [['--merge', join(dir, 'none.jsonl'), '--out', out], /^records file .*none\.jsonl does not exist$/],
      [['--task', 'parity', '--out', out, '--features', 'bit,digit-sum'], /^--features: task "parity" has no feature set "digit-sum"; it has default, bit \(or all\)$/],
      [['--task', 'rule110', '--out', out, '--features', 'all,bit'], /^--features: task "rule110" has no feature set "all"; it has default \(or all\)$/],
      [['--merge', 'a.jsonl', '--features', 'bit', '--out', out], /^--merge joins record files and writes their report; it takes no --features$/],
    ];
    // A few at a time: each is a process of its own.
    for (let k = 0; k < cases.length; k += 4) {
      const batch = cases.slice(k, k + 4);
      const results = await Promise.all(batch.map(([args]) => sead(['sweep', ...args])));
      results.forEach((result, j) => expectOneError(result, 2, batch[j][1]));
    }
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    expectOneError(await sead(['sweep', '--task', 'parity', '--out', file]), 2, /^--out .*a-file is a file; give a directory for the records and the report$/);
    await expect(stat(out)).rejects.toThrow();
  }, 120_000);

  it('refuses to mix budgets in one --out, and record files it did not write', async () => {
    const out = join(dir, 'budget');
    expect((await sead(['sweep', ...GRID, '--seeds', '1', '--embedding', '1', '--regimes', 'chaos', '--out', out])).status).toBe(0);
    const other = GRID.map((arg) => (arg === '20' ? '30' : arg));
    expectOneError(await sead(['sweep', ...other, '--seeds', '1', '--out', out]), 1, /records\.jsonl holds runs of parity with a budget of 600 s or 20 iterations, whichever ends first, not 600 s or 30 iterations, whichever ends first; use another --out, or the same budget$/);
    const foreign = join(dir, 'foreign');
    await sead(['sweep', '--merge', join(out, 'records.jsonl'), '--out', foreign]);
    await appendFile(join(foreign, 'records.jsonl'), 'not json\n');
    expectOneError(await sead(['sweep', ...GRID, '--out', foreign]), 1, /records\.jsonl line 2: not JSON; not a sweep record file, or edited$/);
  });

  it('sweeps the feature sets of --features as one more axis, and reads older records as the task\'s own', async () => {
    const out = join(dir, 'features');
    const one = ['--task', 'parity', '--embedding', '1', '--hidden', '2', '--radius', '1', '--regimes', 'chaos', '--seeds', '1', '--max-iterations', '20', '--max-seconds', '600', '--out', out];
    expect((await sead(['sweep', ...one])).status).toBe(0);
    // A record from before sweeps had this axis says nothing of features.
    const [own] = await recordLines(out);
    const { features, ...older } = JSON.parse(own) as Record<string, unknown>;
    expect(features).toBe('default');
    await writeFile(join(out, 'records.jsonl'), JSON.stringify(older) + '\n');

    const all = await sead(['sweep', ...one, '--features', 'all']);
    expect(all.status, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^sweep of parity: 2 runs \(2 shapes × 1 regimes × 1 seeds\); 1 already recorded in .*, 1 to run/);
    const records = (await recordLines(out)).map((line) => JSON.parse(line) as { features?: string; params: number });
    expect(records.map((r) => [r.features, r.params])).toEqual([
      [undefined, 34],
      ['bit', 33],
    ]);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('| C3 E1 H2 r1 (bit) | 33 | 0/1 |');
    expect(report).toContain('| C3 E1 H2 r1 | 34 | 0/1 |');
  });
});
