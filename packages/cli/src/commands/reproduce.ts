import { join } from 'node:path';
import { modelFromCheckpoint } from '@sead/core';
import type { Task } from '@sead/tasks';
import { modelCheckText, DEFAULT_LENGTHS, DEFAULT_RANDOM_PER_LENGTH, formatTable, lengthSweep, type SweepReport } from '@sead/evaluator';
import { regimeProblem, type Regime } from '@sead/trainer';
import { engineOption, integerOption, lengthsOption, listOption, optionalString, type OptionValues } from '../args.js';
import { selectBackend } from '../backend.js';
import { backendOption, engineOptionSpec, helpOption, jsonOption, pluginOption, type Command } from '../command.js';
import { Failure } from '../errors.js';
import { percentText, scoresText, secondsText, stepsText } from '../format.js';
import { printLine, printLines } from '../output.js';
import { progressMode, SweepProgress } from '../progress.js';
import { machineText, runFacts, writeReports } from '../report-files.js';
import { loadPlugins, lookUp, registry } from '../task-option.js';
import { prepareFile } from '../out-file.js';
import { checkRegime, trainToFile } from '../training-run.js';
import { DEFAULT_SEED, MAX_SEED } from './train.js';

const help = `Usage: sead reproduce [--out dir] [--tasks list] [--lengths list] [--per-length N] [--seed N]

The paper's three experiments, and long multiplication on a grid, from scratch: for each task,
train a model with the task's recipe, save it, then sweep it over the lengths. Each fixed-point
task on rows with a reference rule gets a second model learned from examples alone (relax-and-project, the rule ignored while training), swept the
same way and compared with the reference afterwards. Prints progress (a live bar in a terminal,
plain lines otherwise), one combined table, and writes <out>/report.md with its plots (steps to
converge and exact match against L: <out>/steps.svg, <out>/accuracy.svg), <out>/report.json and
<out>/checkpoints/<task>.json (<task>-examples.json for the second models).

Options:
  -o, --out <dir>       output directory (default results)
      --tasks <list>    comma-separated task ids (default ${registry.ids().join(',')})
      --plugin <module> load tasks from a plugin module (a file or package; repeatable)
      --lengths <list>  comma-separated lengths, each 1 to 10000000 (default: each task's recipe)
      --per-length <N>  random instances per length (default ${DEFAULT_RANDOM_PER_LENGTH})
      --seed <N>        training and sweep seed (default ${DEFAULT_SEED})
      --no-examples     skip the second, examples-only models
      --backend <name>  tfjs backend: cpu (default) or wasm
      --engine <name>   dense (every cell every step) or sparse (event-driven; the default, auto)
      --json            print only the report, as JSON, at the end (no progress, no table)
  -h, --help            show this help

Exit status: 0 only if every model trained to 100% validation and every instance was answered
exactly at every length. (An examples-only model whose rule differs from the reference is
reported, not failed: it may be another correct algorithm.)`;

