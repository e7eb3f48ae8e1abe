import { availableParallelism } from 'node:os';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { featureSetNames, messageOf, OWN_FEATURES, type Task } from '@sead/tasks';
import { regimeProblem } from '@sead/trainer';
import { writeFileAtomic } from '@sead/node';
import { integerListOption, integerOption, listOption, positiveNumberOption, POSITIONALS, required, type OptionValues } from '../args.js';
import { helpOption, taskOption, type Command } from '../command.js';
import { Failure, UsageError } from '../errors.js';
import { printLine } from '../output.js';
import { resolveTask } from '../task-option.js';
import { gridRuns, gridShapes, gridSize, MAX_GRID_RUNS, runKey, shapeText, shardOf, SWEEP_REGIMES, type RunSpec, type SweepBudget, type SweepGrid, type SweepRegime } from '../sweep/grid.js';
import { describeRun, runPool } from '../sweep/pool.js';
import { featuresOf, readRecords, RecordWriter, type SweepRecord } from '../sweep/records.js';
import { budgetText, writeSweepReport } from '../sweep/report.js';
import type { TaskSummary } from '../sweep/summary.js';

/** The grid a sweep trains unless told otherwise, and the small one of --quick. */
export const FULL_GRID = { embedding: [1, 2, 3], hidden: [2, 3, 4, 6], radius: [1, 2], seeds: 10, maxSeconds: 60 } as const;
export const QUICK_GRID = { embedding: [1, 2], hidden: [2, 4], radius: [1], seeds: 3, maxSeconds: 20 } as const;
export const RECORDS_FILE = 'records.jsonl';
const MAX_SEEDS = 1000;
const MAX_JOBS = 256;
/** Options that describe or run a grid: a merge takes none of them. */
const GRID_OPTIONS = ['task', 'plugin', 'features', 'embedding', 'hidden', 'radius', 'regimes', 'seeds', 'max-seconds', 'max-iterations', 'quick', 'jobs', 'shard'];

const help = `Usage: sead sweep --task <id> --out <dir> [options]
       sead sweep --merge <records.jsonl>... --out <dir>

Trains every model shape of a grid in every regime from every seed, each on a fixed budget, and
reports how often each shape is certified: success rate against parameter count, the smallest
shape certified in at least 9 of 10 seeds and the smallest with any certified seed.

A run counts as certified when its learned rule equals the task's reference rule on every
reachable neighbourhood. Where no certificate can be had (a task without a rule, or a model whose
table is over the bound on compiling), a run passes when every random and adversarial instance up
to L = 4096 is answered exactly, and one that passes is then run at L = 10^6 on its compiled table
(the report marks such counts and says how the smallest passing shape did at 10^6). Every
regime trains a discrete model (one state channel per symbol), so the shape axes are E, H and r,
and, for a task that offers other input features, which of them the model reads.

Options:
  -t, --task <id>          task to sweep (parity, addition, rule110, multiplication, or a plugin's)
      --plugin <module>    load tasks from a plugin module (repeatable)
  -o, --out <dir>          directory of ${RECORDS_FILE}, report.md and success.svg
      --features <list>    the task's feature sets the model reads its input through: ${OWN_FEATURES}
                           (its own), the names of its inputFeatures, or all (default ${OWN_FEATURES})
      --embedding <list>   embedding widths E (default ${FULL_GRID.embedding.join(',')}; --quick ${QUICK_GRID.embedding.join(',')})
      --hidden <list>      hidden widths H (default ${FULL_GRID.hidden.join(',')}; --quick ${QUICK_GRID.hidden.join(',')})
      --radius <list>      radii r (default ${FULL_GRID.radius.join(',')}; --quick ${QUICK_GRID.radius.join(',')})
      --regimes <list>     chaos (imitates the reference rule), relax (from examples, certified
                           during training), relax-ignore-rule (from examples, never reading the
                           rule); default: every one the task supports
      --seeds <N>          seeds 1 to N of every shape and regime (default ${FULL_GRID.seeds}; --quick ${QUICK_GRID.seeds})
      --max-seconds <S>    wall-time budget of each run (default ${FULL_GRID.maxSeconds}; --quick ${QUICK_GRID.maxSeconds})
      --max-iterations <N> iteration budget of each run (default: the regime's)
      --quick              the small grid above, a few minutes on two cores
      --jobs <N>           runs at once, each on a worker thread (default: one per core, here ${availableParallelism()})
      --shard <i/n>        run only the i-th of n deterministic slices of the grid (for a job array)
      --merge              join the record files given (deduplicated, with those already in --out)
                           and write the report
  -h, --help               show this help

Records: one JSON line per finished run in <dir>/${RECORDS_FILE}, written to disk as the run
ends. A rerun with the same --out skips the runs already recorded, so a killed sweep loses no
finished run and repeats none; the records of one --out must share one budget.`;

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'train a grid of model shapes × regimes × seeds; success rate against parameter count',
  help,
  positionals: true,
  options: {
    ...taskOption,
    out: { type: 'string', short: 'o' },
    features: { type: 'string' },
    embedding: { type: 'string' },
    hidden: { type: 'string' },
    radius: { type: 'string' },
    regimes: { type: 'string' },
    seeds: { type: 'string' },
    'max-seconds': { type: 'string' },
    'max-iterations': { type: 'string' },
    quick: { type: 'boolean' },
    jobs: { type: 'string' },
    shard: { type: 'string' },
    merge: { type: 'boolean' },
    ...helpOption,
  },
  async run(values: OptionValues): Promise<number> {
    const files = (values[POSITIONALS] as string[] | undefined) ?? [];
    if (values.merge === true) return merge(values, files);
    if (files.length > 0) throw new UsageError(`unexpected argument "${files[0]}"; see "sead sweep --help" (only --merge takes files)`);
    return sweep(values);
  },
};

