/** The `sead` command line as a library: `main(argv)` runs it and resolves to the exit status. */
export { main, commands, usage, version } from './main.js';
export type { Command } from './command.js';
export { UsageError, Failure, EXIT_OK, EXIT_FAILURE, EXIT_USAGE } from './errors.js';
