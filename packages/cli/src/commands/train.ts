import { loadCheckpoint } from '@sead/node';
import { resumeProblem } from '@sead/trainer';
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
import { checkRegime, trainToFile } from '../training-run.js';

export const DEFAULT_SEED = 7;
export const MAX_SEED = 2 ** 32 - 1;

const help = `Usage: sead train --task <id> --out <file> [options]

Trains a SEAD model until it answers every validation length exactly, or the budget runs out.
The checkpoint is written atomically to --out at every validation and at the end.

Options:
  -t, --task <id>           task to learn (parity, addition, rule110, or a plugin's)
      --plugin <module>     load tasks from a plugin module (a file or package; repeatable)
  -o, --out <file>          checkpoint file to write
      --seed <N>            seed of every random choice (default ${DEFAULT_SEED}; a resumed run keeps its own)
      --regime <name>       relax (backprop through relaxation) or chaos (single steps of the
                            reference rule); default: the task's recipe
      --max-iterations <N>  iteration budget, counting a resumed run's (default: the recipe's)
      --max-seconds <S>     wall-time budget in seconds
      --lr <X>              Adam learning rate (default: the recipe's)
      --batch <N>           instances per iteration (default: the recipe's)
      --resume <file>       continue from this checkpoint (same task); weights, optimizer state and
                            curriculum carry over
      --allow-edited        with --resume: continue from a checkpoint whose config or weights were
                            edited after training (they no longer match its digest) or that has
                            none (version 1)
      --backend <name>      tfjs backend: cpu (default) or wasm
      --json                print only one final JSON object:
                            {task, regime, solved, iterations, seconds, params, out, validation}
  -h, --help                show this help

Progress: in a terminal, a live bar on stderr (iteration, loss, last validation, the most time
left within the budget); otherwise a line every 50 iterations; every validation as a line of its
own; none with --json.

Exit status: 0 when validation reached 100% and the checkpoint is written; 1 when the budget ran
out first (the checkpoint is still written and can be resumed).`;

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model on a task and write its checkpoint',
  help,
  options: {
    ...taskOption,
    out: { type: 'string', short: 'o' },
    seed: { type: 'string' },
    regime: { type: 'string' },
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
    if (regimeOption !== undefined) checkRegime(task, regimeOption);
    await prepareFile(out, '--out', "the checkpoint's file name");
    await selectBackend(values.backend);

    const resume = resumePath === undefined ? undefined : await loadCheckpoint(resumePath, task, checkpointOptions(values));
    const unresumable = resume && resumeProblem(resume);
    if (unresumable) throw new Failure(`checkpoint ${resumePath}: ${unresumable}`);
    const record = resume?.training;
    const resumedRegime = resume && (record?.regime ?? (resume.config.mode === 'discrete' ? 'chaos' : 'relax'));
    if (resumedRegime && regimeOption !== undefined && regimeOption !== resumedRegime) {
      throw new UsageError(`--regime ${regimeOption} does not match ${resumePath}, which was trained with --regime ${resumedRegime}`);
    }
    const regime = checkRegime(task, regimeOption ?? resumedRegime ?? task.recipe?.regime ?? (task.cellTargets ? 'relax' : 'chaos'));
    const result = await trainToFile({
      task,
      regime,
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
      iterations: result.iterations,
      seconds: Math.round(result.seconds * 100) / 100,
      params: result.model.parameterCount,
      out,
      validation: Object.fromEntries(result.scores.map((s) => [String(s.length), s.correct / s.total])),
    };
    result.model.dispose();
    if (json) await printLine(JSON.stringify(summary));
    const what = `${result.iterations} iterations, ${result.seconds.toFixed(1)} s`;
    if (!result.solved) {
      throw new Failure(`budget ran out before validation reached 100% (${scoresText(result.scores)}; ${what}); checkpoint written to ${out}, continue with --resume ${out}`);
    }
    if (!json) await printLine(`solved ${task.id} with ${summary.params} parameters (${regime}, ${what}); checkpoint written to ${out}`);
    return 0;
  },
};

/** A resumed run keeps the settings its checkpoint records, unless overridden. */
function numberFrom(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function lengthsFrom(value: unknown): [number, number] | undefined {
  return Array.isArray(value) && value.length === 2 && value.every((v) => Number.isInteger(v)) ? [value[0], value[1]] : undefined;
}
