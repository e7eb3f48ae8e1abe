import { differenceText, renamingText, settledText } from '@sead/evaluator';
import { loadCheckpoint } from '@sead/node';
import type { ModelShape } from '@sead/core';
import { configFor } from '@sead/core/training';
import { messageOf, type Task } from '@sead/tasks';
import { recordedRegime, REGIMES, resumeProblem, type Regime, type Supervision, type TrainResult } from '@sead/trainer';
import { integerOption, optionalString, positiveNumberOption, required, type OptionValues } from '../args.js';
import { selectBackend } from '../backend.js';
import { allowEditedOption, backendOption, helpOption, jsonOption, taskOption, type Command } from '../command.js';
import { Failure, UsageError } from '../errors.js';
import { scoresText } from '../format.js';
import { printLine } from '../output.js';
import { progressMode } from '../progress.js';
import { checkpointOptions } from '../model-source.js';
import { resolveTask } from '../task-option.js';
import { prepareFile } from '../out-file.js';
import { checkRegime, defaultRegime, trainToFile } from '../training-run.js';

export const DEFAULT_SEED = 7;
export const MAX_SEED = 2 ** 32 - 1;

const help = `Usage: sead train --task <id> --out <file> [options]

Trains a SEAD model until it answers every validation length exactly, or the budget runs out.
The checkpoint is written atomically to --out at every validation and at the end.

Options:
  -t, --task <id>           task to learn (parity, addition, rule110, multiplication, or a plugin's)
      --plugin <module>     load tasks from a plugin module (a file or package; repeatable)
  -o, --out <file>          checkpoint file to write
      --seed <N>            seed of every random choice (default ${DEFAULT_SEED}; a resumed run keeps its own)
      --regime <name>       relax (from the task's examples alone, through steps projected onto
                            symbols: a discrete model), relax-continuous (the same examples
                            through sigma: a continuous model) or chaos (single steps of the
                            reference rule); default: the task's recipe (relax with --ignore-rule)
      --ignore-rule         train and validate as if the task had no reference rule; the rule is
                            compared with only at the end, for the report
      --supervise <which>   relax: cells (every cell's target, default) or readout (only the cell
                            the task reads its answer from)
      --channels <N>        state channels (a discrete model: one per state symbol)
      --embedding <N>       embedding width E
      --hidden <N>          hidden width H
      --radius <N>          cells read on each side r
                            (the shape defaults to the recipe's; a resumed run keeps its own)
      --max-iterations <N>  iteration budget, counting a resumed run's (default: the recipe's)
      --max-seconds <S>     wall-time budget in seconds
      --lr <X>              Adam learning rate (default: the recipe's for its regime)
      --batch <N>           instances per iteration (default: the recipe's for its regime)
      --resume <file>       continue from this checkpoint (same task); weights, optimizer state and
                            curriculum carry over
      --allow-edited        with --resume: continue from a checkpoint whose config or weights were
                            edited after training (they no longer match its digest) or that has
                            none (version 1)
      --backend <name>      tfjs backend: cpu (default) or wasm
      --json                print only one final JSON object: {task, regime, solved, validated,
                            certification, iterations, seconds, params, out, validation}
  -h, --help                show this help

Progress: in a terminal, a live bar on stderr (iteration, loss, last validation, the most time
left within the budget); otherwise a line every 50 iterations; every validation as a line of its
own; none with --json.

"solved" means every validation answer was exact and, for a task with a reference rule (unless
--ignore-rule), that the learned rule was compared with it on every neighbourhood and is equal;
where no comparison can be made, the last line says "not certified" and why.

Exit status: 0 when validation reached 100% and the checkpoint is written; 1 when the budget ran
out first (the checkpoint, of the best weights validated, is still written and can be resumed).`;

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model on a task and write its checkpoint',
  help,
  options: {
    ...taskOption,
    out: { type: 'string', short: 'o' },
    seed: { type: 'string' },
    regime: { type: 'string' },
    'ignore-rule': { type: 'boolean' },
    supervise: { type: 'string' },
    channels: { type: 'string' },
    embedding: { type: 'string' },
    hidden: { type: 'string' },
    radius: { type: 'string' },
    'max-iterations': { type: 'string' },
    'max-seconds': { type: 'string' },
    lr: { type: 'string' },
    batch: { type: 'string' },
    resume: { type: 'string' },
    ...allowEditedOption,
    ...backendOption,
    ...jsonOption,
    ...helpOption,
  },
  async run(values: OptionValues): Promise<number> {
    const task = await resolveTask(values);
    const out = required(values, 'out', ' (the checkpoint file to write)');
    const seed = integerOption(values, 'seed', 0, MAX_SEED);
    const regimeOption = optionalString(values, 'regime');
    const maxIterations = integerOption(values, 'max-iterations', 1);
    const maxSeconds = positiveNumberOption(values, 'max-seconds');
    const learningRate = positiveNumberOption(values, 'lr');
    const batchSize = integerOption(values, 'batch', 1, 65536);
    const resumePath = optionalString(values, 'resume');
    if (values['allow-edited'] === true && resumePath === undefined) throw new UsageError('--allow-edited goes with --resume, the checkpoint it lets load');
    const json = values.json === true;
    const ignoreRule = values['ignore-rule'] === true;
    const supervision = supervisionOption(values);
    const shape = shapeOptions(values);
    if (resumePath !== undefined && shape) throw new UsageError(`--${Object.keys(shape)[0]} cannot reshape a resumed model; --resume keeps the shape of ${resumePath}`);
    if (regimeOption !== undefined) checkRegime(task, regimeOption, ignoreRule);
    await prepareFile(out, '--out', "the checkpoint's file name");
    await selectBackend(values.backend);

    const resume = resumePath === undefined ? undefined : await loadCheckpoint(resumePath, task, checkpointOptions(values));
    const unresumable = resume && resumeProblem(resume);
    if (unresumable) throw new Failure(`checkpoint ${resumePath}: ${unresumable}`);
    const record = resume?.training;
    const resumedRegime = resume && recordedRegime(resume);
    if (resumedRegime && regimeOption !== undefined && regimeOption !== resumedRegime) {
      throw new UsageError(`--regime ${regimeOption} does not match ${resumePath}, which was trained with --regime ${resumedRegime}`);
    }
    const regime = checkRegime(task, regimeOption ?? resumedRegime ?? defaultRegime(task, ignoreRule), ignoreRule);
    const model = shape && checkShape(task, regime, { ...(task.recipe?.model ?? { channels: task.stateSymbols.length, embedding: 2, hidden: 4, radius: 1 }), ...shape });
    if (supervision === 'readout' && task.readout === 'all') throw new UsageError(`--supervise readout needs a task that reads its answer from one cell; "${task.id}" reads every cell`);
    const result = await trainToFile({
      task,
      regime,
      ignoreRule: ignoreRule || record?.ignoreRule === true,
      supervision: supervision ?? (record?.supervision === 'readout' ? 'readout' : undefined),
      model,
      seed: seed ?? numberFrom(record?.seed) ?? DEFAULT_SEED,
      out,
      maxIterations,
      maxSeconds,
      learningRate: learningRate ?? numberFrom(record?.learningRate),
      batchSize: batchSize ?? numberFrom(record?.batchSize),
      trainLengths: resume ? lengthsFrom(record?.trainLengths) : undefined,
      resume,
      progress: progressMode(json),
    });

    const summary = {
      task: task.id,
      regime,
      solved: result.solved,
      validated: result.validated,
      certification: certificationSummary(result.certification),
      iterations: result.iterations,
      seconds: Math.round(result.seconds * 100) / 100,
      params: result.model.parameterCount,
      out,
      validation: Object.fromEntries(result.scores.map((s) => [String(s.length), s.correct / s.total])),
    };
    result.model.dispose();
    if (json) await printLine(JSON.stringify(summary));
    const what = `${result.iterations} iterations, ${result.seconds.toFixed(1)} s`;
    if (!result.validated) {
      const search = result.coverage ? `, search ${result.coverage.correct}/${result.coverage.kept}` : '';
      const kept = typeof result.checkpoint.training?.keptFrom === 'number' ? ` (the best weights validated, from iteration ${result.checkpoint.training.keptFrom})` : '';
      throw new Failure(`budget ran out before validation reached 100% (${scoresText(result.scores)}${search}; ${what}); checkpoint${kept} written to ${out}, continue with --resume ${out}`);
    }
    if (!json) await printLine(`${outcomeText(task.id, `${summary.params} parameters (${regime}, ${what})`, result, ignoreRule)}; checkpoint written to ${out}`);
    return 0;
  },
};

