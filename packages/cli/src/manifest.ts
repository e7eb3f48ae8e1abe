import { readFileSync } from 'node:fs';

/** What the command line reads of its own package.json. */
export interface CliManifest {
  /** The version `sead --version` prints. */
  readonly version: string;
  /** The ranges of the packages it was released with, `@sead/*` included (kept in step by changesets). */
  readonly dependencies: Readonly<Record<string, string>>;
}

let manifest: CliManifest | undefined;

/** The command line's package.json, read once. */
export function cliManifest(): CliManifest {
  manifest ??= JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as CliManifest;
  return manifest;
}
