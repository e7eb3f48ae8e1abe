import { describe, expect, it } from 'vitest';
import { seededRandom } from '@sead/tasks';
import { MAX_UNROLLED_TERMS, unrolledBodies, unrolledTerms, type UnrollMode, type UnrollShape } from './cell-codegen.js';
import { backwardLoops, forwardLoops } from './unroll-loops.js';

const fill = <T extends Float32Array | Float64Array>(a: T, random: () => number, scale = 1): T => {
  for (let n = 0; n < a.length; n++) a[n] = (2 * random() - 1) * scale;
  return a;
};

/** Both bodies on the same random data: forward outputs and every backward accumulator. */
function runBoth(shape: UnrollShape, B: number, L: number, T: number, seed: number, mode: UnrollMode) {
  const { C, H, r } = shape;
  const K = 2 * r + 1;
  const random = seededRandom(seed);
  const N = B * L;
  const D = fill(new Float64Array(N * H), random);
  const G = fill(new Float64Array(K * C * H), random);
  const W2 = fill(new Float32Array(H * H), random);
  const b2 = fill(new Float32Array(H), random, 0.2);
  const Wh = fill(new Float32Array(H * C), random);
  const bh = fill(new Float32Array(C), random, 0.2);
  const h0 = Float32Array.from({ length: N * C }, () => random());
  // A discrete unroll has logits, and their gradient, at every step.
  const steps = mode === 'discrete' ? T : 1;
  const dy = fill(new Float32Array(steps * N * C), random);
  const generated = unrolledBodies(shape, mode)!;
  expect(generated).not.toBeNull();
  return [generated, { forward: forwardLoops(shape, mode), backward: backwardLoops(shape, mode) }].map(({ forward, backward }) => {
    const trace = new Float32Array(T * N * (C + 2 * H));
    trace.set(h0);
    const logits = new Float32Array(steps * N * C);
    forward(B, L, T, D, G, W2, b2, Wh, bh, trace, logits);
    const grads = {
      g: Float64Array.from(dy.subarray((steps - 1) * N * C)),
      dh: new Float64Array(N * C),
      dD: new Float64Array(N * H),
      dG: new Float64Array(K * C * H),
      dW2: new Float64Array(H * H),
      db2: new Float64Array(H),
      dWh: new Float64Array(H * C),
      dbh: new Float64Array(C),
    };
    const discrete = mode === 'discrete';
    backward(B, L, T, G, W2, Wh, trace, grads.g, grads.dh, grads.dD, grads.dG, grads.dW2, grads.db2, grads.dWh, grads.dbh, discrete ? logits : null, discrete ? dy : null);
    return { trace, logits, ...grads };
  });
}

describe('generated unroll bodies', () => {
  // Same operations in the same order: the generated code must equal the loops bit for bit.
  it.each(
    (['continuous', 'discrete'] as const).flatMap((mode) => [
      [mode, { C: 2, H: 4, r: 1 }, 3, 7, 4],
      [mode, { C: 4, H: 8, r: 1 }, 2, 16, 5],
      [mode, { C: 3, H: 5, r: 2 }, 2, 3, 3], // lattices shorter than the window
      [mode, { C: 1, H: 3, r: 3 }, 1, 1, 2], // a single cell
      [mode, { C: 3, H: 6, r: 1 }, 4, 9, 1], // one step: the chaos regime
    ] as const),
  )('equal the loops exactly (%s) for %o, B=%i L=%i T=%i', (mode, shape, B, L, T) => {
    const [generated, loops] = runBoth(shape, B, L, T, shape.C * 100 + L, mode);
    expect(generated.logits).toEqual(loops.logits);
    expect(generated.trace).toEqual(loops.trace);
    for (const name of ['g', 'dh', 'dD', 'dG', 'dW2', 'db2', 'dWh', 'dbh'] as const) {
      expect(generated[name], name).toEqual(loops[name]);
      expect(generated[name].some((v) => v !== 0), `${name} is not all zero`).toBe(true);
    }
  });

  it('are not generated for shapes whose unrolled cell is too large', () => {
    const big = { C: 16, H: 32, r: 2 };
    expect(unrolledTerms(big)).toBeGreaterThan(MAX_UNROLLED_TERMS);
    expect(unrolledBodies(big)).toBeNull();
    expect(unrolledBodies(big, 'discrete')).toBeNull();
    expect(unrolledBodies({ C: 4, H: 8, r: 1 })).not.toBeNull();
  });
});