/**
 * The last line's verdict, for a run whose validation is perfect: solved only where the rule is certified, or the task has no rule to
 * certify against; otherwise validated, and why that is not solved (a rule that differs on a
 * reachable neighbourhood, or no comparison made). With --ignore-rule the comparison is made
 * afterwards, for the report: training never read the rule.
 */
function outcomeText(taskId: string, run: string, result: TrainResult, ignoreRule: boolean): string {
  const c = result.certification;
  const from = ignoreRule ? ' from examples' : '';
  const afterwards = ignoreRule ? ' afterwards' : '';
  if (c.status === 'exact') return `solved ${taskId}${from} with ${run}, certified${afterwards}: the rule equals the reference on every reachable neighbourhood`;
  if (c.status === 'equivalent') {
    return `solved ${taskId}${from} with ${run}, certified${afterwards}: the rule is the reference with symbols it only passes through renamed (${renamingText(c.reference.relabelling!)}) on every reachable neighbourhood, so it gives the same answers at the same steps`;
  }
  if (c.status === 'same-answers') {
    return `solved ${taskId}${from} with ${run}, certified${afterwards}: the rule gives the reference's answer on every input at every length; it differs from the reference on ${c.reference.mismatches} reachable neighbourhood${c.reference.mismatches === 1 ? '' : 's'}${settledText(c.reference)}`;
  }
  if (c.status === 'differs') {
    const n = c.reference.mismatches;
    const first = c.reference.differences[0];
    const named = first ? ` (the first: ${differenceText(first)})` : '';
    return `validated ${taskId}${from} with ${run}: every validation answer exact, but not certified: compared${afterwards}, the rule differs from the reference on ${n} reachable neighbourhood${n === 1 ? '' : 's'}${settledText(c.reference)}${named}`;
  }
  if (c.status === 'checked') {
    const g = c.grid;
    if (g.certified) return `solved ${taskId}${from} with ${run}, certified${afterwards}: the rule equals the reference on every window of the closure of reachable windows (${g.closure.windows}), at every size of grid`;
    const first = g.closure.differences[0] ?? g.differences[0];
    const why = !g.closure.complete
      ? `the closure of reachable windows was not computed (${g.closure.why}); on the ${g.windows} windows the reference's runs meet, ${g.mismatches} differ`
      : g.closure.mismatches > 0
        ? `the rule differs from the reference on ${g.closure.mismatches} of the ${g.closure.windows} reachable windows`
        : `a logit gap on a reachable window (the smallest is ${g.closure.minMargin.toExponential(1)}) is too thin to be sure of float32`;
    return `validated ${taskId}${from} with ${run}: every validation answer exact, but not certified: ${why}${first ? ` (the first: ${differenceText(first)})` : ''}`;
  }
  if (result.solved) return `solved ${taskId}${from} with ${run}: every validation answer exact (${c.why})`;
  return `validated ${taskId}${from} with ${run}: every validation answer exact, but not certified: ${c.why}`;
}

