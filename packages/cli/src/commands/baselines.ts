import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BASELINES, BaselineModel, toBaselineCheckpoint, trainBaseline, type BaselineName, type BaselineShape } from '@sead/baselines';
import type { CheckpointOptions } from '@sead/core';
import { comparisonTable, DEFAULT_LENGTHS, DEFAULT_MAX_WORK, formatTable, lengthSweep, reportName, type SweepReport } from '@sead/evaluator';
import { writeFileAtomic } from '@sead/node';
import type { Task } from '@sead/tasks';
import { countOption, integerOption, lengthsOption, listOption, optionalString, positiveNumberOption, type OptionValues } from '../args.js';
import { selectBackend } from '../backend.js';
import { allowEditedOption, backendOption, helpOption, jsonOption, modelOption, taskOption, type Command } from '../command.js';
import { Failure, UsageError } from '../errors.js';
import { secondsText } from '../format.js';
import { printLine, printLines } from '../output.js';
import { durationText, LINE_EVERY, LiveLine, progressMode, SweepProgress, type ProgressMode } from '../progress.js';
import { checkpointOptions, loadModel } from '../model-source.js';
import { machineText, reportObject, runFacts, writeReports } from '../report-files.js';
import { resolveTask } from '../task-option.js';
import { MAX_SEED } from './train.js';

/** Every model the comparison can hold: SEAD's, and each baseline. */
export const COMPARED = ['sead', ...BASELINES] as const;

/**
 * A baseline's shape at width d: a Transformer encoder of vector width d (two layers, two heads, a
 * feed-forward block of 4d), a recurrent network of 2d units each way. The default d = 16 gives a
 * few thousand to some tens of thousands of parameters, the range of the issue's comparison;
 * --widths spans 500 to 1,000 (d = 4) to 100,000 to 140,000 (d = 64). A Transformer without
 * positions is causal: without a mask it could not tell one order of its cells from another. A
 * learned position table gets its rows in `baselineShape`.
 */
function shapeAt(name: BaselineName, d: number): BaselineShape {
  const transformer = { architecture: 'transformer', width: d, layers: 2, heads: 2, feedForward: 4 * d } as const;
  switch (name) {
    case 'transformer-learned':
      return { ...transformer, positions: 'learned', maxPositions: 1, causal: false };
    case 'transformer-rotary':
      return { ...transformer, positions: 'rotary', maxPositions: 0, causal: false };
    case 'transformer-none':
      return { ...transformer, positions: 'none', maxPositions: 0, causal: true };
    default:
      return { architecture: name, width: 2 * d };
  }
}

const DEFAULT_WIDTH = 16;
/** Widths --widths takes: a multiple of 4 (two heads, each of an even width for rotary positions). */
const MAX_WIDTH = 256;

/** Most rows of a learned position table: lengths past it are not run (the model cannot read them). */
const MAX_LEARNED_POSITIONS = 65_536;

/** The budget and sweep of a full run, and of --quick (a few minutes on a laptop's CPU). */
const FULL = { iterations: 5000, randomPerLength: 16 };
const QUICK = { iterations: 1000, randomPerLength: 4 };
const DEFAULT_LEARNING_RATE = 3e-3;
/**
 * The backend unless --backend says otherwise: on wasm the baselines train several times faster
 * than on cpu, and a Transformer's L × L attention runs an order of magnitude faster at long lengths.
 */
const DEFAULT_BACKEND = 'wasm';
const DEFAULT_TRAIN_LENGTHS: [number, number] = [1, 16];
const DEFAULT_BATCH = 32;
/** The longest training instances: a batch is B lattices of this many cells, through every model. */
const MAX_TRAIN_LENGTH = 1000;

