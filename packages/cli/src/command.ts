import type { OptionSpec, OptionValues } from './args.js';

/** One `sead` subcommand: its options, its help text and what it does. */
export interface Command {
  readonly name: string;
  /** One line for `sead --help`. */
  readonly summary: string;
  /** The full text of `sead <name> --help`. */
  readonly help: string;
  /** parseArgs options; every command also gets --help. */
  readonly options: OptionSpec;
  /** Whether it takes positional arguments (under `POSITIONALS` of args.ts); by default a stray one is an error. */
  readonly positionals?: boolean;
  /** Runs the command; returns the exit status, or throws (see errors.ts). */
  run(values: OptionValues): Promise<number>;
}

/** The option every command takes. */
export const helpOption: OptionSpec = { help: { type: 'boolean', short: 'h' } };

/** Options shared by the commands that run a model. */
/** --plugin: modules that register tasks of their own (repeatable). */
export const pluginOption: OptionSpec = { plugin: { type: 'string', multiple: true } };
/** --task, and the plugins that may define it. */
export const taskOption: OptionSpec = { task: { type: 'string', short: 't' }, ...pluginOption };
export const modelOption: OptionSpec = { model: { type: 'string', short: 'm' } };
/** --allow-edited: load a checkpoint whose config or weights no longer match their digest. */
export const allowEditedOption: OptionSpec = { 'allow-edited': { type: 'boolean' } };
export const backendOption: OptionSpec = { backend: { type: 'string' } };
export const jsonOption: OptionSpec = { json: { type: 'boolean' } };
export const engineOptionSpec: OptionSpec = { engine: { type: 'string' } };