/** What --json says of the certification: its status, and the mismatches or the reason. */
function certificationSummary(c: TrainResult['certification']): Record<string, unknown> {
  if (c.status === 'not-certified') return { status: c.status, why: c.why };
  if (c.status === 'checked') return { status: c.status, certified: c.grid.certified, mismatches: c.grid.closure.mismatches, reachable: c.grid.closure.windows, ...(c.grid.closure.why !== undefined && { why: c.grid.closure.why }) };
  const { mismatches, relabelling, restsAgree, maxChanges } = c.reference;
  return { status: c.status, mismatches, ...(relabelling && { relabelling }), ...(restsAgree !== null && { restsAgree }), ...(maxChanges !== null && { maxChanges }) };
}

function supervisionOption(values: OptionValues): Supervision | undefined {
  const value = optionalString(values, 'supervise');
  if (value === undefined || value === 'cells' || value === 'readout') return value;
  throw new UsageError(`--supervise must be cells or readout, got ${JSON.stringify(value)}`);
}

/** The shape options given, or undefined when none is. */
function shapeOptions(values: OptionValues): Partial<ModelShape> | undefined {
  const shape: Partial<ModelShape> = {};
  for (const [name, max] of [['channels', 256], ['embedding', 1024], ['hidden', 4096], ['radius', 64]] as const) {
    const value = integerOption(values, name, 1, max);
    if (value !== undefined) shape[name] = value;
  }
  return Object.keys(shape).length > 0 ? shape : undefined;
}

/** A shape the regime can train: a discrete model has one channel per state symbol, and a model its parameter bound. */
function checkShape(task: Task<any, any>, regime: Regime, shape: ModelShape): ModelShape {
  const S = task.stateSymbols.length;
  if (REGIMES[regime].mode === 'discrete' && shape.channels !== S) {
    throw new UsageError(`--channels must be ${S} for --regime ${regime}: a discrete model has one channel per state symbol of "${task.id}" (${task.stateSymbols.join(', ')})`);
  }
  try {
    configFor(task, shape, REGIMES[regime].mode);
  } catch (error) {
    // The core's one-line reason, e.g. a model over the parameter bound.
    throw new UsageError(`--channels ${shape.channels} --embedding ${shape.embedding} --hidden ${shape.hidden} --radius ${shape.radius}: ${messageOf(error)}`);
  }
  return shape;
}

/** A resumed run keeps the settings its checkpoint records, unless overridden. */
function numberFrom(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function lengthsFrom(value: unknown): [number, number] | undefined {
  return Array.isArray(value) && value.length === 2 && value.every((v) => Number.isInteger(v)) ? [value[0], value[1]] : undefined;
}