const help = `Usage: sead baselines --task <id> [options]

Trains sequence baselines (a Transformer encoder with learned, rotary or no positions; an LSTM; a
GRU) on the task's per-cell targets, the supervision of SEAD's relax regime, every one with the
same lengths, seed, batches and iteration budget; then sweeps them and SEAD's model with the same
evaluator (the same instances at every length) and prints exact match by length per model.

Options:
  -t, --task <id>            task (parity, addition, rule110, or a plugin's with cellTargets)
      --plugin <module>      load tasks from a plugin module (a file or package; repeatable)
      --quick                a run of a few minutes: ${QUICK.iterations} iterations, ${QUICK.randomPerLength} random instances per
                             length (either can still be set)
      --arch <list>          models to compare, comma-separated (default all):
                             ${COMPARED.join(', ')}
      --train-lengths <a,b>  instance lengths trained on, a to b (default ${DEFAULT_TRAIN_LENGTHS.join(',')}; 1,40 is the
                             Chomsky-hierarchy benchmark's setting); b at most ${MAX_TRAIN_LENGTH}
      --widths <list>        widths d of the baselines, each a model of its own (default ${DEFAULT_WIDTH}): a
                             Transformer of width d (2 layers, 2 heads, feed-forward 4d), an LSTM
                             or GRU of 2d units each way; multiples of 4 up to ${MAX_WIDTH} (4 gives
                             500 to 1,000 parameters, 64 about 100,000 to 140,000)
      --iterations <N>       iteration budget of every baseline (default ${FULL.iterations})
      --max-seconds <S>      wall-time bound of each baseline's training (default none)
      --lr <X>               Adam learning rate of every baseline (default ${DEFAULT_LEARNING_RATE})
      --batch <N>            instances per iteration (default ${DEFAULT_BATCH})
      --seed <N>             seed of every baseline's weights and batches and of the sweep (default 0)
      --lengths <list>       lengths swept (default ${DEFAULT_LENGTHS.join(',')})
      --per-length <N>       random instances per length (default ${FULL.randomPerLength}), beside every adversarial family
      --max-work <N>         most multiply-adds one instance may take (default ${DEFAULT_MAX_WORK.toExponential()}): a length
                             over it is not run (a Transformer's attention grows as L²)
  -m, --model <file>         SEAD checkpoint compared (default: the model shipped for the task)
      --allow-edited         load that checkpoint even if it was edited after training
  -o, --out <dir>            also write report.json, report.md, its plots and each baseline's
                             checkpoint (<arch>.json) into this directory
      --json                 print the report as JSON instead of the table, and no progress
      --backend <name>       tfjs backend: wasm (default here: several times faster for these
                             models) or cpu
  -h, --help                 show this help

SEAD is not retrained: its checkpoint's own training record (regime, iterations) is in the report.

Exit status: 0 when the comparison ran, whatever it shows.`;

export const baselinesCommand: Command = {
  name: 'baselines',
  summary: 'train Transformer, LSTM and GRU baselines and sweep them beside SEAD',
  help,
  options: {
    ...taskOption,
    quick: { type: 'boolean' },
    arch: { type: 'string' },
    'train-lengths': { type: 'string' },
    widths: { type: 'string' },
    iterations: { type: 'string' },
    'max-seconds': { type: 'string' },
    lr: { type: 'string' },
    batch: { type: 'string' },
    seed: { type: 'string' },
    lengths: { type: 'string' },
    'per-length': { type: 'string' },
    'max-work': { type: 'string' },
    ...modelOption,
    ...allowEditedOption,
    out: { type: 'string', short: 'o' },
    ...jsonOption,
    ...backendOption,
    ...helpOption,
  },
  async run(values: OptionValues): Promise<number> {
    const started = performance.now();
    const task = await resolveTask(values);
    const budget = values.quick === true ? QUICK : FULL;
    const models = archOption(values);
    const trainLengths = trainLengthsOption(values);
    const widths = widthsOption(values);
    const iterations = integerOption(values, 'iterations', 1, 10_000_000) ?? budget.iterations;
    const maxSeconds = positiveNumberOption(values, 'max-seconds');
    const learningRate = positiveNumberOption(values, 'lr') ?? DEFAULT_LEARNING_RATE;
    const batchSize = integerOption(values, 'batch', 1, 4096) ?? DEFAULT_BATCH;
    const seed = integerOption(values, 'seed', 0, MAX_SEED) ?? 0;
    const lengths = lengthsOption(values, 'lengths') ?? DEFAULT_LENGTHS;
    const randomPerLength = integerOption(values, 'per-length', 0, 1_000_000) ?? budget.randomPerLength;
    const maxWork = countOption(values, 'max-work') ?? DEFAULT_MAX_WORK;
    const modelPath = optionalString(values, 'model');
    const outDir = optionalString(values, 'out');
    const json = values.json === true;
    if (!models.includes('sead') && (modelPath !== undefined || values['allow-edited'] === true)) {
      throw new UsageError('--model and --allow-edited name the SEAD checkpoint compared; --arch leaves SEAD out');
    }
    if (models.some((m) => m !== 'sead') && task.dimensions === 2) {
      throw new Failure(`task "${task.id}" lays its lattices out as grids; the baselines read sequences (a grid's cells in a row would be a different task)`);
    }
    if (models.some((m) => m !== 'sead') && !task.cellTargets) {
      throw new Failure(`task "${task.id}" has no cellTargets: the baselines learn every cell's target symbol`);
    }
    if (outDir !== undefined) await prepareDirectory(outDir);
    const backend = await selectBackend(values.backend ?? DEFAULT_BACKEND);
    const mode = progressMode(json);
    const say = (line: string) => void (mode === 'silent' ? undefined : process.stdout.write(line + '\n'));
    const run: ComparisonRun = { task, trainLengths, iterations, maxSeconds, learningRate, batchSize, seed, sweep: { lengths, randomPerLength, seed, maxWork }, outDir, mode, say };

    const reports: SweepReport[] = [];
    const trainingSeconds: Record<string, number> = {};
    const notes: string[] = [];
    const training: (string | number)[][] = [['Model', 'Params', 'Trained', 'Iterations', 'Seconds', 'Final loss']];
    for (const name of models) {
      for (const width of name === 'sead' ? [undefined] : widths) {
        const compared = width === undefined ? await sweepSead(run, modelPath, checkpointOptions(values)) : await trainAndSweep(run, name as BaselineName, width, widths.length > 1);
        reports.push(compared.report);
        training.push(compared.training);
        if (compared.note) notes.push(compared.note);
        if (compared.seconds !== undefined) trainingSeconds[reportName(compared.report)] = compared.seconds;
      }
    }

    const baselines = models.filter((m) => m !== 'sead');
    if (baselines.length > 0) {
      notes.unshift(
        `Baselines (${baselines.join(', ')}): each trained from seed ${seed} on the same batches, ${iterations} iterations of ${batchSize} random instances ` +
          `of lengths ${trainLengths.join('–')} (a length drawn per batch), per-cell cross-entropy against the task's cell targets, Adam at ${learningRate}, ` +
          `gradients clipped to norm 1${maxSeconds !== undefined ? `, at most ${maxSeconds} s each` : ''}.`,
      );
    }
    notes.push(`Sweep: seed ${seed}, ${randomPerLength} random instances per length and every adversarial family, the same instances for every model; lengths over ${maxWork.toExponential()} multiply-adds per instance are not run.`);
    const meta = { title: `Baselines beside SEAD: ${task.id}`, date: new Date().toISOString(), machine: machineText(), backend, trainingSeconds, notes };
    const facts = runFacts(backend, (performance.now() - started) / 1000, { trainLengths, iterations, learningRate, batchSize });
    const written = outDir === undefined ? undefined : await writeReports(outDir, reports, meta, facts);
    if (json) {
      await printLine(JSON.stringify(written?.report ?? reportObject(reports, meta, facts)));
      return 0;
    }
    await printLines(`${task.id}: exact match by length\n${formatTable(comparisonTable(reports))}\n\n${formatTable(training)}`);
    for (const report of reports) for (const { length, reason } of report.skipped) await printLine(`${report.architecture}: L=${length} not run: ${reason}`);
    if (written) await printLine(`wrote ${written.paths.join(' and ')} with its plots and the baselines' checkpoints`);
    return 0;
  },
};

