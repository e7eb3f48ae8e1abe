/**
 * The `sead` command line as a library: {@link main} runs it on the arguments and resolves to the
 * exit status.
 *
 * @packageDocumentation
 */
export { main, commands, usage, version } from './main.js';
export type { Command } from './command.js';
export type { OptionSpec, OptionValues } from './args.js';
export { UsageError, Failure, EXIT_OK, EXIT_FAILURE, EXIT_USAGE } from './errors.js';
