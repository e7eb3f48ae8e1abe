/**
 * JSON Lines read straight from bytes, for inputs too long to hold as one string per line. A line
 * ends at \n, \r or \r\n (as Node's readline has it); blank lines (spaces and tabs only) are
 * skipped. Each line's value is what `JSON.parse` gives, except that a string of at least
 * `byteStrings` characters, all printable ASCII and without escapes, arrives as a `Uint8Array` of
 * its bytes (a `ByteInput` string in @sead/tasks' terms). Such a string is copied once, from the
 * input's chunks into its own buffer; nothing else holds the line.
 */

/** One non-blank input line: its value, or why it is not valid JSON. */
export type JsonLine = ParsedLine | { readonly line: number; readonly error: string };

export interface ParsedLine {
  readonly line: number;
  /** The value; a reader may take it over (set it to undefined) so that nothing else holds it. */
  value: unknown;
  /** How many strings in it arrived as bytes. */
  readonly byteStrings: number;
}

export interface JsonLinesOptions {
  /** Strings at least this long (printable ASCII, no escapes) arrive as bytes. */
  readonly byteStrings: number;
}

/** Reads JSON Lines from chunks of bytes (e.g. `process.stdin`). */
export async function* readJsonLines(chunks: AsyncIterable<Uint8Array>, options: JsonLinesOptions): AsyncGenerator<JsonLine> {
  const parser = new JsonLinesParser(options);
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}

/** Containers are nested no deeper than this (a line of brackets alone would take any memory). */
export const MAX_DEPTH = 10_000;

