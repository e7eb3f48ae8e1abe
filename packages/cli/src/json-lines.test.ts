import { MAX_LENGTH } from '@sead/tasks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  JsonLinesParser,
  MAX_BYTE_STRING,
  MAX_DEPTH,
  MAX_LINE_BYTES,
  MAX_TEXT_STRING,
  MAX_VALUES,
  MAX_WORD,
  readJsonLines,
  type JsonLine,
  type JsonLineLimits,
} from './json-lines.js';

const encoder = new TextEncoder();

/** Parses `text` fed in pieces cut at `cuts` (byte offsets). */
function parse(text: string | Uint8Array, byteStrings = Infinity, cuts: number[] = [], limits?: Partial<JsonLineLimits>): JsonLine[] {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const parser = new JsonLinesParser({ byteStrings, limits });
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

/** What JSON.parse makes of each non-blank line of bytes read as strict UTF-8, lines split as readline splits them. */
function strictReference(bytes: Uint8Array): JsonLine[] {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const out: JsonLine[] = [];
  let start = 0;
  for (let k = 1; start <= bytes.length; k++) {
    let end = start;
    while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
    const line = bytes.subarray(start, end);
    start = end + (bytes[end] === 0x0d && bytes[end + 1] === 0x0a ? 2 : 1);
    if (line.every((b) => b === 0x20 || b === 0x09)) continue;
    try {
      out.push({ line: k, value: JSON.parse(strict.decode(line)) as unknown, byteStrings: 0 });
    } catch {
      out.push({ line: k, error: expect.any(String) as unknown as string });
    }
  }
  return out;
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
    // Even right after a backslash: a line break is never part of a string.
    for (const eol of ['\n', '\r', '\r\n']) {
      expect(parse(`{"a":"1\\${eol}{"b":2}`)).toEqual([
        { line: 1, error: 'the line ends inside a string that starts at position 5' },
        { line: 2, value: { b: 2 }, byteStrings: 0 },
      ]);
    }
    expect(parse('{"a":012}')).toEqual([{ line: 1, error: 'bad number "012" at position 5' }]);
    expect(parse('[1]x')).toEqual([{ line: 1, error: 'unexpected "x" at position 3; expected the end of the line after the value' }]);
    expect(parse('\u00e9')).toEqual([{ line: 1, error: 'unexpected byte 0xc3 at position 0; expected a value' }]);
    expect(parse('"\\q"')[0]).toMatchObject({ line: 1, error: expect.stringMatching(/^bad string at position 0: /) });
    expect(parse('["ok","\\q"]')).toEqual([{ line: 1, error: 'bad string at position 6: bad escape at position 7' }]);
    expect(parse('["\\\ufeff"]')).toEqual([{ line: 1, error: 'bad string at position 1: bad escape at position 2' }]);
    expect(parse('{"a":"\\n\\u12x4"}')).toEqual([{ line: 1, error: 'bad string at position 5: bad \\u escape at position 8' }]);
    expect(parse('{"a":"x\ty"}')).toEqual([{ line: 1, error: 'bad string at position 5: unescaped control character U+0009 at position 7' }]);
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

  it('agrees with JSON.parse of strict UTF-8 on random bytes spliced into JSON lines, wherever the chunks are cut', () => {
    const bom = [0xef, 0xbb, 0xbf];
    const insert = fc.oneof(
      fc.integer({ min: 0, max: 255 }).map((b) => [b]),
      fc.constantFrom(bom, bom.slice(0, 2), [0xc3, 0xa9], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0x5c, 0x0a], [0x5c, 0x0d]),
      fc.constantFrom(...'"\\{}[]:,0123456789-+.eE \tuntf'.split('').map((c) => [c.charCodeAt(0)])),
      fc.constantFrom(...['\\u0031', '\\ufeff', '\\ud800', '\\"', 'true', 'null', '1e5', '-0'].map((t) => [...encoder.encode(t)])),
    );
    const edit = fc.record({ at: fc.nat(), drop: fc.nat({ max: 3 }), insert: fc.array(insert, { maxLength: 2 }) });
    const line = fc.tuple(fc.jsonValue({ maxDepth: 3 }).map((v) => [...encoder.encode(JSON.stringify(v))]), fc.array(edit, { maxLength: 3 })).map(([bytes, edits]) => {
      for (const { at, drop, insert } of edits) bytes.splice(at % (bytes.length + 1), drop, ...insert.flat());
      return bytes;
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 8 }), fc.constantFrom(Infinity, 0, 4), (lines, cuts, byteStrings) => {
        const bytes = Uint8Array.from(lines.flatMap((l) => [...l, 0x0a]));
        const result = parse(bytes, byteStrings, cuts.map((c) => c % (bytes.length + 1)));
        const asStrings = result.map((r) => ('value' in r ? { ...r, value: strings(r.value), byteStrings: 0 } : r));
        expect(asStrings).toEqual(strictReference(bytes));
        for (const r of result) if ('error' in r) expect(r.error).toMatch(/^[\x20-\x7e…]+$/);
      }),
      { numRuns: 1000, seed: 11 },
    );
  });

  it('keeps a byte order mark inside a string, in keys and values alike, and refuses malformed UTF-8', () => {
    expect(parse('{"bits":"\ufeff1"}')).toEqual([{ line: 1, value: { bits: '\ufeff1' }, byteStrings: 0 }]);
    expect(parse('{"\ufeffa":"12"}')).toEqual([{ line: 1, value: { '\ufeffa': '12' }, byteStrings: 0 }]);
    // A long string with a BOM is not plain: it stays a string.
    const [long] = parse(`{"a":"\ufeff${'1'.repeat(5000)}"}`, 4096);
    expect(long).toEqual({ line: 1, value: { a: `\ufeff${'1'.repeat(5000)}` }, byteStrings: 0 });
    for (const bad of [[0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      const line = Uint8Array.from([...encoder.encode('{"a":"1'), ...bad, ...encoder.encode('"}\n[1]')]);
      expect(parse(line)).toEqual([
        { line: 1, error: 'bad string at position 5: not valid UTF-8' },
        { line: 2, value: [1], byteStrings: 0 },
      ]);
    }
  });

  it('names a byte order mark outside a string, however the chunks cut it', () => {
    const cases: [string, string][] = [
      ['\ufeff{"bits":"1"}', 'unexpected byte order mark (U+FEFF) at position 0; expected a value'],
      [' \ufeff1', 'unexpected byte order mark (U+FEFF) at position 1; expected a value'],
      ['{\ufeff"a":1}', 'unexpected byte order mark (U+FEFF) at position 1; expected a key in double quotes'],
      ['{"a"\ufeff:1}', 'unexpected byte order mark (U+FEFF) at position 4; expected ":"'],
      ['[1\ufeff]', 'unexpected byte order mark (U+FEFF) at position 2; expected "," or "]"'],
      ['{"bits":"1"}\ufeff', 'unexpected byte order mark (U+FEFF) at position 12; expected the end of the line after the value'],
    ];
    for (const [line, error] of cases) {
      const bytes = encoder.encode(`${line}\n[2]`);
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(parse(bytes, Infinity, [cut]), `${line} cut at ${cut}`).toEqual([
          { line: 1, error },
          { line: 2, value: [2], byteStrings: 0 },
        ]);
      }
    }
    // Bytes that only begin one are the byte they are, up to a line's end or the input's.
    for (const [bytes, error] of [
      [[0xef, 0xbb, 0x31], 'unexpected byte 0xef at position 0; expected a value'],
      [[0xef, 0x0a], 'unexpected byte 0xef at position 0; expected a value'],
      [[0x31, 0xef, 0xbb], 'unexpected byte 0xef at position 1; expected the end of the line after the value'],
    ] as const) {
      for (let cut = 0; cut <= bytes.length; cut++) expect(parse(Uint8Array.from(bytes), Infinity, [cut])).toEqual([{ line: 1, error }]);
    }
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

describe('JSON Lines bounds', () => {
  /** The line's result, and that a line after it is still read. */
  function first(text: string, byteStrings = Infinity, limits?: Partial<JsonLineLimits>): JsonLine {
    const result = parse(encoder.encode(`${text}\n[2]`), byteStrings, [], limits);
    expect(result).toHaveLength(2);
    expect(result[1]).toEqual({ line: 2, value: [2], byteStrings: 0 });
    return result[0];
  }
  const refused = (error: string) => ({ line: 1, error, tooLarge: true });

  it('refuses nesting deeper than MAX_DEPTH without running out of stack', () => {
    expect(MAX_DEPTH).toBe(64);
    expect(first('['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1))).toEqual(refused(`nested deeper than 64 levels at position 64`));
    expect(first('{"a":'.repeat(MAX_DEPTH) + '{}' + '}'.repeat(MAX_DEPTH))).toEqual(refused(`nested deeper than 64 levels at position ${5 * MAX_DEPTH}`));
    expect(first('['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH))).toMatchObject({ line: 1, value: expect.any(Array) });
  });

  it('refuses more than MAX_VALUES values in one line, containers included', () => {
    expect(MAX_VALUES).toBe(1_000_000);
    // The outer array and MAX_VALUES - 1 empty ones.
    expect((first(`[${'[],'.repeat(MAX_VALUES - 2)}[]]`) as { value: unknown[] }).value).toHaveLength(MAX_VALUES - 1);
    expect(first(`[${'[],'.repeat(MAX_VALUES - 1)}[]]`)).toEqual(refused(`more than 1000000 values in one line at position ${3 * MAX_VALUES - 2}`));
    expect(first('{"a":[0,true,"x"],"b":{}}', Infinity, { values: 6 })).toMatchObject({ value: { b: {} } });
    expect(first('{"a":[0,true,"x"],"b":{"c":null}}', Infinity, { values: 6 })).toEqual(refused('more than 6 values in one line at position 27'));
  });

  it('refuses a key, or a string with escapes or beyond printable ASCII, longer than MAX_TEXT_STRING bytes', () => {
    expect(MAX_TEXT_STRING).toBe(1 << 20);
    const a = 'a'.repeat(MAX_TEXT_STRING);
    expect(first(`{"${a}":1}`)).toMatchObject({ value: { [a]: 1 } });
    expect(first(`{"${a}b":1}`)).toEqual(refused('key longer than 1048576 bytes at position 1'));
    const hint = '; only strings of printable ASCII without escapes may be longer';
    // Escapes count as the bytes they are written with; é is two bytes.
    expect(first(`["\\n${a.slice(2)}"]`, 4096)).toMatchObject({ value: [`\n${a.slice(2)}`] });
    expect(first(`["\\n${a.slice(1)}"]`, 4096)).toEqual(refused(`string longer than 1048576 bytes at position 1${hint}`));
    expect(first(`["${a.slice(2)}é"]`, 4096)).toMatchObject({ value: [`${a.slice(2)}é`] });
    expect(first(`["${a}é"]`, 4096)).toEqual(refused(`string longer than 1048576 bytes at position 1${hint}`));
    // An escape after a megabyte of plain bytes.
    expect(first(`["${a}${a}\\n"]`, 4096)).toEqual(refused(`string longer than 1048576 bytes at position 1${hint}`));
    // When no string arrives as bytes, plain ones are held to the same bound.
    expect(first(`["${a}b"]`)).toEqual(refused('string longer than 1048576 bytes at position 1'));
  });

  it('refuses a byte string longer than MAX_BYTE_STRING bytes, the longest lattice, before its end', () => {
    expect(MAX_BYTE_STRING).toBe(MAX_LENGTH);
    expect(first(`{"a":"${'1'.repeat(5000)}"}`, 4096, { byteString: 5000 })).toMatchObject({ byteStrings: 1 });
    expect(first(`{"a":"${'1'.repeat(5001)}"}`, 4096, { byteString: 5000 })).toEqual(
      refused('string longer than 5000 bytes at position 5; no task takes an input that long'),
    );
    // At the real bound, from views of one chunk: refused as soon as it passes, with no line end in sight.
    const parser = new JsonLinesParser({ byteStrings: 4096 });
    expect(parser.push(encoder.encode('{"a":"'))).toEqual([]);
    const piece = new Uint8Array(1 << 16).fill(0x31);
    let fed = 0;
    let result: JsonLine[] = [];
    while (result.length === 0 && fed <= MAX_BYTE_STRING) {
      result = parser.push(piece);
      fed += piece.length;
    }
    expect(result).toEqual([refused('string longer than 268435456 bytes at position 5; no task takes an input that long')]);
    expect(fed - piece.length).toBeLessThanOrEqual(MAX_BYTE_STRING);
    expect(parser.push(encoder.encode('"}\n[2]'))).toEqual([]);
    expect(parser.end()).toEqual([{ line: 2, value: [2], byteStrings: 0 }]);
  });

  it('refuses a number longer than MAX_WORD bytes, and names a long word that is no literal as a short one', () => {
    expect(MAX_WORD).toBe(4096);
    expect(first(`{"a":${'1'.repeat(MAX_WORD)}}`)).toMatchObject({ value: { a: Infinity } });
    expect(first(`{"a":${'1'.repeat(MAX_WORD + 1)}}`)).toEqual(refused('number longer than 4096 bytes at position 5'));
    expect(first(`[0.${'0'.repeat(10 * MAX_WORD)}1]`)).toEqual(refused('number longer than 4096 bytes at position 1'));
    expect(first(`[${'x'.repeat(10 * MAX_WORD)}]`)).toEqual({ line: 1, error: `unexpected "${'x'.repeat(39)}…" at position 1; expected a value` });
  });

  it('refuses a line whose keys, strings and numbers together pass MAX_LINE_BYTES', () => {
    // Room for an addition's two operands at the longest lattice.
    expect(MAX_LINE_BYTES).toBeGreaterThanOrEqual(2 * MAX_BYTE_STRING + MAX_TEXT_STRING);
    const limits = { lineBytes: 20 };
    // Keys a, b and c, 9 and 6 digits, a two-digit number: 1 + 9 + 1 + 6 + 1 + 2 = 20.
    expect(first('{"a":"123456789","b":"123456","c":12}', Infinity, limits)).toMatchObject({ value: { c: 12 } });
    expect(first('{"a":"123456789","b":"123456","c":123}', Infinity, limits)).toEqual(refused('more than 20 bytes of keys, strings and numbers in one line at position 34'));
    expect(first('{"a":"123456789","b":"1234567890"}', Infinity, limits)).toEqual(refused('more than 20 bytes of keys, strings and numbers in one line at position 21'));
    expect(first('["1234567890","1234567890",null,true,false]', Infinity, limits)).toMatchObject({ value: expect.any(Array) });
    expect(first(`["${'1'.repeat(15)}","${'2'.repeat(5000)}"]`, 4096, limits)).toEqual(refused('more than 20 bytes of keys, strings and numbers in one line at position 19'));
  });

  it('reports a refused line at once, before its end, and lets go of it', () => {
    const parser = new JsonLinesParser({ byteStrings: 4096 });
    expect(parser.push(encoder.encode('['.repeat(MAX_DEPTH)))).toEqual([]);
    expect(parser.push(encoder.encode('[[[['))).toEqual([refused('nested deeper than 64 levels at position 64')]);
    expect(parser.push(encoder.encode(']'.repeat(1000) + '{}"'))).toEqual([]);
    expect(parser.push(encoder.encode('\r\n{"a":1}\r'))).toEqual([{ line: 2, value: { a: 1 }, byteStrings: 0 }]);
    expect(parser.push(encoder.encode('nope'))).toEqual([]);
    expect(parser.push(encoder.encode('x'.repeat(MAX_WORD)))).toEqual([{ line: 3, error: `unexpected "nope${'x'.repeat(35)}…" at position 0; expected a value` }]);
    expect(parser.end()).toEqual([]);
  });
});
