#!/usr/bin/env node
// Proves every @sead/* package is publishable: builds them, packs each with `npm pack`, installs
// the tarballs into an empty project outside the repo (so nothing resolves through the workspace
// symlinks), and runs tools/pack-check-smoke.mjs there against the installed copies. Then a task
// plugin in a project of its own, outside the workspace, is run by the installed `sead`.
//
//   node tools/pack-check.mjs                       all packages
//   node tools/pack-check.mjs --only @sead/tasks,@sead/core   a subset (while others are unwritten)
//   node tools/pack-check.mjs --keep                keep the temp dir to inspect it
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every package the repo publishes, dependencies first. */
const PUBLISHED = ['@sead/tasks', '@sead/core', '@sead/node', '@sead/trainer', '@sead/evaluator', '@sead/baselines', '@sead/diagram', '@sead/models', '@sead/cli'];

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const smokeScript = fileURLToPath(new URL('./pack-check-smoke.mjs', import.meta.url));
/** A task plugin as a user writes one (the CLI's tests load it too): whether a bit string has a 1. */
const pluginSource = fileURLToPath(new URL('../packages/cli/test/fixtures/prefix-or-plugin.mjs', import.meta.url));

class CheckFailed extends Error {}

// Ctrl-C or a CI timeout stops the running child; remember it so we stop too, after cleaning up.
let stopSignal;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stopSignal = signal));

function parseArgs(argv) {
  const options = { packages: PUBLISHED, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep') options.keep = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      const names = (value ?? '').split(',').map((name) => name.trim()).filter(Boolean);
      const unknown = names.filter((name) => !PUBLISHED.includes(name));
      if (names.length === 0 || unknown.length > 0) {
        throw new CheckFailed(`--only takes a comma-separated list of ${PUBLISHED.join(', ')}; got "${value ?? ''}"`);
      }
      options.packages = withInternalDependencies(names);
    } else throw new CheckFailed(`unknown argument "${arg}"; use --only <packages> or --keep`);
  }
  return options;
}

function readManifest(name) {
  return JSON.parse(readFileSync(join(repoRoot, 'packages', name.replace('@sead/', ''), 'package.json'), 'utf8'));
}

/** The named packages plus the @sead/* packages they depend on, which must be packed with them. */
function withInternalDependencies(names) {
  const wanted = new Set();
  const visit = (name) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    Object.keys(readManifest(name).dependencies ?? {}).filter((dep) => PUBLISHED.includes(dep)).forEach(visit);
  };
  names.forEach(visit);
  return PUBLISHED.filter((name) => wanted.has(name));
}

/**
 * The environment for child commands. `npm run` exports its own prefix (the repo root) to scripts;
 * a nested `npm install` would inherit it and install into the repo instead of the temp project.
 */
function childEnv() {
  const env = { ...process.env };
  for (const key of ['prefix', 'local_prefix', 'call', 'workspace', 'workspaces', 'include_workspace_root', 'global', 'location']) {
    delete env[`npm_config_${key}`];
  }
  return env;
}

function section(title) {
  console.log(`\n=== pack-check: ${title}`);
}

