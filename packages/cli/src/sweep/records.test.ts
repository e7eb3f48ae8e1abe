import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecords, recordKey, RecordWriter, type SweepRecord } from './records.js';

const record = (seed: number, certified = false): SweepRecord => ({
  task: 'parity',
  shape: { channels: 3, embedding: 2, hidden: 4, radius: 1 },
  params: 97,
  sweepRegime: 'chaos',
  regime: 'chaos',
  ignoreRule: false,
  seed,
  budget: { maxSeconds: 10, maxIterations: null },
  solved: certified,
  validated: certified,
  certified,
  judge: 'certificate',
  certification: certified ? 'exact' : 'differs',
  iterations: 100,
  seconds: 1.5,
});

describe('sweep record files', () => {
  it('appends one line per record, and sets a torn last line aside before the next', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'sead-records-')), 'records.jsonl');
    expect((await readRecords(path)).records.size).toBe(0);
    let writer = await RecordWriter.open(path, await readRecords(path));
    await writer.append(record(1, true));
    await writer.close();
    await appendFile(path, '{"task":"par');
    const torn = await readRecords(path);
    expect(torn.torn).toBe(true);
    expect([...torn.records.keys()]).toEqual([recordKey(record(1))]);
    writer = await RecordWriter.open(path, torn);
    await writer.append(record(2));
    await writer.close();
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toEqual([JSON.stringify(record(1, true)), JSON.stringify(record(2)), '']);
    expect((await readRecords(path)).torn).toBe(false);
  });

  it('refuses a bad line that is not the last, naming it', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'sead-records-')), 'records.jsonl');
    await writeFile(path, `${JSON.stringify(record(1))}\n{"task":"parity"}\n${JSON.stringify(record(2))}\n`);
    await expect(readRecords(path)).rejects.toThrow(/records\.jsonl line 2: a record needs task, shape, sweepRegime, seed, budget and certified/);
  });
});
