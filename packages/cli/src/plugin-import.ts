import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { messageOf } from '@sead/tasks';
import { EXIT_FAILURE, Failure, UsageError } from './errors.js';
import { cliManifest } from './manifest.js';

/** How long a plugin module may take to load, unless `SEAD_PLUGIN_TIMEOUT` says otherwise. */
export const DEFAULT_PLUGIN_TIMEOUT_SECONDS = 30;
/** The environment variable that sets it, in seconds (fractions allowed). */
export const PLUGIN_TIMEOUT_VARIABLE = 'SEAD_PLUGIN_TIMEOUT';
/** setTimeout's longest delay; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Imports a plugin module (a file path, or a package name resolved from the working directory)
 * within the timeout. A module whose top-level await never settles would otherwise leave Node
 * with nothing to do, and it exits with status 13 and no word; the timer keeps the process alive
 * meanwhile and names the plugin when it fires.
 */
export async function importPlugin(specifier: string): Promise<Record<string, unknown>> {
  const seconds = pluginTimeoutSeconds();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Failure(`plugin "${specifier}" did not finish loading within ${seconds} s (set ${PLUGIN_TIMEOUT_VARIABLE} to allow longer)`));
      // Whatever the module left running (timers, sockets) must not keep the process alive after the error.
      setTimeout(() => process.exit(EXIT_FAILURE), 1000).unref();
    }, Math.min(seconds * 1000, MAX_TIMER_MS));
  });
  try {
    return (await Promise.race([import(locate(specifier)), timeout])) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof Failure) throw error;
    throw new Failure(missingPackageProblem(specifier, error) ?? `plugin "${specifier}" could not be loaded: ${messageOf(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The import timeout in seconds, from the environment or the default. */
export function pluginTimeoutSeconds(): number {
  const raw = process.env[PLUGIN_TIMEOUT_VARIABLE];
  if (raw === undefined || raw === '') return DEFAULT_PLUGIN_TIMEOUT_SECONDS;
  const seconds = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!(seconds > 0)) throw new UsageError(`${PLUGIN_TIMEOUT_VARIABLE} must be a positive number of seconds, got ${JSON.stringify(raw)}`);
  return seconds;
}

/**
 * Node resolves a plugin's imports from where the plugin is, never from where the command line is
 * installed: a plugin's `@sead/*` packages must be installed in its own project. When one is missing,
 * this says so and how to install it, with the range this command line was released with (npm
 * then shares one copy between the two when they are in the same project); undefined for any other
 * failure.
 */
export function missingPackageProblem(specifier: string, error: unknown): string | undefined {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return undefined;
  // ESM: "Cannot find package '@sead/core' imported from …" (subpaths name the package);
  // CommonJS: "Cannot find module '@sead/core/training'".
  const name = /^Cannot find (?:package|module) '(@sead\/[^/']+)/.exec(messageOf(error))?.[1];
  const range = name === undefined ? undefined : cliManifest().dependencies[name];
  if (range === undefined) return undefined;
  return `plugin "${specifier}" imports ${name}, which is not installed where the plugin is: run "npm install ${name}@${range}" in the plugin's project`;
}

/** A file that exists (or a path that looks like one) is a file; anything else names a package. */
function locate(specifier: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier) || existsSync(specifier)) return pathToFileURL(resolve(specifier)).href;
  return pathToFileURL(createRequire(join(process.cwd(), 'package.json')).resolve(specifier)).href;
}
