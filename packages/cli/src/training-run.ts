import * as tf from '@tensorflow/tfjs-core';
import type { Checkpoint } from '@sead/core';
import { messageOf, type Task } from '@sead/tasks';
import { saveCheckpoint } from '@sead/node';
import { countText, type ModelShape } from '@sead/core';
import { REGIMES, regimeDefaults, regimeNames, regimeProblem, train, type Regime, type Supervision, type TrainEvent, type TrainResult } from '@sead/trainer';
import { Failure, UsageError } from './errors.js';
import { scoresText } from './format.js';
import { printLine } from './output.js';
import { TrainingProgress, type ProgressMode } from './progress.js';

export interface TrainingRun {
  task: Task<any, any>;
  regime: Regime;
  /** Train and validate as if the task had no rule; it is compared with only at the end. */
  ignoreRule?: boolean;
  supervision?: Supervision;
  /** The model's shape, when not the recipe's. */
  model?: ModelShape;
  seed: number;
  /** Where the checkpoint is written, atomically, at every trainer checkpoint and at the end. */
  out: string;
  maxIterations?: number;
  maxSeconds?: number;
  learningRate?: number;
  batchSize?: number;
  trainLengths?: readonly [number, number];
  resume?: Checkpoint;
  /** A live bar (terminal), lines now and then, or nothing (--json); see progress.ts. */
  progress: ProgressMode;
  /** Prefix of every progress line, e.g. "[addition] ". */
  prefix?: string;
}

/** Regimes a task can be trained with, checked before any work so that a mistake is a usage error. */
export function checkRegime(task: Task<any, any>, regime: string, ignoreRule = false): Regime {
  if (!Object.hasOwn(REGIMES, regime)) throw new UsageError(`--regime must be ${regimeNames()}, got ${JSON.stringify(regime)}`);
  if (ignoreRule && regime === 'chaos') throw new UsageError('--regime chaos imitates the reference rule that --ignore-rule sets aside; use --regime relax');
  const problem = regimeProblem(task, regime);
  if (problem) throw new UsageError(problem);
  return regime as Regime;
}

/** The regime a task trains with when none is named: its recipe's, or relax from examples alone. */
export function defaultRegime(task: Task<any, any>, ignoreRule: boolean): string {
  if (ignoreRule) return 'relax';
  return task.recipe?.regime ?? (task.cellTargets ? 'relax' : 'chaos');
}

/** Trains as `run` says, writing the checkpoint as it goes and printing progress. */
export async function trainToFile(run: TrainingRun): Promise<TrainResult> {
  const progress = new TrainingProgress({
    mode: run.progress,
    print: printLine,
    prefix: run.prefix,
    // The bar's length: the trainer's budget for this task and regime.
    budget: run.maxIterations ?? regimeDefaults(run.task, run.regime).maxIterations,
    maxSeconds: run.maxSeconds,
  });
  const onEvent = async (event: TrainEvent): Promise<void> => {
    switch (event.type) {
      case 'iteration':
        await progress.iteration(event);
        break;
      case 'validation': {
        const correct = event.scores.reduce((n, s) => n + s.correct, 0);
        const total = event.scores.reduce((n, s) => n + s.total, 0);
        const { reference } = event;
        const { coverage } = event;
        const long = coverage?.long ? `, long ${coverage.long.correct}/${coverage.long.instances} (${countText(coverage.long.cells)} cells)` : '';
        const searched = coverage ? `, search ${coverage.correct}/${coverage.kept} of ${coverage.searched} drawn (${coverage.windows} windows met)${long}` : '';
        const perfect = correct === total && (!coverage || (coverage.correct === coverage.kept && (!coverage.long || coverage.long.correct === coverage.long.instances)));
        const verdict = !perfect
          ? `${correct}/${total} correct`
          : !reference
            ? 'all correct'
            : reference.exact
              ? 'all correct; the rule equals the reference on every reachable neighbourhood'
              : reference.relabelling
                ? 'all correct; the rule is the reference with symbols it only passes through renamed, on every reachable neighbourhood'
                : reference.restsAgree && reference.maxChanges !== null
                  ? "all correct; the rule differs from the reference only on the way, resting on the reference's answer on every input"
                  : `all correct, but the rule differs from the reference on ${reference.mismatches} reachable neighbourhood${reference.mismatches === 1 ? '' : 's'}: training on`;
        await progress.validation(`validation at iteration ${event.iteration}: ${scoresText(event.scores)}${searched} (${verdict})  elapsed ${event.seconds.toFixed(1)} s`, `${correct}/${total}`);
        break;
      }
      case 'restart':
        await progress.line(`restart ${event.restarts} at iteration ${event.iteration}: the loss stopped falling, starting again from fresh weights`);
        break;
      case 'checkpoint':
        await saveCheckpoint(run.out, event.checkpoint);
        break;
    }
  };
  const options = {
    task: run.task,
    regime: run.regime,
    ignoreRule: run.ignoreRule,
    supervision: run.supervision,
    model: run.model,
    seed: run.seed,
    maxIterations: run.maxIterations,
    maxSeconds: run.maxSeconds,
    learningRate: run.learningRate,
    batchSize: run.batchSize,
    trainLengths: run.trainLengths,
    resume: run.resume,
    onEvent,
  };
  try {
    return await train(options);
  } catch (error) {
    // A backend without the kernels training needs: say so instead of naming a kernel alone.
    const message = messageOf(error);
    if (/^Kernel '.*' not registered for backend/.test(message)) {
      throw new Failure(`the ${tf.getBackend()} backend cannot train (${message}); train with --backend cpu`);
    }
    throw error;
  } finally {
    progress.finish();
  }
}
