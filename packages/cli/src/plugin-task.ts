import { defineTask, describeValue, latticeProblem, messageOf, TaskContractError, TaskInputError, type Lattice, type LocalRule, type NamedInstance, type Task } from '@sead/tasks';
import { Failure } from './errors.js';

/**
 * A plugin's code failed: it threw, or returned something that cannot be right. The message names
 * the plugin's task, its module and the method. Exit status 1, as any failure; `sead predict`
 * makes it the error of the line being answered and goes on.
 */
export class PluginError extends Failure {
  constructor(message: string) {
    super(message);
    this.name = 'PluginError';
  }
}

/** Fewest bytes `decodeBytes` may give any answer before it is taken for a runaway generator. */
const MIN_ANSWER_BYTES = 1 << 20;
/** Bytes per cell `decodeBytes` may give beyond that. */
const ANSWER_BYTES_PER_CELL = 64;

/**
 * A plugin task with every call into its code guarded. `defineTask` has checked its fields; this
 * checks what its methods do at run time: whatever a method throws, and any result of the wrong
 * kind (a lattice with stray tokens, an answer that is not a string, bytes that are not UTF-8),
 * becomes a `PluginError` like `plugin task "x" (module ./p.mjs): decode threw: boom`. Bad input
 * (`TaskInputError` from `parse` or `encodeBytes`) is let through as it is. Results are checked
 * whole before they are used, so nothing is half written; the cost is one pass over each lattice
 * and answer, and the built-in tasks are never wrapped.
 */
