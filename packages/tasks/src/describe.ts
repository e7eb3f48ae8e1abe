/**
 * Values and thrown things as error messages show them: short, on one line, and never an error of
 * their own. Whatever a plugin hands back or throws (null, a revoked proxy, a string of a million
 * characters, an object whose getter throws) can be described.
 */

/** Longest message `messageOf` returns; a longer one is cut with an ellipsis. */
export const MAX_MESSAGE = 1000;

/** A value as a message names it: `null`, `"abc"`, `number 5`, `an array`, `a Uint8Array`, `an object`. */
export function describeValue(value: unknown): string {
  try {
    if (value === null || value === undefined) return String(value);
    if (typeof value === 'string') return value.length > 20 ? `a string of ${value.length} characters` : visible(JSON.stringify(value));
    if (typeof value === 'function') return 'a function';
    if (typeof value === 'symbol') return 'a symbol';
    if (typeof value !== 'object') return `${typeof value} ${String(value)}`;
    if (Array.isArray(value)) return 'an array';
    if (value instanceof Uint8Array) return 'a Uint8Array';
    if (ArrayBuffer.isView(value)) return 'a typed array';
    if (value instanceof Promise) return 'a promise';
    return 'an object';
  } catch {
    // A revoked proxy throws even on Array.isArray.
    return 'an object';
  }
}

/**
 * The message of anything thrown, on one line: an error's message (or its name when the message
 * is empty), a thrown string itself, and for anything else (`throw null`, `throw 42`) a description
 * of the value.
 */
export function messageOf(thrown: unknown): string {
  let message = typeof thrown === 'string' ? thrown : describeValue(thrown);
  if (typeof thrown === 'object' && thrown !== null) {
    try {
      // Errors, also from another realm or another copy of a library, and error-like objects.
      const text = (thrown as { message?: unknown }).message;
      if (typeof text === 'string') message = text === '' ? errorName(thrown) : text;
    } catch {
      // A getter on `message` that throws, or a proxy that refuses to be read: the description stands.
    }
  }
  const line = message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  if (line === '') return 'an empty message';
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

function errorName(error: object): string {
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : 'an error without a message';
}

/** Quoted text for an error message, every character beyond printable ASCII escaped (\ufeff). */
function visible(quoted: string): string {
  return quoted.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