async function sweep(values: OptionValues): Promise<number> {
  const task = await resolveTask(values);
  const out = required(values, 'out', ' (the directory of the records and the report)');
  const defaults = values.quick === true ? QUICK_GRID : FULL_GRID;
  const maxSeconds = positiveNumberOption(values, 'max-seconds') ?? defaults.maxSeconds;
  const grid: SweepGrid = {
    task: task.id,
    features: featuresOption(values, task),
    embedding: integerListOption(values, 'embedding', 1, 1024) ?? defaults.embedding,
    hidden: integerListOption(values, 'hidden', 1, 4096) ?? defaults.hidden,
    radius: integerListOption(values, 'radius', 1, 64) ?? defaults.radius,
    regimes: regimesOption(values, task),
    seeds: integerOption(values, 'seeds', 1, MAX_SEEDS) ?? defaults.seeds,
    budget: { maxSeconds, maxIterations: integerOption(values, 'max-iterations', 1) ?? null },
  };
  const jobs = integerOption(values, 'jobs', 1, MAX_JOBS) ?? availableParallelism();
  const shard = shardOption(values);
  const size = gridSize(grid);
  const shapeCount = size / grid.regimes.length / grid.seeds;
  if (size > MAX_GRID_RUNS) {
    throw new UsageError(`the grid has ${size} runs (${shapeCount} shapes × ${grid.regimes.length} regimes × ${grid.seeds} seeds), more than ${MAX_GRID_RUNS}; give shorter --features, --embedding, --hidden, --radius lists or fewer --seeds`);
  }
  checkShapes(task, grid);
  await prepareDirectory(out);

  const path = join(out, RECORDS_FILE);
  const existing = await readRecords(path);
  checkBudgets(existing.records.values(), path, grid.budget, task.id);
  const slice = shard ? shardOf(gridRuns(task, grid), shard.index, shard.count) : gridRuns(task, grid);
  const todo = slice.filter((run) => !existing.records.has(runKey(run)));
  const sliceText = shard ? `, shard ${shard.index}/${shard.count} holds ${slice.length}` : '';
  const workers = Math.min(jobs, todo.length);
  await printLine(
    `sweep of ${task.id}: ${size} runs (${shapeCount} shapes × ${grid.regimes.length} regimes × ${grid.seeds} seeds)${sliceText}; ` +
      `${slice.length - todo.length} already recorded in ${path}${existing.torn ? ' (a torn last line set aside)' : ''}, ${todo.length} to run on ${workers} worker${workers === 1 ? '' : 's'}; budget ${budgetText(grid.budget)}` +
      (todo.length > 0 ? ` (at most about ${durationText((todo.length * maxSeconds) / workers)} in all)` : ''),
  );

  const writer = await RecordWriter.open(path, existing);
  const started = performance.now();
  let done = 0;
  try {
    await runPool(todo, jobs, { plugins: pluginList(values) }, async (record) => {
      await writer.append(record);
      done++;
      const verdict = record.certified ? passedText(record) : record.validated ? `validated, not certified (${record.certification})` : 'not solved';
      const run: RunSpec = { task: record.task, features: featuresOf(record), shape: record.shape, params: record.params, regime: record.sweepRegime, seed: record.seed, budget: record.budget };
      await printLine(`[${done}/${todo.length}] ${describeRun(run)} (${record.params} parameters): ${verdict}, ${record.iterations} iterations, ${record.seconds.toFixed(1)} s`);
    });
  } finally {
    await writer.close();
  }
  const records = [...(await readRecords(path)).records.values()];
  const summaries = await writeSweepReport(out, records, commandLine());
  await printFindings(summaries, out, (performance.now() - started) / 1000);
  return 0;
}

