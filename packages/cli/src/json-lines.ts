/**
 * JSON Lines read straight from bytes, for inputs too long to hold as one string per line. A line
 * ends at \n, \r or \r\n (as Node's readline has it); blank lines (spaces and tabs only) are
 * skipped. Each line's value is what `JSON.parse` gives of the line read as strict UTF-8, except
 * that a string of at least `byteStrings` characters, all printable ASCII and without escapes,
 * arrives as a `Uint8Array` of its bytes (a `ByteInput` string in @sead/tasks' terms). Such a string
 * is copied once, from the input's chunks into its own buffer; nothing else holds the line.
 *
 * A line is held to the bounds below as it streams: one that passes a bound is refused at that
 * point, before it builds anything more. A refused line (too large, or not JSON) is reported at
 * once, not at its end, and the rest of it is skipped without keeping its bytes.
 */
import { asciiText, MAX_LENGTH } from '@sead/tasks';

/** Containers (arrays and objects) are nested no deeper than this; an instance needs one or two. */
export const MAX_DEPTH = 64;
/** Values in one line, containers and the line's own value included (`[1,2]` is three). */
export const MAX_VALUES = 1_000_000;
/**
 * Bytes of a string that becomes a JavaScript string: a key, or a string with escapes or characters
 * beyond printable ASCII (1 MiB). Only byte strings may be longer.
 */
export const MAX_TEXT_STRING = 1 << 20;
/** Bytes of a byte string: no task builds a lattice longer than `MAX_LENGTH` of @sead/tasks. */
export const MAX_BYTE_STRING = MAX_LENGTH;
/** Bytes of a number. A run of letters this long is no literal either, and is refused there too. */
export const MAX_WORD = 4096;
/**
 * Bytes of keys, strings and numbers one line holds, all together (516 MiB): room for two byte
 * strings of `MAX_BYTE_STRING` (an addition's operands at the longest lattice) and the rest.
 */
export const MAX_LINE_BYTES = 2 * MAX_BYTE_STRING + 4 * MAX_TEXT_STRING;

/** The bounds a parser holds lines to; `JsonLinesOptions.limits` may lower or raise any of them. */
export interface JsonLineLimits {
  /** By default `MAX_DEPTH`. */
  readonly depth: number;
  /** By default `MAX_VALUES`. */
  readonly values: number;
  /** By default `MAX_TEXT_STRING`. */
  readonly textString: number;
  /** By default `MAX_BYTE_STRING`. */
  readonly byteString: number;
  /** By default `MAX_WORD`. */
  readonly word: number;
  /** By default `MAX_LINE_BYTES`. */
  readonly lineBytes: number;
}

const LIMITS: JsonLineLimits = {
  depth: MAX_DEPTH,
  values: MAX_VALUES,
  textString: MAX_TEXT_STRING,
  byteString: MAX_BYTE_STRING,
  word: MAX_WORD,
  lineBytes: MAX_LINE_BYTES,
};

/** One non-blank input line: its value, or why it has none. */
export type JsonLine = ParsedLine | FailedLine;

export interface ParsedLine {
  readonly line: number;
  /** The value; a reader may take it over (set it to undefined) so that nothing else holds it. */
  value: unknown;
  /** How many strings in it arrived as bytes. */
  readonly byteStrings: number;
}

export interface FailedLine {
  readonly line: number;
  readonly error: string;
  /** The line passed one of the bounds (`JsonLineLimits`); without this, it is not valid JSON. */
  readonly tooLarge?: true;
}

export interface JsonLinesOptions {
  /** Strings at least this long (printable ASCII, no escapes) arrive as bytes. */
  readonly byteStrings: number;
  /** Bounds other than the default ones (`MAX_DEPTH` and the rest). */
  readonly limits?: Partial<JsonLineLimits>;
}

/** Reads JSON Lines from chunks of bytes (e.g. `process.stdin`). */
export async function* readJsonLines(chunks: AsyncIterable<Uint8Array>, options: JsonLinesOptions): AsyncGenerator<JsonLine> {
  const parser = new JsonLinesParser(options);
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}

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
  /** A byte 0xEF where a structural byte belongs: is it a byte order mark, to say so? */
  ByteOrderMark,
  /** The line is refused: skip to its end. */
  Skip,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;
/** U+FEFF in UTF-8. */
const BOM = [0xef, 0xbb, 0xbf] as const;

interface Frame {
  readonly container: Record<string, unknown> | unknown[];
  key: string | undefined;
}

class LineError extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