export function guardPluginTask(task: Task<any, any>, module: string): Task<any, any> {
  const where = `plugin task "${task.id}" (module ${module})`;
  const fault = (problem: string) => new PluginError(`${where}: ${problem}`);

  /**
   * Runs the plugin's `method` and checks its result; what escapes is a PluginError, or bad input
   * where input is read. Task methods are synchronous: a promise is a fault too.
   */
  function call<T>(method: string, run: () => unknown, check: (result: unknown) => T, readsInput = false): T {
    try {
      const result = run();
      if (isPromise(result)) {
        // Nobody will wait for it: its rejection must not end the process.
        result.then(undefined, () => undefined);
        throw fault(`${method} returned a promise; task methods must be synchronous`);
      }
      return check(result);
    } catch (error) {
      if (error instanceof PluginError) throw error;
      if (readsInput && error instanceof TaskInputError) throw error;
      // The rule's answers are checked by defineTask: its problem is worded to stand after our name.
      if (error instanceof TaskContractError && error.taskId === task.id) throw fault(error.problem);
      throw fault(`${method} threw: ${messageOf(error)}`);
    }
  }

  /** A check that the method returned something. */
  const present = (method: string, what: string) => (value: unknown) => {
    if (value === undefined) throw fault(`${method} returned undefined, not ${what}`);
    return value;
  };

  function lattice(method: string, value: unknown): Lattice {
    // A plain copy: a getter cannot answer one thing to the check and another to the engine.
    const copy = value !== null && typeof value === 'object' ? { ...(value as Lattice) } : value;
    const problem = latticeProblem(task, copy);
    if (problem) throw fault(`${method} returned an invalid lattice: ${problem}`);
    return copy as Lattice;
  }

  function families(length: number, value: unknown): NamedInstance<unknown>[] {
    if (!Array.isArray(value)) throw fault(`adversarial returned ${describeValue(value)}, not a list of { family, instance }`);
    return Array.from(value, (entry: unknown, k) => {
      const { family, instance } = (entry ?? {}) as Partial<NamedInstance<unknown>>;
      if (typeof family !== 'string' || family === '') throw fault(`adversarial(${length})[${k}] has no family name, got ${describeValue(family)}`);
      if (instance === undefined) throw fault(`adversarial(${length})[${k}] (family ${describeValue(family)}) has no instance`);
      return { family, instance };
    });
  }

  /** Targets of the instance's lattice: one state symbol per cell. */
  function targets(cells: number, value: unknown): Uint8Array {
    if (!(value instanceof Uint8Array)) throw fault(`cellTargets returned ${describeValue(value)}, not a Uint8Array`);
    if (value.length !== cells) throw fault(`cellTargets gave ${value.length} symbols for a lattice of ${cells} cells`);
    const S = task.stateSymbols.length;
    const at = value.findIndex((s) => s >= S);
    if (at >= 0) throw fault(`cellTargets gave symbol ${value[at]} at cell ${at}; the state symbols are 0 to ${S - 1}`);
    return value;
  }

  /** Every piece of the answer, copied and checked as UTF-8, before any of it is written. */
  function answerBytes(length: number, value: unknown): Uint8Array[] {
    if (!isIterable(value)) throw fault(`decodeBytes returned ${describeValue(value)}, not an iterable of Uint8Array pieces`);
    const limit = Math.max(MIN_ANSWER_BYTES, ANSWER_BYTES_PER_CELL * length);
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    const pieces: Uint8Array[] = [];
    let total = 0;
    for (const piece of value) {
      if (!(piece instanceof Uint8Array)) throw fault(`decodeBytes yielded ${describeValue(piece)}, not a Uint8Array`);
      total += piece.length;
      if (total > limit) throw fault(`decodeBytes gave more than ${limit} bytes for a lattice of ${length} cells`);
      // A copy: the plugin may fill the same buffer again for its next piece.
      pieces.push(piece.slice());
      if (!validUtf8(utf8, pieces[pieces.length - 1], true)) throw fault('decodeBytes gave bytes that are not valid UTF-8');
    }
    if (!validUtf8(utf8, new Uint8Array(0), false)) throw fault('decodeBytes gave bytes that are not valid UTF-8 (the last character is cut short)');
    return pieces;
  }

  const { rule } = task;
  const guarded: Task<any, any> = {
    ...task,
    encode: (instance) => call('encode', () => task.encode(instance), (value) => lattice('encode', value)),
    decode: (instance, states) => call('decode', () => task.decode(instance, states), present('decode', 'an answer')),
    solve: (instance) => call('solve', () => task.solve(instance), present('solve', 'an answer')),
    equal: (a, b) =>
      call('equal', () => task.equal(a, b), (same) => {
        if (typeof same !== 'boolean') throw fault(`equal returned ${describeValue(same)}, not true or false`);
        return same;
      }),
    random: (length, random) => call('random', () => task.random(length, random), present('random', 'an instance')),
    adversarial: (length) => call('adversarial', () => task.adversarial(length), (value) => families(length, value)),
    lengthOf: (instance) =>
      call('lengthOf', () => task.lengthOf(instance), (length) => {
        if (!(Number.isSafeInteger(length) && (length as number) >= 0)) throw fault(`lengthOf returned ${describeValue(length)}, not a non-negative integer`);
        return length as number;
      }),
    parse: (input) => call('parse', () => task.parse(input), present('parse', 'an instance'), true),
    format: (instance) =>
      call('format', () => task.format(instance), (object) => {
        if (object === null || typeof object !== 'object' || Array.isArray(object)) throw fault(`format returned ${describeValue(object)}, not a JSON object`);
        return object as Record<string, unknown>;
      }),
    formatOutput: (output) =>
      call('formatOutput', () => task.formatOutput(output), (text) => {
        if (typeof text !== 'string') throw fault(`formatOutput returned ${describeValue(text)}, not a string`);
        return text;
      }),
    // The lattice says how many targets there must be: one more call of encode, for plugins only.
    cellTargets: task.cellTargets && ((instance) => call('cellTargets', () => task.cellTargets!(instance), (value) => targets(guarded.encode(instance).length, value))),
    // checkLattice names a non-boolean answer; this names an exception as the plugin's.
    tokenWindowOccurs: task.tokenWindowOccurs && ((window) => call('tokenWindowOccurs', () => task.tokenWindowOccurs!(window), (value) => value as boolean)),
    encodeBytes: task.encodeBytes && ((input) => call('encodeBytes', () => task.encodeBytes!(input), (value) => lattice('encodeBytes', value), true)),
    decodeBytes: task.decodeBytes && ((built, states) => call('decodeBytes', () => task.decodeBytes!(built, states), (value) => answerBytes(built.length, value))),
    rule: rule && ({ radius: rule.radius, next: (tokens, states) => call('rule.next', () => rule.next(tokens, states), (value) => value as number) } satisfies LocalRule),
  };
  return defineTask(guarded);
}

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return value instanceof Promise || (value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function');
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** Feeds bytes to a fatal UTF-8 decoder; false when they cannot be (part of) UTF-8 text. */
function validUtf8(decoder: TextDecoder, bytes: Uint8Array, more: boolean): boolean {
  try {
    decoder.decode(bytes, { stream: more });
    return true;
  } catch {
    return false;
  }
}
