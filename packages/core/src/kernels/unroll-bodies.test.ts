import { describe, expect, it } from 'vitest';
import { seededRandom } from '@sead/tasks';
import { MAX_UNROLLED_TERMS, unrolledBodies, unrolledTerms, unrollShape, type UnrollMode, type UnrollShape } from './cell-codegen.js';
import { backwardLoops, forwardLoops } from './unroll-loops.js';

const fill = <T extends Float32Array | Float64Array>(a: T, random: () => number, scale = 1): T => {
  for (let n = 0; n < a.length; n++) a[n] = (2 * random() - 1) * scale;
  return a;
};

/** Both bodies on the same random data: forward outputs and every backward accumulator (lattices of `columns` cells a row). */
function runBoth(shape: UnrollShape, B: number, L: number, columns: number, T: number, seed: number, mode: UnrollMode) {
  const { C, H } = shape;
  const K = shape.offsets.length;
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
    forward(B, L, columns, T, D, G, W2, b2, Wh, bh, trace, logits);
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
    backward(B, L, columns, T, G, W2, Wh, trace, grads.g, grads.dh, grads.dD, grads.dG, grads.dW2, grads.db2, grads.dWh, grads.dbh, discrete ? logits : null, discrete ? dy : null);
    return { trace, logits, ...grads };
  });
}

describe('generated unroll bodies', () => {
  // Same operations in the same order: the generated code must equal the loops bit for bit.
  // [C, H, radius, grid], B, L, columns (L for rows), T.
  it.each(
    (['continuous', 'discrete'] as const).flatMap((mode) => [
      [mode, [2, 4, 1, false], 3, 7, 7, 4],
      [mode, [4, 8, 1, false], 2, 16, 16, 5],
      [mode, [3, 5, 2, false], 2, 3, 3, 3], // lattices shorter than the window
      [mode, [1, 3, 3, false], 1, 1, 1, 2], // a single cell
      [mode, [3, 6, 1, false], 4, 9, 9, 1], // one step: the chaos regime
      [mode, [5, 6, 1, true], 2, 15, 5, 3], // 3 × 5 grids
      [mode, [2, 4, 1, true], 3, 6, 6, 2], // grids of one row
      [mode, [2, 4, 1, true], 2, 4, 1, 3], // grids of one column
      [mode, [3, 4, 2, true], 2, 12, 4, 2], // 3 × 4 grids, radius 2
      [mode, [2, 3, 2, true], 1, 4, 2, 1], // a 2 × 2 grid, narrower than the window
    ] as const),
  )('equal the loops exactly (%s) for [C, H, r, grid] %o, B=%i L=%i columns=%i T=%i', (mode, [C, H, r, grid], B, L, columns, T) => {
    const shape = unrollShape(C, H, r, grid);
    const [generated, loops] = runBoth(shape, B, L, columns, T, C * 100 + L, mode);
    expect(generated.logits).toEqual(loops.logits);
    expect(generated.trace).toEqual(loops.trace);
    for (const name of ['g', 'dh', 'dD', 'dG', 'dW2', 'db2', 'dWh', 'dbh'] as const) {
      expect(generated[name], name).toEqual(loops[name]);
      expect(generated[name].some((v) => v !== 0), `${name} is not all zero`).toBe(true);
    }
  });

  it('are not generated for shapes whose unrolled cell is too large', () => {
    const big = unrollShape(16, 32, 2, false);
    expect(unrolledTerms(big)).toBeGreaterThan(MAX_UNROLLED_TERMS);
    expect(unrolledBodies(big)).toBeNull();
    expect(unrolledBodies(big, 'discrete')).toBeNull();
    expect(unrolledBodies(unrollShape(4, 8, 1, false))).not.toBeNull();
    // A grid's window is (2r + 1) times a row's: a shape a row unrolls, a grid may not.
    expect(unrolledBodies(unrollShape(8, 16, 2, false))).not.toBeNull();
    expect(unrolledBodies(unrollShape(8, 16, 2, true))).toBeNull();
  });
});
