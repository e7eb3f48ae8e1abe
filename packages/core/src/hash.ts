/**
 * The hashes SEAD uses, in one place: a 32-bit mixer for digests and keys, and 64-bit FNV-1a for
 * identities written to files. Neither is cryptographic: they tell states and weights apart, they
 * do not guard against forgery.
 */

/** A 32-bit integer hash with good avalanche (lowbias32). */
export function mix32(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return h ^ (h >>> 16);
}

/** 64-bit FNV-1a over bytes, fed a byte at a time; `hex` is "fnv1a64:" and 16 hexadecimal digits. */
export class Fnv1a64 {
  #lo = 0x84222325;
  #hi = 0xcbf29ce4;

  byte(byte: number): void {
    this.#lo ^= byte;
    // Multiply the 64-bit state by the FNV prime 0x100000001b3, in 32-bit halves.
    const l = this.#lo >>> 0;
    const carry = Math.floor((l * 0x1b3) / 0x100000000);
    this.#hi = (Math.imul(this.#hi, 0x1b3) + Math.imul(l, 0x100) + carry) >>> 0;
    this.#lo = Math.imul(l, 0x1b3) >>> 0;
  }

  bytes(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.byte(bytes[i]);
  }

  get hex(): string {
    return `fnv1a64:${(this.#hi >>> 0).toString(16).padStart(8, '0')}${(this.#lo >>> 0).toString(16).padStart(8, '0')}`;
  }
}
