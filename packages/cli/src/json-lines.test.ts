import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonLinesParser, MAX_DEPTH, readJsonLines, type JsonLine } from './json-lines.js';

const encoder = new TextEncoder();

/** Parses `text` fed in pieces cut at `cuts` (byte offsets). */
function parse(text: string | Uint8Array, byteStrings = Infinity, cuts: number[] = []): JsonLine[] {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const parser = new JsonLinesParser({ byteStrings });
  const out: JsonLine[] = [];
  let start = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length)].sort((a, b) => a - b).concat(bytes.length)) {
    out.push(...parser.push(bytes.subarray(start, cut)));
    start = cut;
  }
  return [...out, ...parser.end()];
}

/** What JSON.parse makes of each non-blank line, as readline splits them. */
function reference(text: string): JsonLine[] {
  return text.split(/\r\n|\n|\r/).flatMap((line, k): JsonLine[] => {
    if (/^[ \t]*$/.test(line)) return [];
    try {
      return [{ line: k + 1, value: JSON.parse(line) as unknown, byteStrings: 0 }];
    } catch {
      return [{ line: k + 1, error: expect.any(String) as unknown as string }];
    }
  });
}

/** The value with every byte string turned back into a string. */
function strings(value: unknown): unknown {
  if (value instanceof Uint8Array) return String.fromCharCode(...value);
  if (Array.isArray(value)) return value.map(strings);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: strings(v), writable: true, enumerable: true, configurable: true });
  return out;
}

const text = (bytes: unknown) => (bytes instanceof Uint8Array ? new TextDecoder().decode(bytes) : bytes);

