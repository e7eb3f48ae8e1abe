/**
 * Plugins are other people's code. Each module in test/fixtures/broken-plugins has one fault; a
 * fault found while loading is one `sead: error:` line naming the plugin, and a fault found while
 * answering a line is that line's error, with the stream going on. Nothing exits 0 with a wrong
 * answer, half writes a line or crashes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rule110 } from '@sead/tasks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneError, jsonLines, lines, sead, type CliResult } from './test-cli.js';

const FIXTURES = fileURLToPath(new URL('../test/fixtures/broken-plugins/', import.meta.url));
const plugin = (name: string) => join(FIXTURES, name);
/** How a fault of a plugin's code is named. */
const blame = (name: string, id = 'prefix-or') => `plugin task "${id}" (module ${plugin(name)})`;
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

let dir: string;
/** Checkpoints of the healthy tasks the broken ones start from (base.mjs, rollout-base.mjs). */
let prefixOrModel: string;
let rolloutModel: string;

async function trainModel(module: string, id: string): Promise<string> {
  const out = join(dir, `${id}.json`);
  const trained = await sead(['train', '--plugin', plugin(module), '--task', id, '--out', out, '--json']);
  expect(trained.status, trained.stderr).toBe(0);
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sead-broken-plugins-'));
  [prefixOrModel, rolloutModel] = await Promise.all([trainModel('base.mjs', 'prefix-or'), trainModel('rollout-base.mjs', 'rollout-copy')]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a plugin that cannot be loaded or defined is one line naming it', () => {
  it.concurrent.each([
    ['not-an-object.mjs', ': defineTask: expected a task object, got null'],
    ['no-id.mjs', ': defineTask: id must match /^[a-z][a-z0-9-]*$/ and have at most 64 characters, got undefined'],
    ['no-input-alphabet.mjs', ': task "no-alphabet": inputAlphabet must be an array of feature rows, got undefined'],
    ['weird-dynamics.mjs', ': task "weird": dynamics must be "fixed-point" or "rollout", got "weird"'],
    ['repeated-symbols.mjs', ': task "repeated": stateSymbols[1] repeats "0"; state symbols must be distinct'],
    ['solve-not-a-function.mjs', ': task "no-solve": solve must be a function, got "the answer"'],
    ['encode-bytes-alone.mjs', ': task "half-bytes": define encodeBytes and decodeBytes together, or neither'],
    ['bad-recipe.mjs', ': task "bad-recipe": recipe.batchSize must be a positive integer, got number 0'],
    ['throwing-getter.mjs', ': task "getter": reading stateSymbols threw: no symbols today'],
    ['proxy-task.mjs', ': defineTask: reading id threw: an object'],
    ['builtin-id.mjs', ' defines task "parity", which is already registered'],
    ['throws-null-on-import.mjs', ' could not be loaded: null'],
  ])('%s', async (name, problem) => {
    const result = await sead(['info', '--plugin', plugin(name), '--task', 'prefix-or']);
    expect(expectOneError(result, 1)).toBe(`plugin "${plugin(name)}"${problem}`);
    expect(result.stdout).toBe('');
  });

  it('gives up on a module that never finishes loading, after SEAD_PLUGIN_TIMEOUT seconds', async () => {
    const started = performance.now();
    const result = await sead(['info', '--plugin', plugin('never-loads.mjs'), '--task', 'never'], '', { SEAD_PLUGIN_TIMEOUT: '0.5' });
    expect(expectOneError(result, 1)).toBe(`plugin "${plugin('never-loads.mjs')}" did not finish loading within 0.5 s (set SEAD_PLUGIN_TIMEOUT to allow longer)`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(500);
    expectOneError(await sead(['info', '--plugin', plugin('never-loads.mjs'), '--task', 'never'], '', { SEAD_PLUGIN_TIMEOUT: 'soon' }), 2, /^SEAD_PLUGIN_TIMEOUT must be a positive number of seconds, got "soon"$/);
  });
});

/** Short lines take parse/encode/decode/formatOutput; lines of 5,000 bits take encodeBytes/decodeBytes. */
const STREAM = [{ bits: '0000' }, { bits: '1000' }, { bits: '00000' }, { bits: '0'.repeat(5000) }, { bits: '1' + '0'.repeat(4999) }, { bits: '0'.repeat(4999) + '1' }];
const ANSWERS = STREAM.map(({ bits }) => (bits.includes('1') ? '1' : '0'));

/** The stream's replies: one JSON line per input line, each an exact answer or the expected error. */
function expectReplies(result: CliResult, expected: readonly (string | undefined)[], errors: Record<number, string>): void {
  const replies = jsonLines(result.stdout);
  expect(replies, result.stdout).toHaveLength(expected.length);
  replies.forEach((reply, k) => {
    const error = errors[k + 1];
    if (error === undefined) expect(reply, `line ${k + 1}`).toMatchObject({ output: expected[k], converged: true });
    else expect(reply).toEqual({ error: `line ${k + 1}: ${error}` });
  });
  const failed = Object.keys(errors).length;
  expect(expectOneError(result, 1)).toBe(`${failed} of ${expected.length} input lines could not be answered (see the "error" lines on stdout)`);
}

describe('a plugin that fails while answering a line gives that line an error, and the stream goes on', () => {
  it('a healthy plugin answers every line exactly, and bad input stays bad input', async () => {
    const result = await sead(['predict', '--plugin', plugin('base.mjs'), '--task', 'prefix-or', '--model', prefixOrModel], [...STREAM, { bits: '01x' }].map((x) => JSON.stringify(x)).join('\n'));
    expectReplies(result, [...ANSWERS, undefined], { 7: 'field "bits" must contain only bits 0 and 1; found "x" at position 2' });
  });

  it.concurrent.each([
    ['encode-empty-lattice.mjs', { 2: 'encode returned an invalid lattice: length must be an integer from 1 to 268435456, got number 0' }],
    ['encode-nan-length.mjs', { 2: 'encode returned an invalid lattice: length must be an integer from 1 to 268435456, got number NaN' }],
    ['encode-length-mismatch.mjs', { 2: 'encode returned an invalid lattice: tokens has 4 entries, but length is 5' }],
    ['encode-token-out-of-range.mjs', { 2: 'encode returned an invalid lattice: tokens[0] is 7, outside the input alphabet (0 to 1)' }],
    ['encode-short-initial-state.mjs', { 2: 'encode returned an invalid lattice: initialState has 3 entries, but length is 4' }],
    ['encode-initial-state-out-of-range.mjs', { 2: 'encode returned an invalid lattice: initialState[0] is 5, outside the state symbols (0 to 1)' }],
    ['encode-steps-on-fixed-point.mjs', { 2: 'encode returned an invalid lattice: steps is number 3, but a fixed-point task runs until nothing changes and takes no step count' }],
    ['decode-undefined.mjs', { 2: 'decode returned undefined, not an answer' }],
    ['decode-throws.mjs', { 2: 'decode threw: boom in decode' }],
    ['parse-throws-null.mjs', { 2: 'parse threw: null' }],
    ['format-output-number.mjs', { 2: 'formatOutput returned number 1, not a string' }],
    // Every call returns a promise; the one that rejects must not bring the process down.
    ['format-output-async.mjs', Object.fromEntries([1, 2, 3].map((line) => [line, 'formatOutput returned a promise; task methods must be synchronous']))],
    ['encode-bytes-bad-lattice.mjs', { 5: 'encodeBytes returned an invalid lattice: tokens[0] is 9, outside the input alphabet (0 to 1)' }],
    ['decode-bytes-string.mjs', { 5: 'decodeBytes yielded "1", not a Uint8Array' }],
    ['decode-bytes-invalid-utf8.mjs', { 5: 'decodeBytes gave bytes that are not valid UTF-8' }],
    ['decode-bytes-cut-character.mjs', { 5: 'decodeBytes gave bytes that are not valid UTF-8 (the last character is cut short)' }],
    ['decode-bytes-throws-midway.mjs', { 5: 'decodeBytes threw: lost the rest' }],
    ['decode-bytes-endless.mjs', { 5: 'decodeBytes gave more than 1048576 bytes for a lattice of 5000 cells' }],
  ])('%s', async (name, errors: Record<number, string>) => {
    const result = await sead(['predict', '--plugin', plugin(name), '--task', 'prefix-or', '--model', prefixOrModel], STREAM.map((x) => JSON.stringify(x)).join('\n'));
    expectReplies(result, ANSWERS, Object.fromEntries(Object.entries(errors).map(([line, problem]) => [line, `${blame(name)}: ${problem}`])));
  });

  it.concurrent.each([
    ['rollout-negative-steps.mjs', 'number -1'],
    ['rollout-too-many-steps.mjs', 'number 10000001'],
    ['rollout-fractional-steps.mjs', 'number 2.5'],
  ])('%s', async (name, got) => {
    const instances = [{ cells: '0110', steps: 3 }, { cells: '1011', steps: 2 }, { cells: '00100', steps: 4 }];
    const result = await sead(['predict', '--plugin', plugin(name), '--task', 'rollout-copy', '--model', rolloutModel], instances.map((x) => JSON.stringify(x)).join('\n'));
    const problem = `encode returned an invalid lattice: steps must be an integer from 0 to 10000000 (a rollout runs exactly that many steps), got ${got}`;
    expectReplies(result, instances.map((x) => rule110.formatOutput(rule110.solve(x))), { 2: `${blame(name, 'rollout-copy')}: ${problem}` });
  });
});

describe('a plugin that fails while training, evaluating or drawing is one line naming it', () => {
  const outOfRange = (name: string, id: string, value: number) =>
    new RegExp(
      `^${blame(name, id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: rule\\.next returned number ${value} for the neighbourhood tokens \\[[-\\d, ]+\\], states \\[[-\\d, ]+\\]; a state is an integer from 0 to 1 \\(stateSymbols has 2\\)$`,
    );

  it.concurrent('a rule answering a symbol that does not exist, in training and in the certificate', async () => {
    const name = 'rule-out-of-range.mjs';
    expectOneError(await sead(['train', '--plugin', plugin(name), '--task', 'prefix-or', '--out', join(dir, 'never.json')]), 1, outOfRange(name, 'prefix-or', 2));
    expectOneError(await sead(['info', '--plugin', plugin(name), '--task', 'prefix-or', '--model', prefixOrModel, '--json']), 1, outOfRange(name, 'prefix-or', 2));
  });

  it.concurrent('a rollout rule answering a symbol that does not exist, in the evaluator', async () => {
    const name = 'rollout-rule-out-of-range.mjs';
    const result = await sead(['eval', '--plugin', plugin(name), '--task', 'rollout-copy', '--model', rolloutModel, '--lengths', '16', '--per-length', '2', '--json']);
    expectOneError(result, 1, outOfRange(name, 'rollout-copy', 7));
  });

  it.concurrent('cellTargets of the wrong length during relax training', async () => {
    const name = 'short-cell-targets.mjs';
    const result = await sead(['train', '--plugin', plugin(name), '--task', 'prefix-or', '--regime', 'relax', '--max-iterations', '3', '--out', join(dir, 'short.json')]);
    expectOneError(result, 1, new RegExp(`^${blame(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cellTargets gave (\\d+) symbols for a lattice of \\d+ cells$`));
    const [, given, cells] = /gave (\d+) symbols for a lattice of (\d+) cells/.exec(result.stderr)!;
    expect(Number(given)).toBe(Number(cells) - 1);
  });

  it.concurrent.each([
    ['solve-throws.mjs', 'solve threw: boom in solve'],
    ['random-undefined.mjs', 'random returned undefined, not an instance'],
    ['adversarial-garbage.mjs', 'adversarial returned number 3, not a list of { family, instance }'],
    ['equal-not-boolean.mjs', 'equal returned "yes", not true or false'],
  ])('eval with %s', async (name, problem) => {
    const result = await sead(['eval', '--plugin', plugin(name), '--task', 'prefix-or', '--model', prefixOrModel, '--lengths', '16', '--per-length', '2', '--json']);
    expectOneError(result, 1, exactly(`${blame(name)}: ${problem}`));
  });

  it.concurrent('diagram with a decode that throws', async () => {
    const name = 'decode-throws.mjs';
    const result = await sead(['diagram', '--plugin', plugin(name), '--task', 'prefix-or', '--model', prefixOrModel, '--bits', '1000', '--out', join(dir, 'never.svg')]);
    expectOneError(result, 1, exactly(`${blame(name)}: decode threw: boom in decode`));
  });
});

describe('a plugin whose every call may throw anything or return garbage', () => {
  const chaos = plugin('chaos-monkey.mjs');
  const input = [...STREAM, ...STREAM, ...STREAM].map((x) => JSON.stringify(x)).join('\n');

  it.concurrent.each([1, 2])('predict answers or rejects each line, seed %i', async (seed) => {
    const result = await sead(['predict', '--plugin', chaos, '--task', 'prefix-or', '--model', prefixOrModel], input, { SEAD_TEST_CHAOS_SEED: String(seed) });
    // Every line was written whole (it parses) and is an answer or this line's error.
    const replies = jsonLines(result.stdout);
    expect(replies).toHaveLength(3 * STREAM.length);
    replies.forEach((reply, k) => {
      if ('error' in reply) expect(reply.error).toMatch(new RegExp(`^line ${k + 1}: \\S`));
      else expect(reply).toEqual({ output: expect.any(String), steps: expect.any(Number), converged: expect.any(Boolean) });
    });
    const failed = replies.filter((reply) => 'error' in reply).length;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(replies.length);
    expectOneError(result, 1, exactly(`${failed} of ${replies.length} input lines could not be answered (see the "error" lines on stdout)`));
  });

  it.concurrent.each([1])('eval ends with one line, seed %i', async (seed) => {
    const result = await sead(['eval', '--plugin', chaos, '--task', 'prefix-or', '--model', prefixOrModel, '--lengths', '8,16', '--per-length', '4', '--json'], '', { SEAD_TEST_CHAOS_SEED: String(seed) });
    expect(result.status).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expectOneError(result, 1);
  });
});
