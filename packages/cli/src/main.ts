import { messageOf } from '@sead/tasks';
import { parseOptions } from './args.js';
import type { Command } from './command.js';
import { baselinesCommand } from './commands/baselines.js';
import { diagramCommand } from './commands/diagram.js';
import { evalCommand } from './commands/eval.js';
import { infoCommand } from './commands/info.js';
import { predictCommand } from './commands/predict.js';
import { reproduceCommand } from './commands/reproduce.js';
import { sweepCommand } from './commands/sweep.js';
import { trainCommand } from './commands/train.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { cliManifest } from './manifest.js';

export const commands: readonly Command[] = [predictCommand, trainCommand, evalCommand, infoCommand, reproduceCommand, diagramCommand, baselinesCommand, sweepCommand];

export function version(): string {
  return cliManifest().version;
}

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: sead <command> [options]',
    '',
    'SEAD: a neural cellular automaton that learns an algorithm at length 16 and runs it exactly at any length.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show this help (or "sead <command> --help" for a command)',
    '  -V, --version  print the version',
  ].join('\n');
}

/**
 * Runs the command line and returns the exit status. This is the one place where a thrown error
 * becomes output: one `sead: error: <message>` line on stderr, never a stack trace.
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    process.stderr.write(`sead: error: ${messageOf(error)}\n`);
    return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}

async function dispatch(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command; see "sead --help"');
  if (first === '--help' || first === '-h') return print(usage());
  if (first === '--version' || first === '-V') return print(version());
  if (first === 'help') {
    if (rest.length === 0) return print(usage());
    return print(findCommand(rest[0]).help);
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option ${first}; see "sead --help"`);
  const command = findCommand(first);
  const values = parseOptions(command.name, rest, command.options, command.positionals);
  if (values.help === true) return print(command.help);
  return command.run(values);
}

function findCommand(name: string): Command {
  const command = commands.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"; commands: ${commands.map((c) => c.name).join(', ')}`);
  return command;
}

function print(text: string): number {
  process.stdout.write(text + '\n');
  return EXIT_OK;
}