/** The push parser behind `readJsonLines`: feed chunks, collect finished lines. */
export class JsonLinesParser {
  readonly #byteStrings: number;
  readonly #limits: JsonLineLimits;
  #line = 1;
  /** Bytes of the current line seen so far: positions in error messages. */
  #position = 0;
  #state = State.Value;
  #blank = true;
  #afterCR = false;
  /** Lines finished since the last `push` or `end` returned. */
  #done: JsonLine[] = [];
  #stack: Frame[] = [];
  #value: unknown = undefined;
  #byteStringCount = 0;
  /** Values started in this line. */
  #values = 0;
  /** Bytes of the keys, strings and numbers this line has completed. */
  #lineBytes = 0;
  /** The token being read (string, number or literal), as views of the chunks it spans. */
  #pieces: Uint8Array[] = [];
  #tokenLength = 0;
  /** Where the token (or the byte 0xEF of State.ByteOrderMark) starts. */
  #tokenStart = 0;
  #isKey = false;
  /** The string so far is printable ASCII without escapes. */
  #plain = true;
  #escape = false;
  /** In State.ByteOrderMark: the state the byte 0xEF came in, and how many bytes of U+FEFF matched. */
  #beforeBom = State.Value;
  #bomBytes = 0;

  constructor(options: JsonLinesOptions) {
    this.#byteStrings = options.byteStrings;
    this.#limits = { ...LIMITS, ...options.limits };
  }

  /** Reads a chunk; returns the lines it completed or refused. */
  push(chunk: Uint8Array): JsonLine[] {
    let i = 0;
    const end = chunk.length;
    while (i < end) {
      const state = this.#state;
      if (state === State.InString) {
        i = this.#scanString(chunk, i);
        continue;
      }
      const b = chunk[i];
      if (state === State.ByteOrderMark) {
        // A byte that does not continue U+FEFF (a line break included) is read again in Skip.
        if (this.#matchByteOrderMark(b)) {
          this.#position++;
          i++;
        }
        continue;
      }
      if (b === LF || b === CR) {
        if (b === LF && this.#afterCR) {
          this.#afterCR = false;
          i++;
          continue;
        }
        this.#afterCR = b === CR;
        if (state === State.InNumber || state === State.InLiteral) this.#attempt(() => this.#finishWord());
        this.#endLine();
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
        const j = this.#scanWord(chunk, i);
        this.#position += j - i;
        i = j;
        if (this.#state === state && j < end) this.#attempt(() => this.#finishWord());
        continue;
      }
      this.#attempt(() => this.#structural(b));
      // A number or literal begins with this byte: the word's scan reads it.
      if (this.#state !== State.InNumber && this.#state !== State.InLiteral) {
        this.#position++;
        i++;
      }
    }
    return this.#takeDone();
  }

  /** The input ended: the last line, if it had no line break. */
  end(): JsonLine[] {
    if (this.#state === State.InNumber || this.#state === State.InLiteral) this.#attempt(() => this.#finishWord());
    if (this.#state === State.ByteOrderMark) this.#matchByteOrderMark(LF);
    this.#endLine();
    return this.#takeDone();
  }

  #takeDone(): JsonLine[] {
    const done = this.#done;
    this.#done = [];
    return done;
  }

  /** Runs a step of the grammar; a LineError puts the line into Skip. */
  #attempt(step: () => void): void {
    try {
      step();
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      this.#fail(error.message, error.tooLarge);
    }
  }

  /** Refuses the line at once, letting go of everything it built; the rest of it is skipped. */
  #fail(message: string, tooLarge = false): void {
    this.#done.push(tooLarge ? { line: this.#line, error: message, tooLarge } : { line: this.#line, error: message });
    this.#state = State.Skip;
    this.#stack = [];
    this.#value = undefined;
    this.#pieces = [];
  }

  /** A byte outside any token: blanks, brackets, separators, or a token's first byte. */
  #structural(b: number): void {
    if (b === 0x20 || b === 0x09) return;
    this.#blank = false;
    const state = this.#state;
    if (b === BOM[0]) {
      this.#beforeBom = state;
      this.#bomBytes = 1;
      this.#tokenStart = this.#position;
      this.#state = State.ByteOrderMark;
      return;
    }
    switch (state) {
      case State.Value:
      case State.ValueOrClose:
        if (b === 0x5d && state === State.ValueOrClose) return this.#close();
        return this.#startValue(b);
      case State.KeyOrClose:
      case State.Key:
        if (b === 0x7d && state === State.KeyOrClose) return this.#close();
        if (b !== QUOTE) throw this.#unexpected(describeByte(b), this.#position, state);
        return this.#startString(true);
      case State.Colon:
        if (b !== 0x3a) throw this.#unexpected(describeByte(b), this.#position, state);
        this.#state = State.Value;
        return;
      case State.CommaOrClose: {
        const array = Array.isArray(this.#stack[this.#stack.length - 1].container);
        if (b === 0x2c) {
          this.#state = array ? State.Value : State.Key;
          return;
        }
        if (b === (array ? 0x5d : 0x7d)) return this.#close();
        throw this.#unexpected(describeByte(b), this.#position, state);
      }
      case State.Done:
        throw this.#unexpected(describeByte(b), this.#position, state);
      default:
        throw new Error(`unreachable parser state ${state}`);
    }
  }