export const reproduceCommand: Command = {
  name: 'reproduce',
  summary: "rerun the paper's experiments: train every task, sweep lengths, write a report",
  help,
  options: {
    out: { type: 'string', short: 'o' },
    tasks: { type: 'string' },
    ...pluginOption,
    ...engineOptionSpec,
    lengths: { type: 'string' },
    'per-length': { type: 'string' },
    seed: { type: 'string' },
    'no-examples': { type: 'boolean' },
    ...backendOption,
    ...jsonOption,
    ...helpOption,
  },
  async run(values: OptionValues): Promise<number> {
    const started = performance.now();
    const outDir = optionalString(values, 'out') ?? 'results';
    await loadPlugins(values.plugin);
    const tasks = (listOption(values, 'tasks') ?? registry.ids()).map((id) => lookUp(id));
    const chosenLengths = lengthsOption(values, 'lengths');
    const lengthsOf = (task: Task<any, any>) => chosenLengths ?? task.recipe?.sweepLengths ?? DEFAULT_LENGTHS;
    const randomPerLength = integerOption(values, 'per-length', 0, 1_000_000) ?? DEFAULT_RANDOM_PER_LENGTH;
    const seed = integerOption(values, 'seed', 0, MAX_SEED) ?? DEFAULT_SEED;
    const engine = engineOption(values);
    const examples = values['no-examples'] !== true;
    const regimes = tasks.map((task) => checkRegime(task, task.recipe?.regime ?? (task.cellTargets ? 'relax' : 'chaos')));
    const backend = await selectBackend(values.backend);
    const json = values.json === true;
    const mode = progressMode(json);
    const say = (line: string) => (json ? Promise.resolve() : printLine(line));

    const reports: SweepReport[] = [];
    const trainingSeconds: Record<string, number> = {};
    const unsolved: string[] = [];
    /** Trains one model to `out` and sweeps the checkpoint as saved, so the report describes the file a user gets. */
    const trainAndSweep = async (task: Task<any, any>, regime: Regime, name: string, out: string, ignoreRule: boolean): Promise<void> => {
      await prepareFile(out, '--out', "the checkpoint's file name");
      await say(`== ${name}: training (${regime} regime${ignoreRule ? ', from examples alone' : ''}, seed ${seed}) ==`);
      const result = await trainToFile({ task, regime, ignoreRule, seed, out, progress: mode, prefix: `[${name}] ` });
      trainingSeconds[name] = Math.round(result.seconds * 100) / 100;
      // From examples alone the goal is validation; the certificate is the report's to give.
      const reached = ignoreRule ? result.validated : result.solved;
      if (!reached) unsolved.push(name);
      const verdict = ignoreRule ? (reached ? 'validated' : 'NOT validated') : reached ? 'solved' : 'NOT solved';
      await say(`[${name}] ${verdict} in ${result.iterations} iterations, ${result.seconds.toFixed(1)} s (${scoresText(result.scores)}); checkpoint ${out}`);
      result.model.dispose();

      const lengths = lengthsOf(task);
      await say(`== ${name}: length sweep over ${lengths.join(', ')} ==`);
      const model = modelFromCheckpoint(result.checkpoint);
      const progress = new SweepProgress({ mode, prefix: `[${name}] `, write: (line) => void process.stdout.write(line + '\n') });
      const report = lengthSweep(model, task, {
        lengths,
        randomPerLength,
        seed,
        engine,
        name,
        training: result.checkpoint.training,
        // The sweep is synchronous: the progress writes straight to the streams as each suite ends.
        onProgress: (p) => progress.row(p),
      });
      model.dispose();
      reports.push(report);
      await say(`[${name}] ${modelCheckText(report)}`);
    };
    for (const [k, task] of tasks.entries()) {
      await trainAndSweep(task, regimes[k], task.id, join(outDir, 'checkpoints', `${task.id}.json`), false);
      const problem = examplesProblem(task);
      if (examples && problem === undefined) {
        await trainAndSweep(task, 'relax', `${task.id} (from examples)`, join(outDir, 'checkpoints', `${task.id}-examples.json`), true);
      } else if (examples && task.dimensions === 2) {
        await say(`[${task.id}] no second model from examples alone: ${problem}`);
      }
    }

    const totalSeconds = (performance.now() - started) / 1000;
    await say('');
    if (!json) await printLines(formatTable(combinedRows(reports, trainingSeconds)));
    const meta = {
      title: 'SEAD: reproduction of the paper',
      date: new Date().toISOString(),
      machine: machineText(),
      backend,
      trainingSeconds,
      notes: [
        `Every model was trained from scratch (seed ${seed}): with its task's recipe, and, for each fixed-point task with a reference rule, a second from examples alone (relax-and-project, the rule ignored until the certificate compared it); each was swept over ${tasks.map((t) => `${t.id}: ${lengthsOf(t).join(', ')}`).join('; ')} with ${randomPerLength} random instances per length plus every adversarial family.`,
        `Total time: ${totalSeconds.toFixed(1)} s.`,
      ],
    };
    const facts = runFacts(backend, totalSeconds, { seed, lengths: Object.fromEntries(tasks.map((t) => [t.id, lengthsOf(t)])), randomPerLength, tasks: tasks.map((t) => t.id) });
    const { paths, report } = await writeReports(outDir, reports, meta, facts);
    if (json) await printLine(JSON.stringify(report));
    await say(`wrote ${paths.join(' and ')} with its plots (total ${totalSeconds.toFixed(1)} s)`);

    const failed = reports.filter((r) => !r.allCorrect).map((r) => r.name);
    if (unsolved.length > 0 || failed.length > 0) {
      const parts = [unsolved.length > 0 && `training did not reach its goal for ${unsolved.join(', ')}`, failed.length > 0 && `not every instance was answered exactly for ${failed.join(', ')}`];
      throw new Failure(parts.filter(Boolean).join('; '));
    }
    return 0;
  },
};

/**
 * Why a task gets no second model learned from examples: only fixed-point tasks with a reference
 * rule to compare it with, on rows, and that relax can train.
 */
function examplesProblem(task: Task<any, any>): string | undefined {
  if (task.dynamics !== 'fixed-point') return 'a rollout';
  if (!task.rule) return 'no reference rule';
  // Measured: relax-and-project on multiplication's grids stays far from 100% validation within minutes.
  if (task.dimensions === 2) return 'learning a grid from examples alone does not reach 100% validation yet';
  return regimeProblem(task, 'relax');
}

/** One row per model × length, header first. */
function combinedRows(reports: readonly SweepReport[], trainingSeconds: Readonly<Record<string, number>>): (string | number)[][] {
  const rows: (string | number)[][] = [['Model', 'L', 'Exact match', 'Random steps', 'Adversarial steps', 'Updates/cell', 'Params', 'Training s']];
  for (const report of reports) {
    for (const s of report.byLength) {
      rows.push([report.name, s.length, percentText(s.correct, s.total), stepsText(s.randomSteps), stepsText(s.adversarialSteps), stepsText(s.updatesPerCell), report.parameters, secondsText(trainingSeconds[report.name])]);
    }
  }
  return rows;
}
