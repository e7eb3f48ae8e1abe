import { mix32 } from '../hash.js';

/**
 * A Zobrist digest of a lattice's state relative to the state where it started, updated in O(1)
 * per changed cell: the XOR over cells of hash(position, symbol now) ^ hash(position, symbol at
 * the start), in two independent 32-bit halves. Two states of one run are equal exactly when (up to
 * a hash collision) their digests are, and the starting state's digest is 0 without reading a cell.
 */
export class StateDigest {
  #a = 0;
  #b = 0;

  /** Cell i changes from one symbol to another. */
  change(i: number, from: number, to: number): void {
    // hash(i, s) = (mix(i) · K[s], mix(mix(i)) · K'[s]), K and K' odd: two mixes per change.
    const a = mix32(i + 0x9e3779b9);
    const b = mix32(a ^ 0x5bd1e995);
    this.#a ^= Math.imul(a, SYMBOL_KEYS[2 * from]) ^ Math.imul(a, SYMBOL_KEYS[2 * to]);
    this.#b ^= Math.imul(b, SYMBOL_KEYS[2 * from + 1]) ^ Math.imul(b, SYMBOL_KEYS[2 * to + 1]);
  }

  /** 53 bits of the digest, as one number. */
  get value(): number {
    return (this.#a >>> 0) * 0x200000 + ((this.#b >>> 0) >>> 11);
  }
}

/** Two odd 32-bit keys per state symbol, for the digest's two halves (a fixed, seeded draw). */
const SYMBOL_KEYS = (() => {
  const keys = new Int32Array(2 * 256);
  let x = 0x2545f491;
  for (let k = 0; k < keys.length; k++) keys[k] = (x = mix32(x + 0x6d2b79f5)) | 1;
  return keys;
})();