  /**
   * The next byte after a byte 0xEF that no grammar state accepts. Returns whether it continued
   * U+FEFF; either way the line fails, saying what it found once that is known.
   */
  #matchByteOrderMark(b: number): boolean {
    if (b === BOM[this.#bomBytes]) {
      if (++this.#bomBytes === BOM.length) this.#fail(this.#unexpected('byte order mark (U+FEFF)', this.#tokenStart, this.#beforeBom).message);
      return true;
    }
    this.#fail(this.#unexpected(describeByte(BOM[0]), this.#tokenStart, this.#beforeBom).message);
    return false;
  }

  #startValue(b: number): void {
    const container = b === 0x7b || b === 0x5b;
    const number = b === 0x2d || (b >= 0x30 && b <= 0x39);
    const literal = b >= 0x61 && b <= 0x7a;
    if (b !== QUOTE && !container && !number && !literal) throw this.#unexpected(describeByte(b), this.#position, this.#state);
    if (++this.#values > this.#limits.values) {
      throw new LineError(`more than ${this.#limits.values} values in one line at position ${this.#position}`, true);
    }
    if (b === QUOTE) return this.#startString(false);
    if (number) return this.#startWord(State.InNumber);
    if (literal) return this.#startWord(State.InLiteral);
    const depth = this.#limits.depth;
    if (this.#stack.length >= depth) throw new LineError(`nested deeper than ${depth} levels at position ${this.#position}`, true);
    this.#stack.push({ container: b === 0x7b ? {} : [], key: undefined });
    this.#state = b === 0x7b ? State.KeyOrClose : State.ValueOrClose;
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
        // A line break ends the line even right after a backslash.
        if (b === LF || b === CR) break;
        if (this.#escape) this.#escape = false;
        else if (b === BACKSLASH) this.#escape = true;
        else if (b === QUOTE) break;
        j++;
      }
    }
    if (j > i) {
      this.#pieces.push(chunk.subarray(i, j));
      this.#tokenLength += j - i;
    }
    this.#position += j - i;
    const tooLong = this.#stringTooLong();
    if (tooLong) {
      this.#fail(tooLong, true);
      return j;
    }
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

  /** Why the string read so far passes a bound, if it does. */
  #stringTooLong(): string | undefined {
    const length = this.#tokenLength;
    const { textString, byteString } = this.#limits;
    if (this.#plain && !this.#isKey && length >= this.#byteStrings) {
      if (length > byteString) return `string longer than ${byteString} bytes at position ${this.#tokenStart}; no task takes an input that long`;
    } else if (length > textString) {
      if (this.#isKey) return `key longer than ${textString} bytes at position ${this.#tokenStart}`;
      const bytesAllowed = this.#byteStrings <= textString ? '; only strings of printable ASCII without escapes may be longer' : '';
      return `string longer than ${textString} bytes at position ${this.#tokenStart}${bytesAllowed}`;
    }
    return this.#lineTooLong();
  }

  /** Why the line's keys, strings and numbers, the token read so far included, pass their bound, if they do. */
  #lineTooLong(): string | undefined {
    const { lineBytes } = this.#limits;
    if (this.#lineBytes + this.#tokenLength <= lineBytes) return undefined;
    return `more than ${lineBytes} bytes of keys, strings and numbers in one line at position ${this.#tokenStart}`;
  }

  #finishString(): void {
    const length = this.#tokenLength;
    const pieces = this.#pieces;
    this.#pieces = [];
    this.#lineBytes += length;
    let value: string | Uint8Array;
    if (this.#plain && !this.#isKey && length >= this.#byteStrings) {
      value = concat(pieces, length);
      this.#byteStringCount++;
    } else {
      const bytes = concat(pieces, length);
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        throw new LineError(`bad string at position ${this.#tokenStart}: not valid UTF-8`);
      }
      if (this.#plain) {
        value = text;
      } else {
        try {
          // Escapes and anything unusual: JSON.parse of the string alone says what it means.
          value = JSON.parse(`"${text}"`) as string;
        } catch {
          // Its message may quote the string; ours names the fault.
          throw new LineError(`bad string at position ${this.#tokenStart}: ${stringFault(bytes, this.#tokenStart + 1)}`);
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

  /** Reads number or literal bytes from i; returns where the word stopped (or where it passed its bound). */
  #scanWord(chunk: Uint8Array, i: number): number {
    const number = this.#state === State.InNumber;
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
    if (this.#tokenLength > this.#limits.word) {
      // A literal that long is no literal: the message names its start, as for a short one.
      if (number) this.#fail(`number longer than ${this.#limits.word} bytes at position ${this.#tokenStart}`, true);
      else this.#fail(this.#unexpectedWord().message);
    }
    return j;
  }

  #finishWord(): void {
    if (this.#state === State.InLiteral) {
      const word = asciiText(this.#wordBytes());
      if (!(word in LITERALS)) throw this.#unexpectedWord();
      this.#pieces = [];
      return this.#completeValue(LITERALS[word as keyof typeof LITERALS]);
    }
    const tooLong = this.#lineTooLong();
    if (tooLong) throw new LineError(tooLong, true);
    const word = asciiText(this.#wordBytes());
    this.#pieces = [];
    this.#lineBytes += word.length;
    if (!NUMBER.test(word)) throw new LineError(`bad number ${quote(word)} at position ${this.#tokenStart}`);
    this.#completeValue(Number(word));
  }

  /** The word read so far (at most `MAX_WORD` bytes and a chunk), a view of its chunk if it lies in one. */
  #wordBytes(): Uint8Array {
    const pieces = this.#pieces;
    return pieces.length === 1 ? pieces[0] : concat(pieces, this.#tokenLength);
  }

  /** The literal being read is none of true, false and null. */
  #unexpectedWord(): LineError {
    const start = asciiText(this.#wordBytes().subarray(0, 41));
    return new LineError(`unexpected ${quote(start)} at position ${this.#tokenStart}; expected a value`);
  }

  /** The line ended: its result, unless it was refused already or is blank. */
  #endLine(): void {
    const state = this.#state;
    if (state === State.Done) this.#done.push({ line: this.#line, value: this.#value, byteStrings: this.#byteStringCount });
    else if (state !== State.Skip && (!this.#blank || state !== State.Value)) {
      this.#fail(`the line ends at position ${this.#position} before its value is complete`);
    }
    this.#line++;
    this.#position = 0;
    this.#state = State.Value;
    this.#blank = true;
    this.#stack = [];
    this.#value = undefined;
    this.#pieces = [];
    this.#byteStringCount = 0;
    this.#values = 0;
    this.#lineBytes = 0;
  }

  /** `what` (a byte, described) at `position` is not what `state` expects. */
  #unexpected(what: string, position: number, state: State): LineError {
    return new LineError(`unexpected ${what} at position ${position}; expected ${this.#expected(state)}`);
  }

  /** What the grammar expects next in a state between tokens. */
  #expected(state: State): string {
    switch (state) {
      case State.Value:
      case State.ValueOrClose:
        return 'a value';
      case State.KeyOrClose:
      case State.Key:
        return 'a key in double quotes';
      case State.Colon:
        return '":"';
      case State.CommaOrClose:
        return Array.isArray(this.#stack[this.#stack.length - 1].container) ? '"," or "]"' : '"," or "}"';
      case State.Done:
        return 'the end of the line after the value';
      default:
        throw new Error(`unreachable parser state ${state}`);
    }
  }
}

/** JSON's number grammar. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS = { true: true, false: false, null: null } as const;
// Strict: malformed UTF-8 is an error, not U+FFFD, and a byte order mark is a character like any other.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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

/**
 * Why the bytes between a string's quotes (valid UTF-8, from `start` in the line) are no JSON string:
 * the first raw control character or bad escape.
 */
function stringFault(bytes: Uint8Array, start: number): string {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x20) return `unescaped control character U+${b.toString(16).toUpperCase().padStart(4, '0')} at position ${start + i}`;
    if (b !== BACKSLASH) continue;
    const escaped = bytes[++i];
    if (escaped === 0x75) {
      // \u and four hexadecimal digits.
      if (!/^[0-9a-fA-F]{4}$/.test(asciiText(bytes.subarray(i + 1, i + 5)))) return `bad \\u escape at position ${start + i - 1}`;
      i += 4;
    } else if (!SIMPLE_ESCAPES.has(escaped)) {
      return `bad escape at position ${start + i - 1}`;
    }
  }
  return 'not a JSON string';
}

/** What may follow a backslash besides u: " \ / b f n r t. */
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

/** A byte for an error message: the character if printable ASCII, else its value. */
function describeByte(b: number): string {
  return b >= 0x20 && b < 0x7f ? quote(String.fromCharCode(b)) : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

/** A word for an error message, cut short if long. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 39)}…` : text);
}
