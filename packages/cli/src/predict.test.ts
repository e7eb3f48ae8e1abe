import { addition, parity, rule110, seededRandom } from '@sead/tasks';
import { describe, expect, inject, it } from 'vitest';
import { expectOneError, jsonLines, lines, sead } from './test-cli.js';

const fixtures = inject('fixtures');
const random = seededRandom(2024);

function bits(length: number): string {
  return Array.from({ length }, () => (random() < 0.5 ? '0' : '1')).join('');
}

function digits(length: number): string {
  return Array.from({ length }, () => String(Math.floor(random() * 10))).join('');
}

describe('sead predict', () => {
  it('answers parity, one line per input line in order, skipping blank lines', async () => {
    const instances = [{ bits: '0110' }, { bits: '1' }, { bits: bits(17) }, { bits: bits(100) }, { bits: '1'.repeat(64) }, { bits: bits(250) }];
    const input = instances.map((i) => JSON.stringify(i)).join('\n\n  \n') + '\n\n';
    const result = await sead(['predict', '--task', 'parity', '--model', fixtures.parity], input);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const replies = jsonLines(result.stdout);
    expect(replies).toHaveLength(instances.length);
    replies.forEach((reply, k) => {
      expect(Object.keys(reply).sort()).toEqual(['converged', 'output', 'steps']);
      expect(reply).toMatchObject({ output: String(parity.solve(instances[k])), converged: true });
      expect(Number.isInteger(reply.steps) && (reply.steps as number) >= 0).toBe(true);
    });
    expect(replies[0].output).toBe('0');
  });

  it('answers addition, including a sum far longer than training and numbers given as JSON numbers', async () => {
    const instances = [{ a: '123', b: '989' }, { a: '9'.repeat(300), b: '1' }, { a: digits(1000), b: digits(999) }, { a: '0', b: '0' }];
    const input = [...instances.map((i) => JSON.stringify(i)), '{"a":123,"b":989}'].join('\n');
    const result = await sead(['predict', '--task', 'addition', '--model', fixtures.addition], input);
    expect(result.status).toBe(0);
    const replies = jsonLines(result.stdout);
    expect(replies.map((r) => r.output)).toEqual([...instances.map((i) => addition.solve(i)), '1112']);
    expect(replies[0]).toEqual({ output: '1112', steps: replies[0].steps, converged: true });
    // 99…9 + 1 carries across every cell: the adaptive computation time the paper shows.
    expect(replies[1].steps).toBeGreaterThanOrEqual(300);
  });

  it('runs rule110 for exactly the requested steps', async () => {
    const instances = [{ cells: '0110', steps: 3 }, { cells: bits(60), steps: 40 }, { cells: '0'.repeat(49) + '1', steps: 50 }, { cells: bits(30), steps: 0 }];
    const result = await sead(['predict', '--task', 'rule110', '--model', fixtures.rule110], instances.map((i) => JSON.stringify(i)).join('\n'));
    expect(result.status).toBe(0);
    const replies = jsonLines(result.stdout);
    expect(replies).toEqual(instances.map((i) => ({ output: rule110.solve(i), steps: i.steps, converged: true })));
  });

  it('reports a malformed line in the middle on its own line, goes on, and exits 1', async () => {
    const input = ['{"a":"5","b":"7"}', '', '{"a":"12x","b":"1"}', 'not json at all', '{"a":"","b":"3"}', '{"b":"3"}', '[1,2]', '{"a":"19","b":"1"}'].join('\n');
    const result = await sead(['predict', '--task', 'addition', '--model', fixtures.addition], input);
    const replies = jsonLines(result.stdout);
    expect(replies).toHaveLength(7);
    expect(replies[0]).toMatchObject({ output: '12', converged: true });
    expect(replies[1].error).toMatch(/^line 3: field "a" must contain only decimal digits; found "x" at position 2$/);
    expect(replies[2].error).toMatch(/^line 4: not valid JSON/);
    expect(replies[3].error).toMatch(/^line 5: field "a" is empty/);
    expect(replies[4].error).toMatch(/^line 6: missing field "a"$/);
    expect(replies[5].error).toMatch(/^line 7: expected a JSON object/);
    expect(replies[6]).toMatchObject({ output: '20', converged: true });
    expectOneError(result, 1, /^5 of 7 input lines could not be answered/);
  });

  it('reports non-digit input and an empty field with one error line each', async () => {
    for (const [task, model, line, message] of [
      ['parity', fixtures.parity, '{"bits":"0120"}', /^line 1: field "bits" must contain only bits 0 and 1; found "2"/],
      ['parity', fixtures.parity, '{"bits":""}', /^line 1: field "bits" is empty/],
      ['rule110', fixtures.rule110, '{"cells":"010","steps":-1}', /^line 1: field "steps" must be a non-negative integer/],
    ] as const) {
      const result = await sead(['predict', '--task', task, '--model', model], line + '\n');
      expect(jsonLines(result.stdout)).toEqual([{ error: expect.stringMatching(message) }]);
      expectOneError(result, 1, /^1 of 1 input lines could not be answered/);
    }
  });

  it('streams a very long line and many lines', async () => {
    const long = { a: digits(100_000), b: digits(100_000) };
    const many = Array.from({ length: 3000 }, (_, k) => ({ a: String(k * 7919), b: String(k * 104_729) }));
    const input = [long, ...many].map((i) => JSON.stringify(i)).join('\n') + '\n';
    const result = await sead(['predict', '--task', 'addition', '--model', fixtures.addition], input);
    expect(result.status).toBe(0);
    const outputs = lines(result.stdout).map((line) => (JSON.parse(line) as { output: string }).output);
    expect(outputs).toEqual([long, ...many].map((i) => addition.solve(i)));
  });

  it('answers 10^6-digit sums and 10^6-bit parity through the byte path, exactly', async () => {
    const n = 1_000_000;
    const sums = [{ a: digits(n), b: digits(n) }, { a: '9'.repeat(n), b: '1' }, { a: '1', b: '9'.repeat(n) }];
    const sum = await sead(['predict', '--task', 'addition', '--model', fixtures.addition], sums.map((i) => JSON.stringify(i)).join('\r\n'));
    expect(sum.stderr).toBe('');
    const replies = lines(sum.stdout);
    replies.forEach((line, k) => expect(line).toBe(JSON.stringify({ output: addition.solve(sums[k]), steps: JSON.parse(line).steps, converged: true })));
    expect(JSON.parse(replies[1]).steps).toBe(n);
    const parities = [{ bits: bits(n) }, { bits: '1'.repeat(n) }];
    const parityReplies = jsonLines((await sead(['predict', '--task', 'parity', '--model', fixtures.parity], parities.map((i) => JSON.stringify(i)).join('\n'))).stdout);
    expect(parityReplies).toEqual(parities.map((i) => ({ output: String(parity.solve(i)), steps: n, converged: true })));
  }, 120_000);

  it('gives long lines the same answers and errors as short ones', async () => {
    const long = 5000;
    const input = [
      { a: '7'.repeat(long), b: '5' },
      { a: '7'.repeat(long), b: 123 },
      { a: '0'.repeat(long), b: '0'.repeat(long) },
      { a: '1'.repeat(long) + 'x', b: '1' },
      { a: '1'.repeat(long), b: 'y' },
      { a: '1'.repeat(long), c: '1' },
      { a: '1'.repeat(long), b: '1'.repeat(long), extra: ['2'.repeat(long)] },
      ['1'.repeat(long)],
      '1'.repeat(long),
    ].map((i) => JSON.stringify(i));
    // A long line cut short, and a long string that needs a JSON escape (so it stays a string).
    input.push(`{"a":"${'1'.repeat(long)}`, `{"a":"${'1'.repeat(long)}\\u0031","b":"1"}`);
    const result = await sead(['predict', '--task', 'addition', '--model', fixtures.addition], input.join('\n'));
    expect(jsonLines(result.stdout)).toEqual([
      { output: addition.solve({ a: '7'.repeat(long), b: '5' }), steps: expect.any(Number), converged: true },
      { output: addition.solve({ a: '7'.repeat(long), b: '123' }), steps: expect.any(Number), converged: true },
      { output: '0', steps: expect.any(Number), converged: true },
      { error: `line 4: field "a" must contain only decimal digits; found "x" at position ${long}` },
      { error: 'line 5: field "b" must contain only decimal digits; found "y" at position 0' },
      { error: 'line 6: missing field "b"' },
      { output: addition.solve({ a: '1'.repeat(long), b: '1'.repeat(long) }), steps: expect.any(Number), converged: true },
      { error: 'line 8: expected a JSON object with fields "a" and "b", got an array' },
      { error: `line 9: expected a JSON object with fields "a" and "b", got a string of ${long} characters` },
      { error: 'line 10: not valid JSON: the line ends inside a string that starts at position 5' },
      // The escape is read: the string is one 1 longer.
      { output: addition.solve({ a: '1'.repeat(long + 1), b: '1' }), steps: expect.any(Number), converged: true },
    ]);
    expectOneError(result, 1, /^6 of 11 input lines could not be answered/);
  }, 60_000);

  it('refuses a line past a bound or with a byte order mark in one error line, and reads on', async () => {
    const input = [
      `[${'[],'.repeat(1_000_000)}[]]`,
      '['.repeat(65) + ']'.repeat(65),
      `{"bits":"${'1'.repeat(5000)}","bits":${'9'.repeat(5000)}}`,
      '\ufeff{"bits":"1"}',
      '{"bits":"\ufeff1"}',
      `{"bits":"\ufeff${'1'.repeat(5000)}"}`,
      '{"\ufeffbits":"1"}',
      '{"bits":"0110"}',
    ].join('\n');
    const result = await sead(['predict', '--task', 'parity', '--model', fixtures.parity], input);
    expect(jsonLines(result.stdout)).toEqual([
      { error: 'line 1: more than 1000000 values in one line at position 2999998' },
      { error: 'line 2: nested deeper than 64 levels at position 64' },
      { error: 'line 3: number longer than 4096 bytes at position 5018' },
      { error: 'line 4: not valid JSON: unexpected byte order mark (U+FEFF) at position 0; expected a value' },
      { error: 'line 5: field "bits" must contain only bits 0 and 1; found U+FEFF at position 0' },
      { error: 'line 6: field "bits" must contain only bits 0 and 1; found U+FEFF at position 0' },
      { error: 'line 7: missing field "bits"' },
      { output: '0', steps: 4, converged: true },
    ]);
    expectOneError(result, 1, /^7 of 8 input lines could not be answered/);
    const help = await sead(['predict', '--help']);
    for (const bound of ['64 levels', '1,000,000', '1,048,576 bytes', '268,435,456 bytes', '4,096 bytes', '541,065,216 bytes']) expect(help.stdout).toContain(bound);
  });

  it('prints a run that hit --max-steps with "converged": false and still exits 0', async () => {
    const result = await sead(['predict', '--task', 'parity', '--model', fixtures.parity, '--max-steps', '2'], JSON.stringify({ bits: '1' + '0'.repeat(40) }));
    expect(result.status).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([{ output: expect.any(String), steps: 2, converged: false }]);
  });

  it('gives the same answers on the wasm backend', async () => {
    const instances = [{ a: '123', b: '989' }, { a: digits(200), b: digits(150) }];
    const result = await sead(['predict', '--task', 'addition', '--model', fixtures.addition, '--backend', 'wasm'], instances.map((i) => JSON.stringify(i)).join('\n'));
    expect(result.status).toBe(0);
    expect(jsonLines(result.stdout).map((r) => r.output)).toEqual(instances.map((i) => addition.solve(i)));
  });
});
