import { describe, expect, it } from 'vitest';
import { checkLength, countField, digitBytesField, objectInput, stringField } from './fields.js';
import { TaskInputError } from './task.js';
import { errorOf } from './test-errors.js';


describe('objectInput', () => {
  it('returns plain objects unchanged', () => {
    const obj = { bits: '01' };
    expect(objectInput(obj, 'a field "bits"')).toBe(obj);
  });

  it.each([
    [null, 'null'],
    [undefined, 'undefined'],
    [[1, 2], 'an array'],
    ['0101', '"0101"'],
    ['x'.repeat(30), 'a string of 30 characters'],
    [7, 'number 7'],
    [true, 'boolean true'],
  ])('rejects %j, saying what it got', (input, got) => {
    expect(errorOf(() => objectInput(input, 'a field "bits"'))).toBe(`expected a JSON object with a field "bits", got ${got}`);
  });
});

describe('digitBytesField', () => {
  const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

  it('returns bytes as they are, and a string as its bytes', () => {
    const given = bytes('0110');
    expect(digitBytesField({ s: given }, 's', '1', 'bits')).toBe(given);
    expect(Array.from(digitBytesField({ s: '0190' }, 's', '9', 'digits'))).toEqual([48, 49, 57, 48]);
  });

  it('names the first byte outside the digits and its position, as stringField does', () => {
    for (const text of ['0102', '01/1', '1:', '0 1', '~']) {
      expect(errorOf(() => digitBytesField({ s: bytes(text) }, 's', '1', 'bits'))).toBe(errorOf(() => stringField({ s: text }, 's', '01', 'bits')));
    }
    for (const text of ['01\t1', '1\u007f']) {
      expect(errorOf(() => digitBytesField({ s: bytes(text) }, 's', '1', 'bits'))).toBe(errorOf(() => stringField({ s: text }, 's', '01', 'bits')));
    }
    expect(errorOf(() => digitBytesField({ s: bytes('01\t1') }, 's', '1', 'bits'))).toBe('field "s" must contain only bits; found U+0009 at position 2');
    expect(errorOf(() => digitBytesField({ s: new Uint8Array(0) }, 's', '9', 'digits'))).toBe('field "s" is empty; it must be a string of digits');
    expect(errorOf(() => digitBytesField({}, 's', '9', 'digits'))).toBe('missing field "s"');
    expect(errorOf(() => digitBytesField({ s: 7 }, 's', '9', 'digits'))).toBe('field "s" must be a string of digits, got number 7');
  });

  it('lets the other fields take bytes as the strings they stand for', () => {
    expect(countField({ n: bytes('12') }, 'n', 100)).toBe(12);
    for (const text of ['1x', '9'.repeat(400), '', '123']) {
      expect(errorOf(() => countField({ n: bytes(text) }, 'n', 100))).toBe(errorOf(() => countField({ n: text }, 'n', 100)));
    }
    for (const text of ['0110', '1'.repeat(5000)]) {
      expect(errorOf(() => objectInput(bytes(text), 'a field "bits"'))).toBe(errorOf(() => objectInput(text, 'a field "bits"')));
      expect(errorOf(() => stringField({ s: [bytes(text)] }, 's', '01', 'bits'))).toBe(errorOf(() => stringField({ s: [text] }, 's', '01', 'bits')));
    }
  });
});

