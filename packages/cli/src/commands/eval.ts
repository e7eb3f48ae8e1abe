import { SeadModel } from '@sead/core';
import { DEFAULT_RANDOM_PER_LENGTH, formatTable, lengthSweep, reportName, type SweepReport } from '@sead/evaluator';
import { engineOption, integerOption, lengthsOption, optionalString, type OptionValues } from '../args.js';
import { selectBackend } from '../backend.js';
import { allowEditedOption, backendOption, engineOptionSpec, helpOption, jsonOption, modelOption, taskOption, type Command } from '../command.js';
import { Failure } from '../errors.js';
import { boundHelp, boundOptions, boundsOption, compileUpFront } from '../bounds.js';
import { percentText, secondsText, stepsText } from '../format.js';
import { printLine, printLines } from '../output.js';
import { progressMode, PROGRESS_EVERY_SECONDS, SweepProgress } from '../progress.js';
import { checkpointOptions, loadAnyModel } from '../model-source.js';
import { machineText, reportObject, runFacts, writeReports } from '../report-files.js';
import { resolveTask } from '../task-option.js';
import { MAX_SEED } from './train.js';

export const DEFAULT_EVAL_LENGTHS = [16, 64, 256];

const help = `Usage: sead eval --task <id> [--model file] [options]

Length sweep: exact match of a model at each length, on seeded random instances and on every
adversarial family of the task, with the steps each took to converge.

Options:
  -t, --task <id>       task of the model (parity, addition, rule110, multiplication, or a plugin's)
      --plugin <module> load tasks from a plugin module (a file or package; repeatable)
  -m, --model <file>    checkpoint to evaluate (default: the model shipped for the task): SEAD's,
                        or a baseline's that \`sead baselines --out\` wrote (then --engine and the
                        bounds on updates and compiling do not apply)
      --allow-edited    load the checkpoint even if its config or weights were edited after
                        training (they no longer match its digest) or it has none (version 1)
      --lengths <list>  comma-separated lengths, each 1 to 10000000 (default ${DEFAULT_EVAL_LENGTHS.join(',')})
      --per-length <N>  random instances per length (default ${DEFAULT_RANDOM_PER_LENGTH}; 0 for adversarial only)
      --seed <N>        seed of the random instances (default 0)
      --max-steps <N>   step cap for fixed-point tasks (default 2L + 64)
  -o, --out <dir>       also write report.json, report.md and its plots (steps.svg, accuracy.svg)
                        into this directory
      --json            print the report as JSON instead of the table, and no progress
      --backend <name>  tfjs backend: cpu (default) or wasm
      --engine <name>   dense (every cell every step) or sparse (event-driven; the default, auto)
${boundHelp(24)}
                        (per instance: one that reaches it counts as not converged)
  -h, --help            show this help

Progress: a live bar on stderr in a terminal, otherwise a line per length, and within a long length
a line every ${PROGRESS_EVERY_SECONDS} s (instances answered, steps, time); none with --json.

Exit status: 0 when every instance was answered exactly, 1 otherwise.`;

export const evalCommand: Command = {
  name: 'eval',
  summary: 'length sweep of a model: exact match and steps per length',
  help,
  options: {
    ...taskOption,
    ...modelOption,
    ...allowEditedOption,
    lengths: { type: 'string' },
    'per-length': { type: 'string' },
    seed: { type: 'string' },
    'max-steps': { type: 'string' },
    ...engineOptionSpec,
    ...boundOptions,
    out: { type: 'string', short: 'o' },
    ...jsonOption,
    ...backendOption,
    ...helpOption,
  },
  async run(values: OptionValues): Promise<number> {
    const started = performance.now();
    const task = await resolveTask(values);
    const lengths = lengthsOption(values, 'lengths') ?? DEFAULT_EVAL_LENGTHS;
    const randomPerLength = integerOption(values, 'per-length', 0, 1_000_000) ?? DEFAULT_RANDOM_PER_LENGTH;
    const seed = integerOption(values, 'seed', 0, MAX_SEED) ?? 0;
    const maxSteps = integerOption(values, 'max-steps', 1);
    const engine = engineOption(values);
    const outDir = optionalString(values, 'out');
    const modelPath = optionalString(values, 'model');
    const json = values.json === true;
    const bounds = boundsOption(values);
    const backend = await selectBackend(values.backend);
    const { model, source, training, regime } = await loadAnyModel(task, modelPath, checkpointOptions(values));
    if (model instanceof SeadModel) compileUpFront(model, task, engine, bounds);

    const progress = new SweepProgress({ mode: progressMode(json), write: (line) => void process.stdout.write(line + '\n') });
    const report = lengthSweep(model, task, {
      lengths,
      randomPerLength,
      seed,
      maxSteps,
      engine,
      training,
      regime,
      ...bounds,
      // The sweep is synchronous: the progress writes straight to the streams as each suite ends.
      onProgress: (p) => progress.row(p),
      onInstance: (p) => progress.instance(p),
    });
    model.dispose();

    const meta = { title: `SEAD length sweep: ${task.id}`, date: new Date().toISOString(), machine: machineText(), backend, notes: [`Model: ${source}.`] };
    const facts = runFacts(backend, (performance.now() - started) / 1000, { model: source });
    // With --out, --json prints exactly what report.json holds (its plots included).
    const written = outDir === undefined ? undefined : await writeReports(outDir, [report], meta, facts);
    if (json) await printLine(JSON.stringify(written?.report ?? reportObject([report], meta, facts)));
    else await printLines(`${reportName(report)}: ${report.parameters} parameters, ${report.regime}, model ${source}\n${formatTable(lengthRows(report))}`);
    if (!json) for (const { length, reason } of report.skipped) await printLine(`L=${length} not run: ${reason}`);
    if (written && !json) await printLine(`wrote ${written.paths.join(' and ')} with its plots`);
    if (!report.allCorrect) {
      const wrong = [
        ...report.byLength.filter((s) => s.correct < s.total).map((s) => `L=${s.length} ${s.correct}/${s.total}`),
        ...report.skipped.map((s) => `L=${s.length} not run`),
      ];
      throw new Failure(`not every instance was answered exactly: ${wrong.join(', ')}`);
    }
    return 0;
  },
};

/** The sweep by length, header first. */
function lengthRows(report: SweepReport): (string | number)[][] {
  const rows: (string | number)[][] = [['L', 'Exact match', 'Accuracy', 'Random median steps', 'Adversarial max steps', 'Seconds']];
  for (const s of report.byLength) {
    const seconds = report.rows.filter((r) => r.length === s.length).reduce((sum, r) => sum + r.seconds, 0);
    rows.push([s.length, `${s.correct}/${s.total}`, percentText(s.correct, s.total), stepsText(s.randomSteps), stepsText(s.adversarialSteps), secondsText(seconds)]);
  }
  return rows;
}
