/**
 * Test support (excluded from the build): small fake tasks over bit rows whose state starts as the
 * row itself, so hand-built models can solve them and their step counts are known in closed form.
 */
import { applyRule, defineTask, randomInt, type Lattice, type LocalRule, type Task } from '@sead/tasks';

export interface BitsInstance {
  readonly bits: string;
}

const rules = {
  identity: { radius: 1, next: (_t, s) => s[1] },
  spread: { radius: 1, next: (_t, s) => (s[0] === 1 || s[1] === 1 ? 1 : 0) },
} satisfies Record<string, LocalRule>;

export interface BitTaskOptions {
  id: string;
  rule: keyof typeof rules;
  dynamics?: 'fixed-point' | 'rollout';
  /** A reference solver that is wrong on every instance, to prove the sweep can report failure. */
  wrongSolve?: boolean;
  /** Every answer counts as right: isolates the "and the run converged" half of exact match. */
  acceptAnything?: boolean;
  /** Leave the rule out, as a task without a reference would. */
  withoutRule?: boolean;
}

const toRow = (bits: string) => Uint8Array.from(bits, (c) => c.charCodeAt(0) - 48);
const toBits = (row: ArrayLike<number>) => Array.from(row, (s) => (s ? '1' : '0')).join('');

/** The rule's row after it stops changing (fixed points) or after L steps (rollouts). */
export function settle(rule: LocalRule, lattice: Lattice): { row: Uint8Array; steps: number } {
  let row: Uint8Array = Uint8Array.from(lattice.initialState ?? new Uint8Array(lattice.length));
  for (let t = 0; ; t++) {
    if (lattice.steps !== undefined && t === lattice.steps) return { row, steps: t };
    const next = applyRule(rule, lattice.tokens, row);
    if (lattice.steps === undefined && next.every((s, i) => s === row[i])) return { row, steps: t };
    row = next;
  }
}

export function bitTask(options: BitTaskOptions): Task<BitsInstance, string> {
  const rule = rules[options.rule];
  const dynamics = options.dynamics ?? 'fixed-point';
  const encode = ({ bits }: BitsInstance): Lattice => ({
    length: bits.length,
    tokens: new Uint8Array(bits.length),
    initialState: toRow(bits),
    ...(dynamics === 'rollout' && { steps: bits.length }),
  });
  return defineTask<BitsInstance, string>({
    id: options.id,
    description: `${options.rule} rule over a row of bits (test task)`,
    dynamics,
    inputAlphabet: [[1]],
    stateSymbols: ['0', '1'],
    readout: 'all',
    ...(!options.withoutRule && { rule }),
    encode,
    decode: (_instance, states) => toBits(states),
    solve(instance) {
      const answer = toBits(settle(rule, encode(instance)).row);
      return options.wrongSolve ? toBits(Array.from(answer, (c) => (c === '1' ? 0 : 1))) : answer;
    },
    equal: (a, b) => options.acceptAnything === true || a === b,
    random(length, random) {
      let bits = '';
      for (let i = 0; i < length; i++) bits += randomInt(random, 0, 1);
      return { bits };
    },
    adversarial(length) {
      const at = (i: number) => ({ bits: '0'.repeat(i) + '1' + '0'.repeat(length - 1 - i) });
      return [
        { family: 'single-one', instance: at(0) },
        { family: 'single-one', instance: at(length >> 1) },
        { family: 'all-zeros', instance: { bits: '0'.repeat(length) } },
      ];
    },
    lengthOf: ({ bits }) => bits.length,
    parse(input) {
      return input as BitsInstance;
    },
    format: ({ bits }) => ({ bits }),
    formatOutput: (row) => row,
  });
}