describe('stringField', () => {
  it('returns a valid string', () => {
    expect(stringField({ s: '0110' }, 's', '01', 'bits')).toBe('0110');
  });

  it('names a missing field', () => {
    expect(errorOf(() => stringField({ other: '1' }, 's', '01', 'bits'))).toBe('missing field "s"');
  });

  it('rejects non-strings, naming the field and the value', () => {
    expect(errorOf(() => stringField({ s: 101 }, 's', '01', 'bits'))).toBe('field "s" must be a string of bits, got number 101');
    expect(errorOf(() => stringField({ s: null }, 's', '01', 'bits'))).toMatch(/^field "s" .* got null$/);
    expect(errorOf(() => stringField({ s: ['0'] }, 's', '01', 'bits'))).toMatch(/got an array$/);
    expect(errorOf(() => stringField({ s: {} }, 's', '01', 'bits'))).toMatch(/got an object$/);
  });

  it('rejects the empty string', () => {
    expect(errorOf(() => stringField({ s: '' }, 's', '01', 'bits'))).toMatch(/^field "s" is empty/);
  });

  it('names the first bad character and its position', () => {
    expect(errorOf(() => stringField({ s: '0102' }, 's', '01', 'bits'))).toBe('field "s" must contain only bits; found "2" at position 3');
    expect(errorOf(() => stringField({ s: 'x01y' }, 's', '01', 'bits'))).toMatch(/found "x" at position 0$/);
    expect(errorOf(() => stringField({ s: '12 3' }, 's', '0-9', 'digits'))).toMatch(/found " " at position 2$/);
    expect(errorOf(() => stringField({ s: '-12' }, 's', '0-9', 'digits'))).toMatch(/found "-" at position 0$/);
  });

  it('names a bad character outside the Basic Multilingual Plane whole, not half a surrogate pair', () => {
    expect(errorOf(() => stringField({ s: '01\u{1F600}1' }, 's', '01', 'bits'))).toBe('field "s" must contain only bits; found U+1F600 at position 2');
  });

  it('keeps the message on one line when the bad character is a line break', () => {
    expect(errorOf(() => stringField({ s: '01\n1' }, 's', '01', 'bits'))).toBe('field "s" must contain only bits; found U+000A at position 2');
  });

  it('names a character beyond printable ASCII by its code point, so that an invisible one shows', () => {
    for (const [c, shown] of [
      ['\ufeff', 'U+FEFF'],
      ['\u200b', 'U+200B'],
      ['\u00a0', 'U+00A0'],
      ['\u007f', 'U+007F'],
      ['\u0000', 'U+0000'],
      ['\u00e9', 'U+00E9'],
      // Cyrillic, looks like "a".
      ['\u0430', 'U+0430'],
      // A lone surrogate, as JSON's "\ud800" gives.
      ['\ud800', 'U+D800'],
    ]) {
      expect(errorOf(() => stringField({ s: `${c}1` }, 's', '01', 'bits 0 and 1'))).toBe(`field "s" must contain only bits 0 and 1; found ${shown} at position 0`);
    }
  });
});

describe('countField', () => {
  it('accepts non-negative integers as numbers or digit strings', () => {
    expect(countField({ n: 0 }, 'n', 10)).toBe(0);
    expect(countField({ n: 10 }, 'n', 10)).toBe(10);
    expect(countField({ n: '7' }, 'n', 10)).toBe(7);
    expect(countField({ n: '007' }, 'n', 10)).toBe(7);
  });

  it('names a missing field', () => {
    expect(errorOf(() => countField({}, 'n', 10))).toBe('missing field "n"');
  });

  it.each([
    [-1, 'number -1'],
    [1.5, 'number 1.5'],
    [Number.NaN, 'number NaN'],
    [Number.POSITIVE_INFINITY, 'number Infinity'],
    ['-3', '"-3"'],
    ['2.5', '"2.5"'],
    ['1e3', '"1e3"'],
    ['', '""'],
    [' 4', '" 4"'],
    [null, 'null'],
    [true, 'boolean true'],
  ])('rejects %j', (value, got) => {
    expect(errorOf(() => countField({ n: value }, 'n', 10))).toBe(`field "n" must be a non-negative integer, got ${got}`);
  });

  it('escapes what it quotes beyond printable ASCII', () => {
    expect(errorOf(() => countField({ n: '\ufeff5' }, 'n', 10))).toBe('field "n" must be a non-negative integer, got "\\ufeff5"');
    expect(errorOf(() => countField({ n: '5\u00e9\n' }, 'n', 10))).toBe('field "n" must be a non-negative integer, got "5\\u00e9\\n"');
  });

  it('rejects values above the maximum', () => {
    expect(errorOf(() => countField({ n: 11 }, 'n', 10))).toBe('field "n" is 11; at most 10 is supported');
    expect(errorOf(() => countField({ n: '11' }, 'n', 10))).toMatch(/^field "n" is 11;/);
  });
});

describe('checkLength', () => {
  it('accepts lengths up to the maximum and rejects longer ones', () => {
    expect(() => checkLength('s', 5, 5)).not.toThrow();
    expect(errorOf(() => checkLength('s', 6, 5))).toBe('field "s" has 6 characters; at most 5 are supported');
  });
});