describe('JSON Lines from bytes', () => {
  it('gives what JSON.parse gives, line by line, wherever the chunks are cut', () => {
    const value = fc.jsonValue({ stringUnit: fc.constantFrom('grapheme', 'binary', 'grapheme-ascii') as never });
    const line = fc.oneof(
      { weight: 4, arbitrary: value.map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: value.map((v) => JSON.stringify(v, null, '\t').replace(/\n/g, ' ')) },
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom(Infinity, 0, 1, 4),
        (lines, eol, cuts, byteStrings) => {
          const input = lines.join(eol) + (lines.length % 2 === 0 ? eol : '');
          const bytes = encoder.encode(input);
          const result = parse(bytes, byteStrings, cuts.map((c) => c % (bytes.length + 1)));
          // Bytes stand for the strings they hold.
          const asStrings = result.map((r) => ('value' in r ? { ...r, value: strings(r.value), byteStrings: 0 } : r));
          expect(asStrings).toEqual(reference(input));
          if (byteStrings === Infinity) expect(result.every((r) => !('value' in r) || r.byteStrings === 0)).toBe(true);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });

  it('rejects what JSON.parse rejects, one error per line, and goes on with the next line', () => {
    const bad = ['{"a":1,}', '[1 2]', '{"a" 1}', '{a:1}', "{'a':1}", '01', '1.', '.5', '-', '1e', '+1', 'tru', 'nul', 'True', '"a\\x"', '"tab\there"', '{"a":1}}', '[[]', '{"a":[1,2}', '"\\ud800"x', 'NaN', '[1,]', '{"a":1 "b":2}', '"unterminated'];
    for (const line of bad) {
      expect(() => JSON.parse(line), line).toThrow();
      const result = parse(`${line}\n{"ok":true}\n`);
      expect(result, line).toEqual([
        { line: 1, error: expect.any(String) },
        { line: 2, value: { ok: true }, byteStrings: 0 },
      ]);
      expect((result[0] as { error: string }).error).not.toMatch(/[\r\n]/);
    }
  });

  it('says where a line went wrong', () => {
    expect(parse('not json at all')).toEqual([{ line: 1, error: 'unexpected "not" at position 0; expected a value' }]);
    expect(parse('{"a":"5",}')).toEqual([{ line: 1, error: 'unexpected "}" at position 9; expected a key in double quotes' }]);
    expect(parse('{"a":"5"')).toEqual([{ line: 1, error: 'the line ends at position 8 before its value is complete' }]);
    expect(parse('{"a":"12\n')).toEqual([{ line: 1, error: 'the line ends inside a string that starts at position 5' }]);
    expect(parse('{"a":012}')).toEqual([{ line: 1, error: 'bad number "012" at position 5' }]);
    expect(parse('[1]x')).toEqual([{ line: 1, error: 'unexpected "x" at position 3; expected the end of the line after the value' }]);
    expect(parse('\u00e9')).toEqual([{ line: 1, error: 'unexpected byte 0xc3 at position 0; expected a value' }]);
    expect(parse('"\\q"')[0]).toMatchObject({ line: 1, error: expect.stringMatching(/^bad string at position 0: /) });
  });

  it('skips blank lines and counts lines as readline does (\\n, \\r\\n and \\r each end one)', () => {
    const input = '\n  \t \r\n{"a":1}\r\n\r\r[2]\n\n3\r';
    expect(parse(input)).toEqual([
      { line: 3, value: { a: 1 }, byteStrings: 0 },
      { line: 6, value: [2], byteStrings: 0 },
      { line: 8, value: 3, byteStrings: 0 },
    ]);
    // A \r\n cut between its two bytes is still one line break.
    expect(parse('1\r\n2\r\n', Infinity, [2, 5])).toEqual([
      { line: 1, value: 1, byteStrings: 0 },
      { line: 2, value: 2, byteStrings: 0 },
    ]);
    expect(parse('')).toEqual([]);
    expect(parse('\n\n')).toEqual([]);
  });

  it('hands long plain strings over as bytes, cut anywhere, and keeps the others strings', () => {
    const digits = '0123456789'.repeat(30);
    const input = `{"a":"${digits}","b":"12","c":["${digits}"],"${digits}":"x","d":"${digits.slice(0, 99)}\\n","e":"${digits}é"}\n`;
    for (const cuts of [[], [3], [10, 11, 12, 150, 151, 309], Array.from({ length: 400 }, (_, k) => k)]) {
      const [result] = parse(input, 100, cuts);
      expect(result).toMatchObject({ line: 1, byteStrings: 2 });
      const value = (result as { value: Record<string, unknown> }).value;
      expect(value.a).toBeInstanceOf(Uint8Array);
      expect(text(value.a)).toBe(digits);
      expect(value.b).toBe('12');
      expect((value.c as unknown[])[0]).toBeInstanceOf(Uint8Array);
      // Keys, strings with escapes and strings beyond ASCII stay strings.
      expect(value[digits]).toBe('x');
      expect(value.d).toBe(`${digits.slice(0, 99)}\n`);
      expect(value.e).toBe(`${digits}é`);
    }
  });

  it('makes "__proto__" an own property, as JSON.parse does', () => {
    const [result] = parse('{"__proto__":{"polluted":1},"a":2}');
    const value = (result as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses nesting deeper than MAX_DEPTH without running out of stack', () => {
    const deep = '['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1);
    expect(parse(deep)[0]).toMatchObject({ error: `nested deeper than ${MAX_DEPTH} levels at position ${MAX_DEPTH}` });
    const ok = '['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH);
    expect(parse(ok)[0]).toMatchObject({ line: 1 });
    expect('value' in parse(ok)[0]).toBe(true);
  });

  it('reads a huge line from many chunks, the long string copied once into bytes', async () => {
    const n = 5_000_000;
    async function* chunks() {
      yield encoder.encode('{"bits":"');
      const piece = new Uint8Array(65_536).fill(0x31);
      for (let done = 0; done < n; done += piece.length) yield piece.subarray(0, Math.min(piece.length, n - done));
      yield encoder.encode('","n":7}\r\n{"bits":"0"}');
    }
    const lines: JsonLine[] = [];
    for await (const line of readJsonLines(chunks(), { byteStrings: 4096 })) lines.push(line);
    expect(lines).toHaveLength(2);
    const value = (lines[0] as { value: { bits: Uint8Array; n: number } }).value;
    expect(value.bits).toBeInstanceOf(Uint8Array);
    expect(value.bits.length).toBe(n);
    expect(value.bits.every((b) => b === 0x31)).toBe(true);
    // Its own buffer, not a view of some chunk.
    expect(value.bits.byteLength).toBe(value.bits.buffer.byteLength);
    expect(value.n).toBe(7);
    expect(lines[1]).toEqual({ line: 2, value: { bits: '0' }, byteStrings: 0 });
  });
});
