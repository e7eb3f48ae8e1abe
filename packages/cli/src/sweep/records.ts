import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import type { ModelShape } from '@sead/core';
import { messageOf, OWN_FEATURES } from '@sead/tasks';
import { Failure } from '../errors.js';
import { runKey, SWEEP_REGIMES, type SweepBudget, type SweepRegime } from './grid.js';

/** One finished run: a line of records.jsonl. */
export interface SweepRecord {
  readonly task: string;
  /**
   * The task's feature set the model read its input through (`Task.inputFeatures`); absent in
   * records written before sweeps had that axis, which read the task's own (`"default"`).
   */
  readonly features?: string;
  readonly shape: ModelShape;
  readonly params: number;
  /** The sweep's regime, and the trainer's regime and ignoreRule it stands for. */
  readonly sweepRegime: SweepRegime;
  readonly regime: string;
  readonly ignoreRule: boolean;
  readonly seed: number;
  readonly budget: SweepBudget;
  /** The trainer's verdict (see `TrainResult.solved`). */
  readonly solved: boolean;
  /** Every validation answer exact. */
  readonly validated: boolean;
  /** The run passed the sweep's judge. */
  readonly certified: boolean;
  /**
   * What `certified` was judged by: the certificate over reachable neighbourhoods where the task
   * has a rule and the model's table can be compiled, otherwise the evaluator's length sweep to
   * 4096 on random and adversarial instances.
   */
  readonly judge: 'certificate' | 'sweep to 4096';
  /** Why a model of a task with a rule could not be certified, so that the sweep judged it (`certificationProblem`). */
  readonly uncertifiable?: string;
  /** The certificate's status (`Certification.status` of @sead/trainer). */
  readonly certification: string;
  readonly iterations: number;
  readonly seconds: number;
  /** A run that passed the sweep to 4096 (its judge), run again at 10⁶ (`LongCheck`). */
  readonly long?: LongCheck;
}

/**
 * A run that passed the sweep to 4096 (a task without a reference rule, or a model whose table is
 * too large to certify), run at one long length (10⁶) on its compiled table: random instances and one of every adversarial family. An instance over the sweep's bound
 * on cell updates counts as not answered.
 */
export interface LongCheck {
  readonly length: number;
  readonly correct: number;
  readonly total: number;
  /** Every instance answered exactly, and the length was not skipped. */
  readonly exact: boolean;
  readonly seconds: number;
  /** Why the length was not run, when it was not (the model's bound on work). */
  readonly skipped?: string;
}

/** A record file read back: its records by key, and the bytes that end in a complete line. */
export interface RecordFile {
  readonly records: Map<string, SweepRecord>;
  /** Bytes up to the last complete line: a run killed mid-write leaves a torn line after them. */
  readonly completeBytes: number;
  /** Whether a torn last line was found (and is not counted). */
  readonly torn: boolean;
}

/**
 * Reads a record file; a missing file has no records. A last line without its newline is what a
 * kill during a write leaves: it is set aside, and the run it was for runs again. Any other line
 * that is not a record is an error naming it: a file we did not write is not overwritten.
 */
export async function readRecords(path: string): Promise<RecordFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: new Map(), completeBytes: 0, torn: false };
    throw new Failure(`cannot read ${path}: ${messageOf(error)}`);
  }
  const completeBytes = bytes.lastIndexOf(0x0a) + 1;
  const lines = bytes.subarray(0, completeBytes).toString('utf8').split('\n').slice(0, -1);
  const records = new Map<string, SweepRecord>();
  lines.forEach((line, k) => {
    if (line.trim() === '') return;
    const record = parseRecord(line);
    if (typeof record === 'string') throw new Failure(`${path} line ${k + 1}: ${record}; not a sweep record file, or edited`);
    records.set(recordKey(record), record);
  });
  return { records, completeBytes, torn: completeBytes < bytes.length };
}

/** A record's key (see `runKey`). */
export function recordKey(record: SweepRecord): string {
  return runKey({ task: record.task, features: featuresOf(record), shape: record.shape, regime: record.sweepRegime, seed: record.seed });
}

/** The feature set a record's model read (the task's own in records that do not say). */
export function featuresOf(record: Pick<SweepRecord, 'features'>): string {
  return record.features ?? OWN_FEATURES;
}

/** A line as a record, or why it is none. */
function parseRecord(line: string): SweepRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  const r = value as Partial<SweepRecord> | null;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'not a JSON object';
  const shape = r.shape as Partial<ModelShape> | undefined;
  const wellFormed =
    typeof r.task === 'string' &&
    (r.features === undefined || typeof r.features === 'string') &&
    typeof shape === 'object' &&
    shape !== null &&
    (['channels', 'embedding', 'hidden', 'radius'] as const).every((k) => Number.isInteger(shape[k])) &&
    typeof r.sweepRegime === 'string' &&
    Object.hasOwn(SWEEP_REGIMES, r.sweepRegime) &&
    Number.isInteger(r.seed) &&
    typeof r.certified === 'boolean' &&
    typeof r.budget === 'object' &&
    r.budget !== null;
  return wellFormed ? (r as SweepRecord) : 'a record needs task, shape, sweepRegime, seed, budget and certified';
}

/**
 * Appends records to a file, one line each, each on disk (fsync) before the next run is
 * reported done: a sweep killed at any moment keeps every record it announced. A torn last line
 * left by an earlier kill is cut off first, so that the next record starts a line of its own.
 */
export class RecordWriter {
  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string, existing: RecordFile): Promise<RecordWriter> {
    if (existing.torn) await truncate(path, existing.completeBytes);
    return new RecordWriter(await open(path, 'a'));
  }

  async append(record: SweepRecord): Promise<void> {
    await this.handle.appendFile(JSON.stringify(record) + '\n');
    await this.handle.sync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