/** The --out directory, created if needed, before any work: a file there is a usage error. */
async function prepareDirectory(dir: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new UsageError(`--out ${dir} is a file; give a directory`);
  await mkdir(dir, { recursive: true });
}

/** What every model of one comparison is trained and swept with. */
interface ComparisonRun {
  readonly task: Task<any, any>;
  readonly trainLengths: [number, number];
  readonly iterations: number;
  readonly maxSeconds: number | undefined;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly sweep: { lengths: readonly number[]; randomPerLength: number; seed: number; maxWork: number };
  readonly outDir: string | undefined;
  readonly mode: ProgressMode;
  readonly say: (line: string) => void;
}

/** A model's sweep, its row of the training table, a note for the report and its training time. */
interface Compared {
  readonly report: SweepReport;
  readonly training: (string | number)[];
  readonly note?: string;
  readonly seconds?: number;
}

/** SEAD's model (the shipped checkpoint, or --model), swept as the baselines are; not retrained. */
async function sweepSead({ task, sweep, mode, say }: ComparisonRun, modelPath: string | undefined, options: CheckpointOptions): Promise<Compared> {
  const { model, checkpoint, source } = await loadModel(task, modelPath, options);
  const record = checkpoint.training;
  say(`sead: model ${source}${record ? `, trained ${record.regime} for ${record.iterations} iterations` : ''}`);
  const progress = new SweepProgress({ mode, write: say, prefix: 'sead: ' });
  const report = lengthSweep(model, task, { ...sweep, training: record, onProgress: (p) => progress.row(p), onInstance: (p) => progress.instance(p) });
  model.dispose();
  const trained = record ? ` (trained in the ${record.regime} regime for ${record.iterations} iterations, ${secondsText(record.seconds)} s)` : '';
  return {
    report,
    training: ['sead', report.parameters, record ? `${source}, ${record.regime}` : source, record?.iterations ?? '-', record ? secondsText(record.seconds) : '-', '-'],
    note: `SEAD: the ${source === 'shipped' ? 'checkpoint shipped in @sead/models' : `checkpoint ${source}`}, not retrained here${trained}.`,
  };
}

