import { describeValue } from './describe.js';
import { TaskInputError } from './task.js';

/** The object a JSON input line must be, or an error saying what it was instead. */
export function objectInput(input: unknown, fields: string): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || input instanceof Uint8Array) {
    throw new TaskInputError(`expected a JSON object with ${fields}, got ${describe(input)}`);
  }
  return input as Record<string, unknown>;
}

/** A required string field made only of characters in `alphabet` (a regex character class body). */
export function stringField(obj: Record<string, unknown>, name: string, alphabet: string, what: string): string {
  const value = obj[name];
  if (value === undefined) throw new TaskInputError(`missing field "${name}"`);
  if (typeof value !== 'string') throw new TaskInputError(`field "${name}" must be a string of ${what}, got ${describe(value)}`);
  if (value.length === 0) throw new TaskInputError(`field "${name}" is empty; it must be a string of ${what}`);
  const bad = new RegExp(`[^${alphabet}]`, 'u').exec(value);
  if (bad) {
    throw new TaskInputError(`field "${name}" must contain only ${what}; found ${character(bad[0])} at position ${bad.index}`);
  }
  return value;
}

/**
 * A required field of digits '0' up to `last` (e.g. '1' for bits, '9' for decimal digits), given as
 * a string or, in a `ByteInput`, as bytes: its ASCII bytes either way, with `stringField`'s errors.
 */
export function digitBytesField(obj: Record<string, unknown>, name: string, last: string, what: string): Uint8Array {
  const value = obj[name];
  if (!(value instanceof Uint8Array)) return asciiBytes(stringField(obj, name, `0-${last}`, what));
  if (value.length === 0) throw new TaskInputError(`field "${name}" is empty; it must be a string of ${what}`);
  const top = last.charCodeAt(0) - 48;
  for (let i = 0; i < value.length; i++) {
    // Unsigned: bytes below '0' wrap around to large numbers.
    if ((value[i] - 48) >>> 0 > top) {
      throw new TaskInputError(`field "${name}" must contain only ${what}; found ${character(String.fromCharCode(value[i]))} at position ${i}`);
    }
  }
  return value;
}

/** The bytes of a string of ASCII characters. */
export function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The string a `ByteInput`'s bytes stand for (printable ASCII). */
export function asciiText(bytes: Uint8Array): string {
  return asciiDecoder.decode(bytes);
}

// For printable ASCII, every single-byte decoder gives the same characters.
const asciiDecoder = new TextDecoder('latin1');

/** A required non-negative integer field, at most `max`. Accepts a number or a decimal string. */
export function countField(obj: Record<string, unknown>, name: string, max: number): number {
  const given = obj[name];
  // A ByteInput may hand over even a number's digits as bytes: read them as the string they are.
  const value = given instanceof Uint8Array ? asciiText(given) : given;
  if (value === undefined) throw new TaskInputError(`missing field "${name}"`);
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new TaskInputError(`field "${name}" must be a non-negative integer, got ${describe(value)}`);
  }
  if (n > max) throw new TaskInputError(`field "${name}" is ${n}; at most ${max} is supported`);
  return n;
}

/** Rejects lattices too long for one process to hold. */
export function checkLength(name: string, length: number, max: number): void {
  if (length > max) throw new TaskInputError(`field "${name}" has ${length} characters; at most ${max} are supported`);
}

/** As `describeValue`, with a `ByteInput` string described as the string it stands for. */
function describe(value: unknown): string {
  return describeValue(value instanceof Uint8Array ? asciiText(value) : value);
}

/**
 * A character for an error message: quoted if printable ASCII, else by its code point (U+FEFF), so
 * that an invisible, blank or look-alike character is plain to see.
 */
function character(c: string): string {
  return PRINTABLE_ASCII.test(c) ? JSON.stringify(c) : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]$/;
