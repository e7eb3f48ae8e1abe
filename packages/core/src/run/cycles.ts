import type { Lattice } from '@sead/tasks';
import type { Lane, StartStepper } from './stepper.js';

/**
 * Brent's cycle finding on a run's state digest: O(1) memory however long the run. It sees a cycle
 * only some steps after its first repeat, at most 3·(μ + λ) steps after it starts looking, where
 * μ is the step the cycle starts at and λ its period; `firstRepeat` then finds μ.
 */
export class CycleFinder {
  #saved = 0;
  #power = 1;
  #lambda = 0;

  /** After a step: whether the state's digest is the one saved (the digest is 0 where the search started). */
  repeats(digest: number): boolean {
    this.#lambda++;
    if (digest === this.#saved) return true;
    if (this.#lambda === this.#power) {
      this.#saved = digest;
      this.#power *= 2;
      this.#lambda = 0;
    }
    return false;
  }

  /** The period λ, once `repeats` said true. */
  get period(): number {
    return this.#lambda;
  }
}

/**
 * μ, the first step of a cycle of period λ: two fresh runs from the start, λ steps apart, step
 * together until their states agree. Returns μ and the symbols at μ + λ, the first repeat (the
 * run ahead's state when they meet).
 */
export function firstRepeat(start: StartStepper, lattice: Lattice, lambda: number): { start: number; symbols: Uint8Array } {
  const behind = start([lattice]);
  const ahead = start([lattice]);
  try {
    // Digests kept from step 0 on both (a search that never saves anything: only the digest is wanted).
    const lane = (): Lane => ({ maxUpdates: Infinity, cycles: new DigestOnly(), status: 'moved', t: 0 });
    const behindLanes = [lane()];
    const aheadLanes = [lane()];
    while (ahead.t < lambda) ahead.advance(ahead.t + 1, aheadLanes);
    while ((behindLanes[0].cycles as DigestOnly).digest !== (aheadLanes[0].cycles as DigestOnly).digest) {
      behind.advance(behind.t + 1, behindLanes);
      ahead.advance(ahead.t + 1, aheadLanes);
    }
    return { start: behind.t, symbols: ahead.symbols(0).slice() };
  } finally {
    behind.dispose();
    ahead.dispose();
  }
}

/** A cycle finder that never finds one and remembers the last digest it was shown. */
class DigestOnly extends CycleFinder {
  digest = 0;
  override repeats(digest: number): boolean {
    this.digest = digest;
    return false;
  }
}