/** Runs a command to its end: its status and output. */
function attempt(command, args, cwd, input = '') {
  const result = spawnSync(command, args, {
    cwd,
    env: childEnv(),
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: process.platform === 'win32',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (stopSignal) throw new CheckFailed(`stopped by ${stopSignal}`);
  if (result.error) throw new CheckFailed(`could not start "${command}": ${result.error.message}`);
  return result;
}

/** Runs a command; on failure throws with the tail of its output so CI logs show why. */
function run(command, args, cwd, input) {
  const result = attempt(command, args, cwd, input);
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new CheckFailed(`"${command} ${args.join(' ')}" exited with ${result.status ?? result.signal} in ${cwd}\n${output}`);
  }
  return result.stdout;
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function build(packages) {
  section(`build ${packages.join(', ')}`);
  const started = Date.now();
  run('npx', ['nx', 'run-many', '-t', 'build', `--projects=${packages.join(',')}`, '--outputStyle=static'], repoRoot);
  console.log(`built in ${seconds(started)}`);
}

/** Every path the package.json promises (main, types, exports, bin) must be inside the tarball. */
function promisedFiles(manifest) {
  const paths = new Set();
  const add = (value) => {
    if (typeof value === 'string') paths.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') Object.values(value).forEach(add);
  };
  add(manifest.main);
  add(manifest.types);
  add(manifest.exports);
  add(manifest.bin);
  paths.delete('package.json');
  return [...paths];
}


function pack(packages, destination) {
  section('npm pack');
  const workspaceArgs = packages.flatMap((name) => ['--workspace', name]);
  const reports = JSON.parse(run('npm', ['pack', ...workspaceArgs, '--pack-destination', destination, '--json', '--silent'], repoRoot));
  const tarballs = [];
  for (const name of packages) {
    const report = reports.find((entry) => entry.name === name);
    if (!report) throw new CheckFailed(`npm pack produced no tarball for ${name}`);
    const files = new Set(report.files.map((file) => file.path));
    const missing = promisedFiles(readManifest(name)).filter((path) => !files.has(path));
    if (missing.length > 0) throw new CheckFailed(`${name}: tarball lacks ${missing.join(', ')} (is it built?)`);
    const tests = [...files].filter((path) => /\.test\./.test(path));
    if (tests.length > 0) throw new CheckFailed(`${name}: tarball ships test files: ${tests.slice(0, 5).join(', ')}`);
    const warnings = ['README.md', 'LICENSE'].filter((file) => !files.has(file));
    const note = warnings.length > 0 ? `  (no ${warnings.join(', ')})` : '';
    console.log(`${report.filename}: ${report.entryCount} files, ${(report.size / 1024).toFixed(1)} kB${note}`);
    tarballs.push(join(destination, report.filename));
  }
  return tarballs;
}

function install(tarballs, project) {
  section('install the tarballs into an empty project');
  const started = Date.now();
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'sead-pack-check', private: true, type: 'module' }, null, 2)}\n`);
  run('npm', ['install', '--prefix', project, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], project);
  console.log(`installed in ${seconds(started)}`);
}

/**
 * Every @sead/* package is installed once, at the top of node_modules: the internal ranges of the
 * tarballs accept each other's versions, so npm fetched nothing else and nested no second copy
 * (a plugin and the CLI then share one @sead/tasks).
 */
function checkOneCopyEach(packages, project) {
  for (const name of packages) {
    const nested = join(project, 'node_modules', name, 'node_modules', '@sead');
    if (existsSync(nested)) throw new CheckFailed(`${name} got its own copy of ${readdirSync(nested).map((dir) => `@sead/${dir}`).join(', ')}: its dependency ranges do not accept the packed versions`);
  }
  console.log(`one copy of each of the ${packages.length} packages`);
}

function smoke(packages, project) {
  section('import and run the installed packages');
  copyFileSync(smokeScript, join(project, 'smoke.mjs'));
  process.stdout.write(run('node', ['smoke.mjs', ...packages], project));
}

/**
 * A task plugin as its author has it, outside the workspace: a project with its own package.json that
 * declares @sead/tasks as a peer with the range the CLI was released with, and installs it (from its
 * tarball here, where a user's comes from the registry). The installed `sead` trains a model of the
 * plugin's task and answers with it. The same module in a folder without @sead/tasks gets the one-line
 * error that says how to install it.
 */
function pluginOutside(workDir, project, tarballs) {
  section('a plugin outside the workspace');
  const started = Date.now();
  const sead = join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'sead.cmd' : 'sead');
  // The range the CLI was released with, which accepts the packed @sead/tasks (one copy of each).
  const cli = JSON.parse(readFileSync(join(project, 'node_modules', '@sead', 'cli', 'package.json'), 'utf8'));
  const range = cli.dependencies['@sead/tasks'];
  const tasksTarball = tarballs.find((path) => /sead-tasks-[^/\\]+\.tgz$/.test(path));

  const plugin = join(workDir, 'plugin');
  mkdirSync(plugin);
  const manifest = {
    name: 'sead-task-prefix-or',
    version: '1.0.0',
    private: true,
    type: 'module',
    exports: './prefix-or.mjs',
    peerDependencies: { '@sead/tasks': range },
    devDependencies: { '@sead/tasks': `file:${tasksTarball}` },
  };
  writeFileSync(join(plugin, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(pluginSource, join(plugin, 'prefix-or.mjs'));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], plugin);
  const flags = ['--plugin', './prefix-or.mjs', '--task', 'prefix-or'];

  const trained = JSON.parse(run(sead, ['train', ...flags, '--out', 'prefix-or.json', '--seed', '7', '--json'], plugin));
  if (!trained.solved) throw new CheckFailed(`sead train on the plugin's task did not solve it: ${JSON.stringify(trained)}`);
  console.log(`sead train ${flags.join(' ')}: solved in ${trained.iterations} iterations, ${trained.params} parameters`);

  const inputs = ['0000', '0010', `1${'0'.repeat(99)}`, '0'.repeat(300), `${'0'.repeat(5000)}1`];
  const lines = [...inputs.map((bits) => JSON.stringify({ bits })), '{"bits":"0120"}'];
  const predicted = attempt(sead, ['predict', ...flags, '--model', 'prefix-or.json'], plugin, `${lines.join('\n')}\n`);
  const replies = predicted.stdout.trim().split('\n').map((line) => JSON.parse(line));
  inputs.forEach((bits, k) => {
    const expected = bits.includes('1') ? '1' : '0';
    if (replies[k]?.output !== expected) throw new CheckFailed(`sead predict answered ${JSON.stringify(replies[k])} to ${bits.length} bits, expected output "${expected}"`);
  });
  // The plugin's @sead/tasks is not the CLI's copy: its bad input must still read as bad input.
  const bad = replies[inputs.length]?.error ?? '';
  if (predicted.status !== 1 || !/^line 6: field "bits" /.test(bad)) throw new CheckFailed(`sead predict did not answer the bad line with its error and exit 1: ${JSON.stringify(replies[inputs.length])}, exit ${predicted.status}`);
  console.log(`sead predict ${flags.join(' ')}: ${inputs.length} answers exact, the bad line: ${bad}`);

  const bare = join(workDir, 'plugin-without-sead');
  mkdirSync(bare);
  copyFileSync(pluginSource, join(bare, 'prefix-or.mjs'));
  const refused = attempt(sead, ['info', ...flags], bare);
  const error = `sead: error: plugin "./prefix-or.mjs" imports @sead/tasks, which is not installed where the plugin is: run "npm install @sead/tasks@${range}" in the plugin's project`;
  if (refused.status !== 1 || refused.stderr.trim() !== error) throw new CheckFailed(`a plugin without @sead/tasks: expected exit 1 and\n${error}\ngot exit ${refused.status} and\n${refused.stderr.trim()}`);
  console.log(`without @sead/tasks: ${error}`);
  console.log(`plugin checked in ${seconds(started)}`);
}

