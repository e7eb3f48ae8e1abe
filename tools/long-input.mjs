#!/usr/bin/env node
// Writes one long JSON input line for `sead predict`, in pieces, never holding it whole: for timing
// the command on inputs of 10^8 digits. Not a test.
//   node tools/long-input.mjs --task addition --family random --length 100000000 > sum.jsonl
//   node tools/long-input.mjs --task addition --family nines --length 100000000 > nines.jsonl
//   node tools/long-input.mjs --task parity --family random --length 10000000 > bits.jsonl
// --check <file> reads a `sead predict` output line for that input and says whether it is exact.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    task: { type: 'string', default: 'addition' },
    family: { type: 'string', default: 'random' },
    length: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    check: { type: 'string' },
  },
});
const L = Number(values.length);
if (!Number.isSafeInteger(L) || L < 1) throw new Error(`--length must be a positive integer, got ${values.length}`);
const PIECE = 1 << 20;

/** A seeded stream of decimal digits (or bits), piece by piece, as ASCII bytes. */
function* randomPieces(n, seed, radix) {
  let s = seed >>> 0;
  for (let done = 0; done < n; done += PIECE) {
    const piece = new Uint8Array(Math.min(PIECE, n - done));
    for (let i = 0; i < piece.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      piece[i] = 48 + ((s >>> 8) % radix);
    }
    yield piece;
  }
}

function* repeated(n, byte) {
  for (let done = 0; done < n; done += PIECE) yield new Uint8Array(Math.min(PIECE, n - done)).fill(byte);
}

/** The line's fields in order: [name, pieces of its digits]. */
function fields() {
  const seed = Number(values.seed);
  const { task, family } = values;
  if (task === 'addition' && family === 'random') return [['a', () => randomPieces(L, seed, 10)], ['b', () => randomPieces(L, seed + 1, 10)]];
  if (task === 'addition' && family === 'nines') return [['a', () => repeated(L, 57)], ['b', () => repeated(1, 49)]];
  if (task === 'parity' && family === 'random') return [['bits', () => randomPieces(L, seed, 2)]];
  if (task === 'parity' && family === 'ones') return [['bits', () => repeated(L, 49)]];
  throw new Error(`unknown --task/--family ${task}/${family}; use addition random|nines or parity random|ones`);
}

async function write(bytes) {
  if (!process.stdout.write(bytes)) await once(process.stdout, 'drain');
}

/** The expected answer's digits, most significant first, without building it whole. */
function* expectedPieces() {
  const [[, first], second] = fields();
  if (values.task === 'parity') {
    let parity = 0;
    for (const piece of first()) for (const byte of piece) parity ^= byte - 48;
    yield Uint8Array.of(48 + parity);
    return;
  }
  // Addition runs from the least significant end: materialise both operands as bytes (2 bytes a digit).
  const a = concat(first(), L);
  const b = concat(second[1](), values.family === 'nines' ? 1 : L);
  const n = Math.max(a.length, b.length);
  const sum = new Uint8Array(n + 1);
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const s = (i < a.length ? a[a.length - 1 - i] - 48 : 0) + (i < b.length ? b[b.length - 1 - i] - 48 : 0) + carry;
    sum[n - i] = 48 + (s % 10);
    carry = s >= 10 ? 1 : 0;
  }
  sum[0] = 48 + carry;
  let start = 0;
  while (start < n && sum[start] === 48) start++;
  yield sum.subarray(start);
}

function concat(pieces, n) {
  const out = new Uint8Array(n);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

if (values.check === undefined) {
  const list = fields();
  await write('{');
  for (const [k, [name, pieces]] of list.entries()) {
    await write(`${k > 0 ? ',' : ''}"${name}":"`);
    for (const piece of pieces()) await write(piece);
    await write('"');
  }
  await write('}\n');
} else {
  // The reply is {"output":"<digits>","steps":N,"converged":B}: compare its digits byte for byte.
  const reply = readFileSync(values.check);
  const prefix = Buffer.from('{"output":"');
  const end = reply.indexOf(0x22, prefix.length);
  if (!reply.subarray(0, prefix.length).equals(prefix) || end < 0) throw new Error(`${values.check} does not hold an answer line`);
  const rest = JSON.parse(`{"output":""${reply.subarray(end + 1).toString('latin1')}`);
  const [expected] = expectedPieces();
  const exact = Buffer.from(expected.buffer, expected.byteOffset, expected.length).equals(reply.subarray(prefix.length, end));
  console.log(JSON.stringify({ digits: end - prefix.length, steps: rest.steps, converged: rest.converged, exact }));
  if (!exact) process.exitCode = 1;
}