/**
 * One baseline at width d, trained from the run's seed on its budget, swept, and with --out its
 * checkpoint written. Among several widths, its name says which (`lstm-w64`).
 */
async function trainAndSweep(run: ComparisonRun, architecture: BaselineName, width: number, named: boolean): Promise<Compared> {
  const { task, trainLengths, iterations, maxSeconds, batchSize, learningRate, seed, sweep, outDir, mode, say } = run;
  const name = named ? `${architecture}-w${width}` : architecture;
  const model = BaselineModel.create(task, baselineShape(architecture, task, [...sweep.lengths, trainLengths[1]], width), seed);
  const live = mode === 'bar' ? new LiveLine(process.stderr) : undefined;
  const result = await trainBaseline({
    task,
    model,
    seed,
    trainLengths,
    iterations,
    maxSeconds,
    batchSize,
    learningRate,
    onIteration: ({ iteration, loss, seconds }) => {
      const text = `${name}: iteration ${iteration}/${iterations}, loss ${loss.toFixed(4)}  (${durationText(seconds)})`;
      if (live) live.draw(text);
      else if (iteration % LINE_EVERY === 0) say(text);
    },
  });
  live?.clear();
  say(`${name}: ${model.parameterCount} parameters, trained ${result.iterations} iterations in ${durationText(result.seconds)}, loss ${result.loss.toFixed(4)}${result.timedOut ? ' (stopped by --max-seconds)' : ''}`);
  const progress = new SweepProgress({ mode, write: say, prefix: `${name}: ` });
  const report = lengthSweep(model, task, { ...sweep, regime: 'relax', ...(named && { name: `${task.id}, ${name}` }), onProgress: (p) => progress.row(p), onInstance: (p) => progress.instance(p) });
  if (outDir !== undefined) {
    const record = { regime: 'relax' as const, seed, iterations: result.iterations, seconds: result.seconds, trainLengths, batchSize, learningRate };
    await writeFileAtomic(join(outDir, `${name}.json`), JSON.stringify(toBaselineCheckpoint(model, record)) + '\n');
  }
  model.dispose();
  return {
    report,
    training: [name, report.parameters, `lengths ${trainLengths.join('–')}`, result.iterations, secondsText(result.seconds), result.loss.toFixed(4)],
    seconds: result.seconds,
  };
}

/** --arch: a list of the models compared; all by default. */
function archOption(values: OptionValues): (typeof COMPARED)[number][] {
  const names = listOption(values, 'arch') ?? [...COMPARED];
  for (const name of names) {
    if (!(COMPARED as readonly string[]).includes(name)) throw new UsageError(`--arch: unknown model "${name}"; models: ${COMPARED.join(', ')}`);
  }
  return names as (typeof COMPARED)[number][];
}

/** --train-lengths a,b: 1 ≤ a ≤ b ≤ MAX_TRAIN_LENGTH. */
function trainLengthsOption(values: OptionValues): [number, number] {
  const raw = optionalString(values, 'train-lengths');
  if (raw === undefined) return DEFAULT_TRAIN_LENGTHS;
  const match = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(raw);
  const [min, max] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(min >= 1 && min <= max && max <= MAX_TRAIN_LENGTH)) {
    throw new UsageError(`--train-lengths must be two integers a,b with 1 ≤ a ≤ b ≤ ${MAX_TRAIN_LENGTH}, got ${JSON.stringify(raw)}`);
  }
  return [min, max];
}

/** --widths: multiples of 4 from 4 to MAX_WIDTH (a width given twice is one model, as a length given twice is one length). */
function widthsOption(values: OptionValues): number[] {
  const raw = listOption(values, 'widths');
  if (raw === undefined) return [DEFAULT_WIDTH];
  const widths = raw.map((text) => (/^\d+$/.test(text) ? Number(text) : NaN));
  const bad = raw.find((_, k) => !(widths[k] >= 4 && widths[k] <= MAX_WIDTH && widths[k] % 4 === 0));
  if (bad !== undefined) throw new UsageError(`--widths: each width must be a multiple of 4 from 4 to ${MAX_WIDTH}, got ${JSON.stringify(bad)}`);
  return [...new Set(widths)];
}

/** A baseline's shape at width d; a learned position table gets a row for every cell of the longest lattice it meets. */
function baselineShape(name: BaselineName, task: Task<any, any>, lengths: readonly number[], width: number): BaselineShape {
  const shape = shapeAt(name, width);
  if (shape.architecture !== 'transformer' || shape.positions !== 'learned') return shape;
  const cells = Math.max(...lengths.map((length) => task.encode(task.random(length, () => 0)).length));
  return { ...shape, maxPositions: Math.min(cells, MAX_LEARNED_POSITIONS) };
}
