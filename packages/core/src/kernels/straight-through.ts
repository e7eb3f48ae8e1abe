/**
 * The gradient of a discrete unroll's projection, straight through: forward, a step's next state is
 * the one-hot symbol of its logits' argmax, which has no useful derivative; backward, it is taken as
 * if it were their softmax p, so the gradient `dh` at the next state reaches the logits as
 * p ⊙ (dh − ⟨p, dh⟩). Each step's logits also carry their own gradient `dy` (a loss on every step).
 *
 * For the N cells of the step whose logits start at `at` in `logits` and `dy` ([T, N, C]), writes
 * dy + p ⊙ (dh − ⟨p, dh⟩) to `g` [N, C]. One function for the generated bodies and the loops, so
 * the two agree bit for bit.
 */
export function straightThrough(N: number, C: number, at: number, logits: Float32Array, dy: Float32Array, dh: Float64Array, g: Float64Array): void {
  const p = new Float64Array(C);
  for (let cell = 0; cell < N; cell++) {
    const o = at + cell * C;
    let top = logits[o];
    for (let c = 1; c < C; c++) if (logits[o + c] > top) top = logits[o + c];
    let z = 0;
    for (let c = 0; c < C; c++) z += p[c] = Math.exp(logits[o + c] - top);
    let dot = 0;
    for (let c = 0; c < C; c++) dot += (p[c] /= z) * dh[cell * C + c];
    for (let c = 0; c < C; c++) g[cell * C + c] = dy[o + c] + p[c] * (dh[cell * C + c] - dot);
  }
}
