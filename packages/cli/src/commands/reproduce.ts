import { join } from 'node:path';
import { modelFromCheckpoint } from '@sead/core';
import type { Task } from '@sead/tasks';
import { DEFAULT_LENGTHS, DEFAULT_RANDOM_PER_LENGTH, formatTable, lengthSweep, type SweepReport } from '@sead/evaluator';
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

The paper's three experiments from scratch: for each task, train a model with the task's recipe,
save it, then sweep it over the lengths. Prints progress (a live bar in a terminal, plain lines
otherwise), one combined table, and writes <out>/report.md with its plots (steps to converge and
exact match against L: <out>/steps.svg, <out>/accuracy.svg), <out>/report.json and
<out>/checkpoints/<task>.json.

Options:
  -o, --out <dir>       output directory (default results)
      --tasks <list>    comma-separated task ids (default ${registry.ids().join(',')})
      --plugin <module> load tasks from a plugin module (a file or package; repeatable)
      --lengths <list>  comma-separated lengths, each 1 to 10000000 (default: each task's recipe)
      --per-length <N>  random instances per length (default ${DEFAULT_RANDOM_PER_LENGTH})
      --seed <N>        training and sweep seed (default ${DEFAULT_SEED})
      --backend <name>  tfjs backend: cpu (default) or wasm
      --engine <name>   dense (every cell every step) or sparse (event-driven; the default, auto)
      --json            print only the report, as JSON, at the end (no progress, no table)
  -h, --help            show this help

Exit status: 0 only if every task trained to 100% validation and every instance was answered
exactly at every length.`;

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
    const regimes = tasks.map((task) => checkRegime(task, task.recipe?.regime ?? (task.cellTargets ? 'relax' : 'chaos')));
    const backend = await selectBackend(values.backend);
    const json = values.json === true;
    const mode = progressMode(json);
    const say = (line: string) => (json ? Promise.resolve() : printLine(line));

    const reports: SweepReport[] = [];
    const trainingSeconds: Record<string, number> = {};
    const unsolved: string[] = [];
    for (const [k, task] of tasks.entries()) {
      const out = join(outDir, 'checkpoints', `${task.id}.json`);
      await prepareFile(out, '--out', "the checkpoint's file name");
      await say(`== ${task.id}: training (${regimes[k]} regime, seed ${seed}) ==`);
      const result = await trainToFile({ task, regime: regimes[k], seed, out, progress: mode, prefix: `[${task.id}] ` });
      trainingSeconds[task.id] = Math.round(result.seconds * 100) / 100;
      if (!result.solved) unsolved.push(task.id);
      await say(`[${task.id}] ${result.solved ? 'solved' : 'NOT solved'} in ${result.iterations} iterations, ${result.seconds.toFixed(1)} s (${scoresText(result.scores)}); checkpoint ${out}`);
      result.model.dispose();

      // Sweep the model as saved, so the report describes the file a user gets.
      const lengths = lengthsOf(task);
      await say(`== ${task.id}: length sweep over ${lengths.join(', ')} ==`);
      const model = modelFromCheckpoint(result.checkpoint);
      const progress = new SweepProgress({ mode, prefix: `[${task.id}] `, write: (line) => void process.stdout.write(line + '\n') });
      reports.push(
        lengthSweep(model, task, {
          lengths,
          randomPerLength,
          seed,
          engine,
          training: result.checkpoint.training,
          // The sweep is synchronous: the progress writes straight to the streams as each suite ends.
          onProgress: (p) => progress.row(p),
        }),
      );
      model.dispose();
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
        `Every model was trained from scratch with its task's recipe (seed ${seed}) and swept over ${tasks.map((t) => `${t.id}: ${lengthsOf(t).join(', ')}`).join('; ')} with ${randomPerLength} random instances per length plus every adversarial family.`,
        `Total time: ${totalSeconds.toFixed(1)} s.`,
      ],
    };
    const facts = runFacts(backend, totalSeconds, { seed, lengths: Object.fromEntries(tasks.map((t) => [t.id, lengthsOf(t)])), randomPerLength, tasks: tasks.map((t) => t.id) });
    const { paths, report } = await writeReports(outDir, reports, meta, facts);
    if (json) await printLine(JSON.stringify(report));
    await say(`wrote ${paths.join(' and ')} with its plots (total ${totalSeconds.toFixed(1)} s)`);

    const failed = reports.filter((r) => !r.allCorrect).map((r) => r.task);
    if (unsolved.length > 0 || failed.length > 0) {
      const parts = [unsolved.length > 0 && `training did not reach 100% for ${unsolved.join(', ')}`, failed.length > 0 && `not every instance was answered exactly for ${failed.join(', ')}`];
      throw new Failure(parts.filter(Boolean).join('; '));
    }
    return 0;
  },
};

/** One row per task × length, header first. */
function combinedRows(reports: readonly SweepReport[], trainingSeconds: Readonly<Record<string, number>>): (string | number)[][] {
  const rows: (string | number)[][] = [['Task', 'L', 'Exact match', 'Random steps', 'Adversarial steps', 'Params', 'Training s']];
  for (const report of reports) {
    for (const s of report.byLength) {
      rows.push([report.task, s.length, percentText(s.correct, s.total), stepsText(s.randomSteps), stepsText(s.adversarialSteps), report.parameters, secondsText(trainingSeconds[report.task])]);
    }
  }
  return rows;
}
