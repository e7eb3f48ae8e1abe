import { BoundError, checkCompileWork, countText, DEFAULT_MAX_COMPILE_WORK, DEFAULT_MAX_UPDATES, resolveEngine, type Engine, type SeadModel, type TaskShape } from '@sead/core';
import type { LocalRule } from '@sead/tasks';
import { countOption, type OptionSpec, type OptionValues } from './args.js';
import { Failure } from './errors.js';

/** --max-updates and --max-compile: the bounds every run and compile is held to. */
export const boundOptions: OptionSpec = { 'max-updates': { type: 'string' }, 'max-compile': { type: 'string' } };

/** The help lines of `boundOptions`, descriptions from `column` on. */
export function boundHelp(column: number): string {
  const option = (flag: string, lines: string[]) => [`      ${flag}`.padEnd(column) + lines[0], ...lines.slice(1).map((l) => ' '.repeat(column) + l)].join('\n');
  return [
    option('--max-updates <N>', [`most cell updates one run may compute (default ${countText(DEFAULT_MAX_UPDATES)}):`, 'a rollout over it is refused, a fixed-point run that reaches it stops']),
    option('--max-compile <N>', [`most multiply-adds compiling a discrete model's table may take (default ${countText(DEFAULT_MAX_COMPILE_WORK)})`]),
  ].join('\n');
}

export interface Bounds {
  readonly maxUpdates: number;
  readonly maxCompileWork: number;
}

/** The bounds given on the command line, or the core's defaults. */
export function boundsOption(values: OptionValues): Bounds {
  return {
    maxUpdates: countOption(values, 'max-updates') ?? DEFAULT_MAX_UPDATES,
    maxCompileWork: countOption(values, 'max-compile') ?? DEFAULT_MAX_COMPILE_WORK,
  };
}

/** A bound's message with the option that raises it. */
export function boundMessage(error: BoundError): string {
  return error.bound === 'updates'
    ? `${error.message}; raise it with --max-updates`
    : `${error.message}; raise it with --max-compile, or run with --engine dense`;
}

/** The message of a run that stopped at its bound on cell updates. */
export function updateCapMessage(steps: number, updates: number, bounds: Bounds): string {
  return `the run reached the bound of ${countText(bounds.maxUpdates)} cell updates after ${countText(steps)} steps (${countText(updates)} updates) without settling; raise it with --max-updates`;
}

/**
 * Checks a discrete model's table against the bound on compiling now, when the engine will need
 * it, so that a table over the bound is refused before any input is read or any run starts. (The
 * table itself is compiled, or filled as runs meet it, when the first run starts.)
 */
export function compileUpFront(model: SeadModel, task: TaskShape & { rule?: LocalRule }, engine: Engine, bounds: Bounds): void {
  if (model.config.mode !== 'discrete' || resolveEngine(model, engine) !== 'sparse') return;
  try {
    checkCompileWork(model.config, task, bounds.maxCompileWork);
  } catch (error) {
    throw error instanceof BoundError ? new Failure(boundMessage(error)) : error;
  }
}
