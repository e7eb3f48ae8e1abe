import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ENGINES, type Engine } from '@sead/core';
import { UsageError } from './errors.js';

/** A command's options, in the form `parseArgs` of `node:util` takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
/** The parsed options a command runs with, by option name. */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** Where `parseOptions` puts the positional arguments of a command that takes them. */
export const POSITIONALS = '_';

/**
 * Strict parsing: an unknown option, a missing value or a stray positional argument (for a command
 * that takes none) is a usage error with a one-line message that names the command.
 */
export function parseOptions(command: string, args: readonly string[], options: OptionSpec, allowPositionals = false): OptionValues {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals });
    return allowPositionals ? { ...(values as OptionValues), [POSITIONALS]: positionals } : (values as OptionValues);
  } catch (error) {
    throw new UsageError(`${rephrase(error as Error & { code?: string })}; see "sead ${command} --help"`);
  }
}

/** parseArgs's messages, reworded to fit on the `sead: error:` line. */
function rephrase(error: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? error.message}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted ?? ''}"`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = /--[\w-]+/.exec(error.message)?.[0] ?? 'an option';
      if (/does not take an argument/.test(error.message)) return `${flag} does not take a value`;
      if (/ambiguous/.test(error.message)) return `${flag} needs a value; to give one that starts with "-", write ${flag}=<value>`;
      return `${flag} needs a value`;
    }
    default:
      return error.message.split('\n')[0];
  }
}

/** A string option that must be present. */
export function required(values: OptionValues, name: string, hint = ''): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing --${name}${hint}`);
  return value;
}

/** An optional string option. */
export function optionalString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} needs a value`);
  return value;
}

/** An integer option within [min, max]; undefined when absent. */
export function integerOption(values: OptionValues, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  return parseInteger(String(raw), `--${name}`, min, max);
}

export function parseInteger(raw: string, flag: string, min: number, max: number): number {
  const text = raw.trim().replace(/_/g, '');
  if (!/^[+-]?\d+$/.test(text)) throw new UsageError(`${flag} must be an integer, got ${JSON.stringify(raw)}`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

/**
 * A count option of at least 1 and at most `max`, written as digits (underscores allowed) or in
 * exponent form (1e10, 2.5e9); undefined when absent.
 */
export function countOption(values: OptionValues, name: string, max = 1e18): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const text = String(raw).trim().replace(/_/g, '');
  const n = /^\d+(\.\d+)?(e\d+)?$/i.test(text) ? Number(text) : NaN;
  if (!(Number.isInteger(n) && n >= 1 && n <= max)) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max.toExponential().replace('+', '')} (digits or like 1e10), got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** A positive finite number option; undefined when absent. */
export function positiveNumberOption(values: OptionValues, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const n = text === '' ? NaN : Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return n;
}

/** The longest instance an evaluation will build: beyond this a sweep would not finish. */
export const MAX_EVAL_LENGTH = 10_000_000;

/** A comma-separated list of lengths, each an integer from 1 to MAX_EVAL_LENGTH; undefined when absent. */
export function lengthsOption(values: OptionValues, name: string): number[] | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const parts = String(raw).split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) {
    throw new UsageError(`--${name} must be a comma-separated list of integers, got ${JSON.stringify(raw)}`);
  }
  const lengths = parts.map((p) => {
    const digits = p.replace(/_/g, '');
    const n = /^\d+$/.test(digits) ? Number(digits) : NaN;
    if (!(n >= 1 && n <= MAX_EVAL_LENGTH)) {
      throw new UsageError(`--${name}: each length must be an integer from 1 to ${MAX_EVAL_LENGTH}, got ${JSON.stringify(p)}`);
    }
    return n;
  });
  return [...new Set(lengths)];
}

/** A comma-separated list of names; undefined when absent. */
export function listOption(values: OptionValues, name: string): string[] | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const parts = String(raw).split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new UsageError(`--${name} must be a comma-separated list, got ${JSON.stringify(raw)}`);
  return [...new Set(parts)];
}

/** --engine: dense, sparse or auto (the default: sparse). */
export function engineOption(values: OptionValues): Engine {
  const value = values.engine ?? 'auto';
  if (typeof value !== 'string' || !(ENGINES as readonly string[]).includes(value)) {
    throw new UsageError(`--engine must be one of ${ENGINES.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as Engine;
}

/** A comma-separated list of integers, each within [min, max], without repeats; undefined when absent. */
export function integerListOption(values: OptionValues, name: string, min: number, max: number): number[] | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const parts = String(raw).split(',').map((p) => p.trim());
  const numbers = parts.map((p) => (/^\d+$/.test(p.replace(/_/g, '')) ? Number(p.replace(/_/g, '')) : NaN));
  if (numbers.some((n) => !(n >= min && n <= max))) {
    throw new UsageError(`--${name} must be a comma-separated list of integers from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return [...new Set(numbers)];
}
