import type { Task } from '@sead/tasks';
import { chaos } from './chaos.js';
import { relax } from './relax.js';
import { relaxContinuous } from './relax-continuous.js';
import type { TrainingRegime } from './regime.js';

/** The regimes `train` knows, by name. */
export const REGIMES = { relax, 'relax-continuous': relaxContinuous, chaos } as const satisfies Record<string, TrainingRegime>;

/** A regime's name. */
export type Regime = keyof typeof REGIMES;

/** Why `task` cannot be trained in `regime`, or undefined when it can. */
export function regimeProblem(task: Task, regime: string): string | undefined {
  if (!Object.hasOwn(REGIMES, regime)) return `unknown training regime "${regime}"; use ${regimeNames()}`;
  return REGIMES[regime as Regime].problem(task);
}

/** The regimes' names as a sentence: "relax, relax-continuous or chaos". */
export function regimeNames(): string {
  const names = Object.keys(REGIMES);
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

export { readoutCell } from './relax.js';
export type { Lesson, RegimeSettings, Supervision, TrainingRegime } from './regime.js';