/** `sead sweep --merge a.jsonl b.jsonl --out s/`: the records of every file (and of s/) once each, and their report. */
async function merge(values: OptionValues, files: readonly string[]): Promise<number> {
  const other = GRID_OPTIONS.find((name) => values[name] !== undefined);
  if (other) throw new UsageError(`--merge joins record files and writes their report; it takes no --${other}`);
  if (files.length === 0) throw new UsageError('--merge needs at least one records file, e.g. sead sweep --merge a/records.jsonl b/records.jsonl --out s/');
  const out = required(values, 'out', ' (the directory of the merged records and the report)');
  for (const file of files) {
    const found = await stat(file).catch(() => undefined);
    if (!found) throw new UsageError(`records file ${file} does not exist`);
    if (!found.isFile()) throw new UsageError(`${file} is not a file; give the records.jsonl of each sweep`);
  }
  await prepareDirectory(out);
  const path = join(out, RECORDS_FILE);
  const merged = new Map<string, SweepRecord>();
  // The records already at --out first: a merge adds to them, never drops one.
  for (const file of [path, ...files]) {
    const { records } = await readRecords(file);
    for (const [key, record] of records) if (!merged.has(key)) merged.set(key, record);
  }
  const records = [...merged.values()].sort(byGridOrder);
  const firstOfTask = new Map<string, SweepRecord>();
  for (const record of records) {
    const first = firstOfTask.get(record.task) ?? record;
    firstOfTask.set(record.task, first);
    checkBudgets([record], files.join(', '), first.budget, record.task);
  }
  await writeFileAtomic(path, records.map((r) => JSON.stringify(r) + '\n').join(''));
  await printLine(`merged ${records.length} records from ${files.length} file${files.length === 1 ? '' : 's'} into ${path}`);
  await printFindings(await writeSweepReport(out, records, commandLine()), out);
  return 0;
}

/** The regimes named by --regimes, each one the task supports; by default every one it does. */
function regimesOption(values: OptionValues, task: Task<any, any>): SweepRegime[] {
  const names = Object.keys(SWEEP_REGIMES) as SweepRegime[];
  const problem = (name: SweepRegime) => {
    const { regime, ignoreRule } = SWEEP_REGIMES[name];
    if (ignoreRule && !task.rule) return `task "${task.id}" has no reference rule to set aside; relax already learns it from examples alone`;
    return regimeProblem(task, regime);
  };
  const listed = listOption(values, 'regimes');
  if (listed === undefined) {
    const supported = names.filter((name) => !problem(name));
    if (supported.length === 0) throw new UsageError(`task "${task.id}" can be trained in none of ${names.join(', ')}: ${problem(names[0])}`);
    return supported;
  }
  for (const name of listed) {
    if (!(names as string[]).includes(name)) throw new UsageError(`--regimes: unknown regime "${name}"; use ${names.join(', ')}`);
    const why = problem(name as SweepRegime);
    if (why) throw new UsageError(`--regimes ${name}: ${why}`);
  }
  return listed as SweepRegime[];
}

/** What a run that passed its judge passed: the certificate, or the sweep to 4096 and then what it did at 10⁶. */
function passedText(record: SweepRecord): string {
  if (record.judge === 'certificate') return 'certified';
  const long = record.long;
  const at = long && `L = ${long.length.toLocaleString('en-US')}`;
  const then = !long ? '' : long.skipped !== undefined ? `; not run at ${at}` : long.exact ? `; exact at ${at}` : `; ${long.correct} of ${long.total} exact at ${at}`;
  return `passed the sweep to 4096${then}`;
}

/** The feature sets named by --features (all: every one the task offers); by default the task's own. */
function featuresOption(values: OptionValues, task: Task<any, any>): string[] {
  const offered = featureSetNames(task);
  const listed = listOption(values, 'features');
  if (listed === undefined) return [OWN_FEATURES];
  if (listed.length === 1 && listed[0] === 'all') return offered;
  for (const name of listed) {
    if (!offered.includes(name)) throw new UsageError(`--features: task "${task.id}" has no feature set "${name}"; it has ${offered.join(', ')} (or all)`);
  }
  return listed;
}

