import type { Task } from '@sead/tasks';
import { chaos } from './chaos.js';
import { relax } from './relax.js';
import type { TrainingRegime } from './regime.js';

/** The regimes `train` knows, by name. */
export const REGIMES = { relax, chaos } as const satisfies Record<string, TrainingRegime>;

/** A regime's name. */
export type Regime = keyof typeof REGIMES;

/** Why `task` cannot be trained in `regime`, or undefined when it can. */
export function regimeProblem(task: Task, regime: string): string | undefined {
  if (!Object.hasOwn(REGIMES, regime)) return `unknown training regime "${regime}"; use ${Object.keys(REGIMES).join(' or ')}`;
  return REGIMES[regime as Regime].problem(task);
}

export type { Lesson, RegimeSettings, TrainingRegime } from './regime.js';