function main() {
  const started = Date.now();
  let workDir;
  let keep = false;
  try {
    const options = parseArgs(process.argv.slice(2));
    keep = options.keep;
    workDir = mkdtempSync(join(tmpdir(), 'sead-pack-check-'));
    const tarballDir = join(workDir, 'tarballs');
    const project = join(workDir, 'project');
    for (const dir of [tarballDir, project]) mkdirSync(dir);
    build(options.packages);
    const tarballs = pack(options.packages, tarballDir);
    install(tarballs, project);
    checkOneCopyEach(options.packages, project);
    smoke(options.packages, project);
    if (options.packages.includes('@sead/cli')) pluginOutside(workDir, project, tarballs);
    const skipped = PUBLISHED.filter((name) => !options.packages.includes(name));
    const partial = skipped.length > 0 ? ` (skipped ${skipped.join(', ')})` : '';
    console.log(`\npack-check: OK: ${options.packages.length} packages packed, installed and run in ${seconds(started)}${partial}`);
    return 0;
  } catch (error) {
    const message = error instanceof CheckFailed ? error.message : (error?.stack ?? String(error));
    console.error(`\npack-check: FAILED: ${message}`);
    return 1;
  } finally {
    if (workDir && keep) console.log(`pack-check: kept ${workDir}`);
    else if (workDir) rmSync(workDir, { recursive: true, force: true });
  }
}

process.exitCode = main();
