import { addition, parity, randomInt, rule110, seededRandom, TaskInputError, type Random, type Task } from '@sead/tasks';
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { BYTE_STRINGS } from './commands/predict.js';
import { sead } from './test-cli.js';

/**
 * `sead predict` on valid lines with random bytes spliced in: an answer for a line exactly when it
 * is valid, and then the right one. One `sead predict` process reads all the lines of a run.
 */

const fixtures = inject('fixtures');
const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface Subject {
  readonly task: Task<any, any>;
  readonly model: string;
  /** A valid instance's fields, each value as JSON text, drawn with `random`. */
  fields(length: number, random: Random): [string, string][];
  /** What answering a valid instance costs (cell updates); lines above `MAX_COST` are left out. */
  cost(instance: any): number;
}

const MAX_COST = 2_000_000;

const subjects: Subject[] = [
  {
    task: parity,
    model: fixtures.parity,
    fields: (length, random) => [['bits', JSON.stringify(parity.random(length, random).bits)]],
    cost: (instance) => parity.lengthOf(instance),
  },
  {
    task: addition,
    model: fixtures.addition,
    fields(length, random) {
      const { a, b } = addition.random(length, random);
      // Short numbers also as JSON numbers, and the second often shorter.
      const asNumber = length < 16 && random() < 0.3;
      const write = (digits: string) => (asNumber ? String(Number(digits)) : JSON.stringify(digits));
      return [
        ['a', write(a)],
        ['b', write(b.slice(0, randomInt(random, 1, length)))],
      ];
    },
    cost: (instance) => addition.lengthOf(instance),
  },
  {
    task: rule110,
    model: fixtures.rule110,
    fields(length, random) {
      const steps = randomInt(random, 0, 12);
      return [
        ['cells', JSON.stringify(rule110.random(length, random).cells)],
        ['steps', random() < 0.2 ? JSON.stringify(String(steps)) : String(steps)],
      ];
    },
    cost: (instance) => instance.cells.length * Math.max(1, instance.steps),
  },
];

const BOM = [0xef, 0xbb, 0xbf];
const bytesOf = (text: string) => [...encoder.encode(text)];

/** What is spliced in: any byte, pieces of UTF-8 good and bad, and what JSON gives meaning to. */
const insertion = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }).map((b) => [b]) },
  { weight: 2, arbitrary: fc.constant(BOM) },
  { weight: 2, arbitrary: fc.constantFrom(BOM.slice(0, 2), bytesOf('é'), [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xb1], [0xf4, 0x90, 0x80, 0x80], [0x0a], [0x0d], [0x5c, 0x0a]) },
  { weight: 2, arbitrary: fc.constantFrom(...'"\\0123456789{}[]:,-+.eE \t'.split('').map(bytesOf)) },
  { weight: 1, arbitrary: fc.constantFrom(...['\\u0031', '\\ufeff', '\\"', '\\\\', '\\n', '\\u00', 'null', 'true', '1e2', '"bits":', '"a":', '"steps":'].map(bytesOf)) },
);

/**
 * Drop `drop` bytes at `at` and put `insert` there: anywhere, or (`edge`) beside a quote, bracket,
 * colon or comma, where a token begins or ends.
 */
interface Edit {
  at: number;
  edge: boolean;
  drop: number;
  insert: number[][];
}

const edit: fc.Arbitrary<Edit> = fc.record({ at: fc.nat(), edge: fc.boolean(), drop: fc.nat({ max: 3 }), insert: fc.array(insertion, { maxLength: 2 }) });

function applyEdit(bytes: number[], { at, edge, drop, insert }: Edit): void {
  const edges = edge ? bytes.flatMap((b, k) => ('"{}[]:,'.includes(String.fromCharCode(b)) ? [k, k + 1] : [])) : [];
  const where = edges.length > 0 ? edges[at % edges.length] : at % (bytes.length + 1);
  bytes.splice(where, drop, ...insert.flat());
}

/** A valid line, perhaps with a key stated twice or an extra field, then edited and spliced. */
function line(subject: Subject) {
  const valid = (seed: number, long: boolean, duplicate: boolean) => {
    const random = seededRandom(seed);
    const length = long ? randomInt(random, BYTE_STRINGS, BYTE_STRINGS + 100) : randomInt(random, 1, 24);
    const fields = subject.fields(length, random);
    if (duplicate) {
      // The same key again, with another valid value: the last one counts, as in JSON.parse.
      const again = subject.fields(randomInt(random, 1, 24), random)[0];
      fields.splice(randomInt(random, 0, fields.length), 0, again);
    }
    if (random() < 0.1) fields.push(['extra', '[1,{"x":"y"}]']);
    return bytesOf(`{${fields.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`);
  };
  return fc
    .record({
      seed: fc.nat(),
      long: fc.nat({ max: 9 }).map((k) => k === 0),
      duplicate: fc.nat({ max: 5 }).map((k) => k === 0),
      edits: fc.array(edit, { maxLength: 3 }),
      splice: fc.option(fc.record({ seed: fc.nat(), long: fc.boolean(), at: fc.nat(), from: fc.nat() }), { freq: 8 }),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
    })
    .map(({ seed, long, duplicate, edits, splice, eol }) => {
      let bytes = valid(seed, long, duplicate);
      if (splice) {
        // The head of this line and the tail of another.
        const other = valid(splice.seed, splice.long, false);
        bytes = [...bytes.slice(0, splice.at % (bytes.length + 1)), ...other.slice(splice.from % (other.length + 1))];
      }
      for (const e of edits) applyEdit(bytes, e);
      return Uint8Array.from([...bytes, ...bytesOf(eol)]);
    });
}

