import { describeValue } from './describe.js';
import { TaskContractError, type LocalRule } from './task.js';

/** Rules already checked, with the task and the number of states they are checked for. */
const checked = new WeakMap<LocalRule, { taskId: string; states: number }>();

/**
 * The rule with every answer checked: `next` must return a state symbol, an integer from 0 to
 * `states` − 1, or the call throws a `TaskContractError` naming the task, the rule and the
 * neighbourhood. Every consumer of a rule (chaos training's targets, the compiled table's
 * comparison with the reference, rollout checks) calls `next`, so none of them can take a
 * symbol that does not exist for an answer. The check is a few comparisons per call, and
 * `applyRule` remembers answers by neighbourhood, so long runs call `next` rarely.
 */
export function checkedRule(taskId: string, rule: unknown, states: number): LocalRule {
  if (rule === null || typeof rule !== 'object') throw new TaskContractError(taskId, `rule must be an object with radius and next, got ${describeValue(rule)}`);
  const known = checked.get(rule as LocalRule);
  if (known && known.taskId === taskId && known.states === states) return rule as LocalRule;
  const { radius, next } = rule as Partial<LocalRule>;
  if (!(Number.isInteger(radius) && (radius as number) >= 1)) throw new TaskContractError(taskId, `rule.radius must be a positive integer, got ${describeValue(radius)}`);
  if (typeof next !== 'function') throw new TaskContractError(taskId, `rule.next must be a function, got ${describeValue(next)}`);
  const wrapped: LocalRule = Object.freeze({
    radius: radius as number,
    next(tokens: ArrayLike<number>, symbols: ArrayLike<number>): number {
      const value = next.call(rule, tokens, symbols);
      if (typeof value === 'number' && value >>> 0 === value && value < states) return value;
      throw new TaskContractError(
        taskId,
        `rule.next returned ${describeValue(value)} for the neighbourhood tokens ${neighbourhood(tokens)}, states ${neighbourhood(symbols)}; ` +
          `a state is an integer from 0 to ${states - 1} (stateSymbols has ${states})`,
      );
    },
  });
  checked.set(wrapped, { taskId, states });
  return wrapped;
}

/** A neighbourhood as `[0, 1, -1]`, with OUTSIDE as −1. */
function neighbourhood(values: ArrayLike<number>): string {
  try {
    return `[${Array.from(values, (v) => String(v)).join(', ')}]`;
  } catch {
    return describeValue(values);
  }
}
