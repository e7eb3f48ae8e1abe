/** Whether a window of position codes can occur: the centre inside, and outside only at the ends. */
export function possible(codes: ArrayLike<number>, radius: number): boolean {
  if (codes[radius] === 0) return false;
  for (let k = radius - 1; k >= 0; k--) if (codes[k] !== 0 && codes[k + 1] === 0) return false;
  for (let k = radius + 1; k < codes.length; k++) if (codes[k] !== 0 && codes[k - 1] === 0) return false;
  return true;
}

/**
 * The windows of a table in index order (position 0 counts fastest: index = Σ_k code_k · base^k),
 * and whether each can occur: that depends only on which positions lie outside (code 0), kept as a
 * bit mask, so it costs a lookup per window.
 */
export class Windows {
  readonly codes: Int32Array;
  possible: boolean;
  readonly #base: number;
  readonly #byZeros: boolean[];
  #zeros: number;

  constructor(radius: number, base: number) {
    const W = 2 * radius + 1;
    this.codes = new Int32Array(W);
    this.#base = base;
    this.#byZeros = Array.from({ length: 1 << W }, (_, mask) => possible(Array.from({ length: W }, (_, k) => ((mask >> k) & 1 ? 0 : 1)), radius));
    this.#zeros = (1 << W) - 1;
    this.possible = this.#byZeros[this.#zeros];
  }

  /** Moves to the next window; returns the highest position whose code changed. */
  next(): number {
    const codes = this.codes;
    let k = 0;
    while (++codes[k] === this.#base) {
      codes[k] = 0;
      this.#zeros |= 1 << k++;
    }
    if (codes[k] === 1) this.#zeros &= ~(1 << k);
    this.possible = this.#byZeros[this.#zeros];
    return k;
  }
}