/** Input lines as readline splits them (\n, \r\n, \r), blank ones (spaces and tabs) left out. */
function splitLines(bytes: Uint8Array): { line: number; bytes: Uint8Array }[] {
  const out: { line: number; bytes: Uint8Array }[] = [];
  let start = 0;
  for (let line = 1; start < bytes.length; line++) {
    let end = start;
    while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
    if (!bytes.subarray(start, end).every((b) => b === 0x20 || b === 0x09)) out.push({ line, bytes: bytes.subarray(start, end) });
    start = end + (bytes[end] === 0x0d && bytes[end + 1] === 0x0a ? 2 : 1);
  }
  return out;
}

/** The instance a line holds: strict UTF-8, JSON.parse, then the task's own parse; undefined if any of them refuses it. */
function instanceOf(task: Task<any, any>, bytes: Uint8Array): unknown {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    return undefined;
  }
  try {
    return task.parse(value);
  } catch (error) {
    if (error instanceof TaskInputError) return undefined;
    throw error;
  }
}

/** The fields of a reply line, or none if it is not a JSON object. */
function replyFields(reply: string): { output?: unknown; steps?: unknown; error?: unknown } {
  try {
    return (JSON.parse(reply) as object | null) ?? {};
  } catch {
    return {};
  }
}

/** A line for a failure message: its bytes, escaped, cut short. */
function show(bytes: Uint8Array): string {
  const text = JSON.stringify(String.fromCharCode(...bytes.subarray(0, 120)));
  return bytes.length > 120 ? `${text}… (${bytes.length} bytes)` : text;
}

describe('sead predict on mutated input', () => {
  it.each(subjects)('answers a valid $task.id line exactly and every other line with its error, in order', async (subject) => {
    const { task } = subject;
    // Each generated line alone, so that an instance too costly to answer can be left out.
    const affordable = line(subject).filter((bytes) =>
      splitLines(bytes).every(({ bytes: l }) => {
        const instance = instanceOf(task, l);
        return instance === undefined || subject.cost(instance) <= MAX_COST;
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(affordable, { minLength: 1500, maxLength: 1500 }), async (generated) => {
        const input = Buffer.concat(generated);
        const lines = splitLines(input);
        const result = await sead(['predict', '--task', task.id, '--model', subject.model], input);
        const replies = result.stdout.split('\n');
        expect(replies.pop()).toBe('');
        const wrong: string[] = [];
        let failed = 0;
        lines.forEach(({ line, bytes }, k) => {
          const instance = instanceOf(task, bytes);
          const reply = replies[k] ?? '(no reply)';
          if (instance === undefined) {
            failed++;
            const { error } = replyFields(reply);
            // One key, the line's number first, and nothing invisible in the message.
            const ok = reply === JSON.stringify({ error }) && typeof error === 'string' && error.startsWith(`line ${line}: `) && /^[\x20-\x7e…]+$/.test(error);
            if (!ok) wrong.push(`line ${line} ${show(bytes)} is not valid; got ${reply.slice(0, 200)}`);
          } else {
            const { steps } = replyFields(reply);
            const expected = JSON.stringify({ output: task.formatOutput(task.solve(instance)), steps, converged: true });
            if (reply !== expected || !Number.isInteger(steps)) wrong.push(`line ${line} ${show(bytes)} got ${reply.slice(0, 200)}, expected ${expected.slice(0, 200)}`);
          }
        });
        // The first few are enough to see what went wrong.
        if (wrong.length > 0) throw new Error(`${wrong.length} wrong replies; the first:\n${wrong.slice(0, 3).join('\n')}`);
        expect(replies).toHaveLength(lines.length);
        expect(result.status).toBe(failed > 0 ? 1 : 0);
        expect(result.stderr).toBe(failed > 0 ? `sead: error: ${failed} of ${lines.length} input lines could not be answered (see the "error" lines on stdout)\n` : '');
      }),
      {
        seed: 110,
        numRuns: 2,
        endOnFailure: true,
        // Thousands of lines make a counterexample too long to print: the failing lines say it all.
        reporter: (run) => {
          if (run.failed) throw new Error(`seed ${run.seed}, run ${run.numRuns}: ${(run.errorInstance as Error).message}`);
        },
      },
    );
  }, 60_000);
});