/** --shard i/n, 1 ≤ i ≤ n. */
function shardOption(values: OptionValues): { index: number; count: number } | undefined {
  const raw = values.shard;
  if (raw === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(String(raw).trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !(count >= 1 && count <= MAX_GRID_RUNS && index >= 1 && index <= count)) {
    throw new UsageError(`--shard must be i/n with 1 <= i <= n <= ${MAX_GRID_RUNS}, e.g. 2/8, got ${JSON.stringify(raw)}`);
  }
  return { index, count };
}

/** Every shape of the grid is one the core can build (in every feature set); the first that is not is a usage error. */
function checkShapes(task: Task<any, any>, grid: SweepGrid): void {
  for (const embedding of grid.embedding) {
    for (const hidden of grid.hidden) {
      for (const radius of grid.radius) {
        try {
          gridShapes(task, { ...grid, embedding: [embedding], hidden: [hidden], radius: [radius] });
        } catch (error) {
          throw new UsageError(`--embedding ${embedding} --hidden ${hidden} --radius ${radius}: ${messageOf(error)}`);
        }
      }
    }
  }
}

/**
 * The records of one task in one --out share one budget: success rates over different budgets are
 * not one curve. A rerun with another budget is an error, not a silent mix.
 */
function checkBudgets(records: Iterable<SweepRecord>, where: string, budget: SweepBudget, task: string): void {
  for (const record of records) {
    if (record.task !== task) continue;
    if (record.budget.maxSeconds !== budget.maxSeconds || (record.budget.maxIterations ?? null) !== budget.maxIterations) {
      throw new Failure(`${where} holds runs of ${task} with a budget of ${budgetText(record.budget)}, not ${budgetText(budget)}; use another --out, or the same budget`);
    }
  }
}

async function prepareDirectory(out: string): Promise<void> {
  const found = await stat(out).catch(() => undefined);
  if (found && !found.isDirectory()) throw new UsageError(`--out ${out} is a file; give a directory for the records and the report`);
  await mkdir(out, { recursive: true });
}

function pluginList(values: OptionValues): string[] {
  const plugin = values.plugin;
  return plugin === undefined ? [] : Array.isArray(plugin) ? plugin : [String(plugin)];
}

/** The grid's order for a merged file: task, parameters, shape, feature set, regime, seed. */
function byGridOrder(a: SweepRecord, b: SweepRecord): number {
  const regimes = Object.keys(SWEEP_REGIMES);
  const shape = (r: SweepRecord) => [r.shape.embedding, r.shape.hidden, r.shape.radius];
  const [sa, sb] = [shape(a), shape(b)];
  return (
    a.task.localeCompare(b.task) ||
    a.params - b.params ||
    sa[0] - sb[0] ||
    sa[1] - sb[1] ||
    sa[2] - sb[2] ||
    featuresOf(a).localeCompare(featuresOf(b)) ||
    regimes.indexOf(a.sweepRegime) - regimes.indexOf(b.sweepRegime) ||
    a.seed - b.seed
  );
}

/** What the report found, in a few lines, and where it is. */
async function printFindings(summaries: readonly TaskSummary[], out: string, seconds?: number): Promise<void> {
  for (const summary of summaries) {
    const { reliable, any } = summary.smallest.get('any') ?? {};
    const named = (s: NonNullable<typeof any>) => `${shapeText(s.shape, s.features)} (${s.params} parameters, ${s.regime}, ${s.certified}/${s.runs} seeds)`;
    await printLine(
      `${summary.task}: smallest certified in at least 9 of 10 seeds: ${reliable ? named(reliable) : 'none'}; smallest with any certified seed: ${any ? named(any) : 'none'} (${summary.runs} runs)`,
    );
  }
  await printLine(`report written to ${join(out, 'report.md')}${seconds === undefined ? '' : ` (${seconds.toFixed(1)} s)`}`);
}

/** A wall time for the first line: "40 s", "12 min", "3.5 h". */
function durationText(seconds: number): string {
  if (seconds < 120) return `${Math.ceil(seconds)} s`;
  if (seconds < 7200) return `${Math.ceil(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The command as the report quotes it. */
function commandLine(): string {
  return ['sead', ...process.argv.slice(2)].join(' ');
}
