import type { BackwardBody, ForwardBody, UnrollMode, UnrollShape } from './cell-codegen.js';
import { cellScratch, cellStep, inside } from './cell-loops.js';
import { straightThrough } from './straight-through.js';

/**
 * The per-step bodies of `SeadUnroll` and its gradient as plain loops: the reference the generated
 * straight-line bodies (cell-codegen.ts) are tested against, and what shapes too large to unroll run.
 * Trace layout and arguments as there.
 */

/**
 * The steps, first to last: each cell's step (cell-loops.ts), its activations kept in the trace, and
 * the next state: σ(logits), or in a discrete unroll the one-hot symbol of their argmax, with every
 * step's logits kept.
 */
export const forwardLoops =
  (shape: UnrollShape, mode: UnrollMode = 'continuous'): ForwardBody =>
  (B, L, columns, T, D, G, W2, b2, Wh, bh, trace, logits) => {
    const { C, H } = shape;
    const N = B * L;
    const rows = L / columns;
    const block = N * (C + 2 * H);
    const weights = { D, G, W2, b2, Wh, bh };
    const s = cellScratch(shape);
    for (let t = 0; t < T; t++) {
      const hAt = t * block; // h_t
      const a1At = hAt + N * C;
      const a2At = a1At + N * H;
      const last = t === T - 1;
      for (let cell = 0; cell < N; cell++) {
        const i = cell % L;
        const x = i % columns;
        cellStep(shape, weights, trace, hAt, rows, columns, cell, (i - x) / columns, x, s);
        trace.set(s.a1, a1At + cell * H);
        trace.set(s.a2, a2At + cell * H);
        if (mode === 'discrete') {
          let best = 0;
          for (let c = 0; c < C; c++) {
            logits[(t * N + cell) * C + c] = s.logits[c];
            if (s.logits[c] > s.logits[best]) best = c;
          }
          if (!last) for (let c = 0; c < C; c++) trace[hAt + block + cell * C + c] = c === best ? 1 : 0;
          continue;
        }
        for (let c = 0; c < C; c++) {
          if (last) logits[cell * C + c] = s.logits[c];
          else trace[hAt + block + cell * C + c] = 1 / (1 + Math.exp(-s.logits[c]));
        }
      }
    }
  };

/** The gradient's steps, last to first, as plain loops. */
export const backwardLoops =
  (shape: UnrollShape, mode: UnrollMode = 'continuous'): BackwardBody =>
  (B, L, columns, T, G, W2, Wh, trace, g, dh, dD, dG, dW2, db2, dWh, dbh, logits, dy) => {
    const { C, H, offsets } = shape;
    const N = B * L;
    const rows = L / columns;
    const block = N * (C + 2 * H);
    const da1 = new Float64Array(H);
    const da2 = new Float64Array(H);
    for (let t = T - 1; t >= 0; t--) {
      const hAt = t * block;
      const a1At = hAt + N * C;
      const a2At = a1At + N * H;
      dh.fill(0);
      for (let cell = 0; cell < N; cell++) {
        const i = cell % L;
        const x = i % columns;
        const y = (i - x) / columns;
        for (let c = 0; c < C; c++) dbh[c] += g[cell * C + c];
        for (let v = 0; v < H; v++) {
          const a = trace[a2At + cell * H + v];
          let s = 0;
          for (let c = 0; c < C; c++) {
            dWh[v * C + c] += a * g[cell * C + c];
            s += Wh[v * C + c] * g[cell * C + c];
          }
          da2[v] = a > 0 ? s : 0;
          db2[v] += da2[v];
        }
        for (let u = 0; u < H; u++) {
          const a = trace[a1At + cell * H + u];
          let s = 0;
          for (let v = 0; v < H; v++) {
            dW2[u * H + v] += a * da2[v];
            s += W2[u * H + v] * da2[v];
          }
          da1[u] = a > 0 ? s : 0;
          dD[cell * H + u] += da1[u];
        }
        // Back through the window: tap k's gradient, and the neighbour's state's, at the offset it read.
        for (let k = 0; k < offsets.length; k++) {
          if (!inside(offsets[k], rows, columns, y, x)) continue;
          const src = (cell + offsets[k][0] * columns + offsets[k][1]) * C;
          for (let c = 0; c < C; c++) {
            const v = trace[hAt + src + c];
            const row = (k * C + c) * H;
            let s = 0;
            for (let u = 0; u < H; u++) {
              dG[row + u] += v * da1[u];
              s += G[row + u] * da1[u];
            }
            dh[src + c] += s;
          }
        }
      }
      if (t > 0 && mode === 'discrete') {
        straightThrough(N, C, (t - 1) * N * C, logits!, dy!, dh, g);
      } else if (t > 0) {
        // h_t = σ(logits of step t): back through the sigmoid to the previous step's logits.
        for (let n = 0; n < N * C; n++) {
          const y = trace[hAt + n];
          g[n] = dh[n] * y * (1 - y);
        }
      }
    }
  };
