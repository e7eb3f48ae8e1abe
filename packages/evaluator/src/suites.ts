import { seededRandom, type Task } from '@sead/tasks';

/** The instances of one (length, suite) cell of a sweep. */
export interface Suite<I> {
  /** "random", or the name of an adversarial family. */
  readonly name: string;
  readonly kind: 'random' | 'adversarial';
  readonly instances: readonly I[];
}

export interface SuiteOptions {
  readonly randomPerLength: number;
  readonly seed: number;
  readonly adversarial: boolean;
}

/**
 * The seed of the random suite at one length. Mixed so that neighbouring seeds and lengths give
 * unrelated streams, and deliberately unlike the trainer's validation seeds, so a sweep does not
 * re-test the very instances training stopped on.
 */
export function suiteSeed(seed: number, length: number): number {
  let h = Math.imul((Math.trunc(seed) ^ 0x5ead5eed) >>> 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16) ^ Math.trunc(length), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The suites at one length: `randomPerLength` random instances (none: no random suite), then one
 * suite per adversarial family in the order the task lists them.
 */
export function buildSuites<I>(task: Task<I, unknown>, length: number, options: SuiteOptions): Suite<I>[] {
  const suites: Suite<I>[] = [];
  if (options.randomPerLength > 0) {
    const random = seededRandom(suiteSeed(options.seed, length));
    suites.push({ name: 'random', kind: 'random', instances: Array.from({ length: options.randomPerLength }, () => task.random(length, random)) });
  }
  if (options.adversarial) {
    const families = new Map<string, I[]>();
    for (const { family, instance } of task.adversarial(length)) families.set(family, [...(families.get(family) ?? []), instance]);
    for (const [name, instances] of families) suites.push({ name, kind: 'adversarial', instances });
  }
  return suites;
}