const enum State {
  /** A value is next (line start, after ":" or after "," in an array). */
  Value,
  /** After "[": a value or "]". */
  ValueOrClose,
  /** After "{": a key or "}". */
  KeyOrClose,
  /** After "," in an object. */
  Key,
  Colon,
  CommaOrClose,
  /** The line's value is complete: only blanks may follow. */
  Done,
  InString,
  InNumber,
  InLiteral,
  /** The line is not valid JSON: skip to its end. */
  Skip,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;

interface Frame {
  readonly container: Record<string, unknown> | unknown[];
  key: string | undefined;
}

class LineError extends Error {}

/** The push parser behind `readJsonLines`: feed chunks, collect finished lines. */
export class JsonLinesParser {
  readonly #byteStrings: number;
  #line = 1;
  /** Bytes of the current line seen so far: positions in error messages. */
  #position = 0;
  #state = State.Value;
  #blank = true;
  #afterCR = false;
  #error = '';
  #stack: Frame[] = [];
  #value: unknown = undefined;
  #byteStringCount = 0;
  /** The token being read (string, number or literal), as views of the chunks it spans. */
  #pieces: Uint8Array[] = [];
  #tokenLength = 0;
  #tokenStart = 0;
  #isKey = false;
  /** The string so far is printable ASCII without escapes. */
  #plain = true;
  #escape = false;

  constructor(options: JsonLinesOptions) {
    this.#byteStrings = options.byteStrings;
  }

  /** Reads a chunk; returns the lines it completed. */
  push(chunk: Uint8Array): JsonLine[] {
    const done: JsonLine[] = [];
    let i = 0;
    const end = chunk.length;
    while (i < end) {
      const state = this.#state;
      if (state === State.InString) {
        i = this.#scanString(chunk, i);
        continue;
      }
      const b = chunk[i];
      if (b === LF || b === CR) {
        if (b === LF && this.#afterCR) {
          this.#afterCR = false;
          i++;
          continue;
        }
        this.#afterCR = b === CR;
        if (state === State.InNumber || state === State.InLiteral) this.#attempt(() => this.#finishWord());
        const line = this.#endLine();
        if (line) done.push(line);
        i++;
        continue;
      }
      this.#afterCR = false;
      if (state === State.Skip) {
        // Jump to the line's end.
        let j = i;
        while (j < end && chunk[j] !== LF && chunk[j] !== CR) j++;
        this.#position += j - i;
        i = j;
        continue;
      }
      if (state === State.InNumber || state === State.InLiteral) {
        const j = this.#scanWord(chunk, i, state === State.InNumber);
        if (j < end) this.#attempt(() => this.#finishWord());
        this.#position += j - i;
        i = j;
        continue;
      }
      this.#attempt(() => this.#structural(b));
      // A number or literal begins with this byte: the word's scan reads it.
      if (this.#state !== State.InNumber && this.#state !== State.InLiteral) {
        this.#position++;
        i++;
      }
    }
    return done;
  }

  /** The input ended: the last line, if it had no line break. */
  end(): JsonLine[] {
    if (this.#state === State.InNumber || this.#state === State.InLiteral) this.#attempt(() => this.#finishWord());
    const line = this.#endLine();
    return line ? [line] : [];
  }

  /** Runs a step of the grammar; a LineError puts the line into Skip. */
  #attempt(step: () => void): void {
    try {
      step();
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      this.#fail(error.message);
    }
  }

  #fail(message: string): void {
    this.#error = message;
    this.#state = State.Skip;
    this.#stack = [];
    this.#pieces = [];
  }

  /** A byte outside any token: blanks, brackets, separators, or a token's first byte. */
  #structural(b: number): void {
    if (b === 0x20 || b === 0x09) return;
    this.#blank = false;
    const state = this.#state;
    switch (state) {
      case State.Value:
      case State.ValueOrClose:
        if (b === 0x5d && state === State.ValueOrClose) return this.#close();
        return this.#startValue(b);
      case State.KeyOrClose:
      case State.Key:
        if (b === 0x7d && state === State.KeyOrClose) return this.#close();
        if (b !== QUOTE) throw this.#unexpected(b, 'a key in double quotes');
        return this.#startString(true);
      case State.Colon:
        if (b !== 0x3a) throw this.#unexpected(b, '":"');
        this.#state = State.Value;
        return;
      case State.CommaOrClose: {
        const frame = this.#stack[this.#stack.length - 1];
        const array = Array.isArray(frame.container);
        if (b === 0x2c) {
          this.#state = array ? State.Value : State.Key;
          return;
        }
        if (b === (array ? 0x5d : 0x7d)) return this.#close();
        throw this.#unexpected(b, array ? '"," or "]"' : '"," or "}"');
      }
      case State.Done:
        throw this.#unexpected(b, 'the end of the line after the value');
      default:
        throw new Error(`unreachable parser state ${state}`);
    }
  }

  #startValue(b: number): void {
    if (b === QUOTE) return this.#startString(false);
    if (b === 0x7b || b === 0x5b) {
      if (this.#stack.length >= MAX_DEPTH) throw new LineError(`nested deeper than ${MAX_DEPTH} levels at position ${this.#position}`);
      this.#stack.push({ container: b === 0x7b ? {} : [], key: undefined });
      this.#state = b === 0x7b ? State.KeyOrClose : State.ValueOrClose;
      return;
    }
    if (b === 0x2d || (b >= 0x30 && b <= 0x39)) return this.#startWord(State.InNumber);
    if (b >= 0x61 && b <= 0x7a) return this.#startWord(State.InLiteral);
    throw this.#unexpected(b, 'a value');
  }

  #close(): void {
    this.#completeValue(this.#stack.pop()!.container);
  }

  /** A value is complete: it goes into its container, or is the line's value. */
  #completeValue(value: unknown): void {
    const frame = this.#stack[this.#stack.length - 1];
    if (frame === undefined) {
      this.#value = value;
      this.#state = State.Done;
      return;
    }
    if (Array.isArray(frame.container)) {
      frame.container.push(value);
    } else if (frame.key === '__proto__') {
      // As JSON.parse does: an own property, not the prototype.
      Object.defineProperty(frame.container, frame.key, { value, writable: true, enumerable: true, configurable: true });
    } else {
      frame.container[frame.key!] = value;
    }
    this.#state = State.CommaOrClose;
  }

  #startString(isKey: boolean): void {
    this.#state = State.InString;
    this.#isKey = isKey;
    this.#plain = true;
    this.#escape = false;
    this.#pieces = [];
    this.#tokenLength = 0;
    this.#tokenStart = this.#position;
  }

  /** Reads string bytes from i; returns where it stopped (past the closing quote, or the chunk's end). */
  #scanString(chunk: Uint8Array, i: number): number {
    const end = chunk.length;
    let j = i;
    if (this.#plain) {
      // The fast path: printable ASCII without escapes, up to the closing quote.
      while (j < end) {
        const b = chunk[j];
        if (b === QUOTE || b === BACKSLASH || b < 0x20 || b > 0x7e) break;
        j++;
      }
      if (j < end && chunk[j] !== QUOTE) this.#plain = false;
    }
    if (!this.#plain) {
      while (j < end) {
        const b = chunk[j];
        if (this.#escape) this.#escape = false;
        else if (b === BACKSLASH) this.#escape = true;
        else if (b === QUOTE || b === LF || b === CR) break;
        j++;
      }
    }
    if (j > i) {
      this.#pieces.push(chunk.subarray(i, j));
      this.#tokenLength += j - i;
    }
    this.#position += j - i;
    if (j === end) return j;
    if (chunk[j] !== QUOTE) {
      // A line break inside a string: the line ends here, unfinished.
      this.#fail(`the line ends inside a string that starts at position ${this.#tokenStart}`);
      return j;
    }
    this.#position++;
    this.#attempt(() => this.#finishString());
    return j + 1;
  }

  #finishString(): void {
    const length = this.#tokenLength;
    const pieces = this.#pieces;
    this.#pieces = [];
    let value: string | Uint8Array;
    if (this.#plain && !this.#isKey && length >= this.#byteStrings) {
      value = concat(pieces, length);
      this.#byteStringCount++;
    } else {
      const text = decoder.decode(concat(pieces, length));
      if (this.#plain) {
        value = text;
      } else {
        try {
          // Escapes and anything unusual: JSON.parse of the string alone says what it means.
          value = JSON.parse(`"${text}"`) as string;
        } catch (error) {
          throw new LineError(`bad string at position ${this.#tokenStart}: ${(error as Error).message}`);
        }
      }
    }
    if (this.#isKey) {
      this.#stack[this.#stack.length - 1].key = value as string;
      this.#state = State.Colon;
    } else {
      this.#completeValue(value);
    }
  }

  #startWord(state: State.InNumber | State.InLiteral): void {
    this.#state = state;
    this.#pieces = [];
    this.#tokenLength = 0;
    this.#tokenStart = this.#position;
  }

  /** Reads number or literal bytes from i; returns where the word stopped. */
  #scanWord(chunk: Uint8Array, i: number, number: boolean): number {
    let j = i;
    while (j < chunk.length) {
      const b = chunk[j];
      const inWord = number ? (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b || b === 0x2e || b === 0x65 || b === 0x45 : b >= 0x61 && b <= 0x7a;
      if (!inWord) break;
      j++;
    }
    if (j > i) {
      this.#pieces.push(chunk.subarray(i, j));
      this.#tokenLength += j - i;
    }
    return j;
  }

  #finishWord(): void {
    const word = latin1(concat(this.#pieces, this.#tokenLength));
    this.#pieces = [];
    if (this.#state === State.InNumber) {
      if (!NUMBER.test(word)) throw new LineError(`bad number ${quote(word)} at position ${this.#tokenStart}`);
      return this.#completeValue(Number(word));
    }
    if (!(word in LITERALS)) throw new LineError(`unexpected ${quote(word)} at position ${this.#tokenStart}; expected a value`);
    this.#completeValue(LITERALS[word as keyof typeof LITERALS]);
  }

  /** The line ended: its result, or nothing for a blank line. */
  #endLine(): JsonLine | undefined {
    const line = this.#line;
    const state = this.#state;
    let result: JsonLine | undefined;
    if (state === State.Skip) result = { line, error: this.#error };
    else if (state === State.Done) result = { line, value: this.#value, byteStrings: this.#byteStringCount };
    else if (!this.#blank || state !== State.Value) {
      result = { line, error: `the line ends at position ${this.#position} before its value is complete` };
    }
    this.#line++;
    this.#position = 0;
    this.#state = State.Value;
    this.#blank = true;
    this.#stack = [];
    this.#value = undefined;
    this.#pieces = [];
    this.#byteStringCount = 0;
    return result;
  }

  #unexpected(b: number, expected: string): LineError {
    const what = b >= 0x20 && b < 0x7f ? quote(String.fromCharCode(b)) : `byte 0x${b.toString(16).padStart(2, '0')}`;
    return new LineError(`unexpected ${what} at position ${this.#position}; expected ${expected}`);
  }
}

/** JSON's number grammar. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS = { true: true, false: false, null: null } as const;
// Malformed UTF-8 becomes U+FFFD, as when a line is read as text.
const decoder = new TextDecoder('utf-8');

function concat(pieces: readonly Uint8Array[], length: number): Uint8Array {
  if (pieces.length === 1 && pieces[0].length === length) return pieces[0].slice();
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) text += String.fromCharCode(...bytes.subarray(start, start + 8192));
  return text;
}

/** A word for an error message, cut short if long. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 39)}…` : text);
}
