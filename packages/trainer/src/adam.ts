import * as tf from '@tensorflow/tfjs-core';

/** Adam's state as plain arrays, for checkpoints. */
export interface AdamState {
  step: number;
  m: number[][];
  v: number[][];
}

/**
 * Adam (Kingma & Ba) over a fixed list of variables. Written out rather than taken from tfjs so
 * that its whole state is serialisable and the bias corrections depend on the step number alone:
 * a run resumed from a checkpoint continues bit for bit.
 *
 * The update runs in plain JavaScript over the weights' values: on a model of a few hundred
 * parameters, a dozen tfjs ops per variable cost more than the arithmetic. Moments are kept in
 * float32, as a tfjs optimizer would keep them.
 *
 * With `clipNorm`, gradients whose global norm (over every variable) exceeds it are scaled down to
 * it first: backpropagation through many projected steps has rare, huge gradients that would
 * otherwise dominate the moments for hundreds of steps.
 */
export class Adam {
  readonly #variables: tf.Variable[];
  #m: Float32Array[];
  #v: Float32Array[];
  #step = 0;

  constructor(
    variables: tf.Variable[],
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-8,
    readonly clipNorm = Infinity,
  ) {
    this.#variables = variables;
    this.#m = variables.map((x) => new Float32Array(x.size));
    this.#v = variables.map((x) => new Float32Array(x.size));
  }

  /** One update with these gradients, in the order of the variables. */
  apply(grads: tf.Tensor[]): void {
    this.#step++;
    const { beta1, beta2, epsilon, learningRate } = this;
    const c1 = 1 - beta1 ** this.#step;
    const c2 = 1 - beta2 ** this.#step;
    const values = grads.map((g) => g.dataSync());
    let squares = 0;
    for (const g of values) for (let n = 0; n < g.length; n++) squares += g[n] * g[n];
    const norm = Math.sqrt(squares);
    const scale = norm > this.clipNorm ? this.clipNorm / norm : 1;
    this.#variables.forEach((x, k) => {
      const g = values[k];
      const m = this.#m[k];
      const v = this.#v[k];
      const next = Float32Array.from(x.dataSync());
      for (let n = 0; n < next.length; n++) {
        const gn = g[n] * scale;
        m[n] = beta1 * m[n] + (1 - beta1) * gn;
        v[n] = beta2 * v[n] + (1 - beta2) * gn * gn;
        next[n] -= (learningRate * (m[n] / c1)) / (Math.sqrt(v[n] / c2) + epsilon);
      }
      x.assign(tf.tensor(next, x.shape, 'float32'));
    });
  }

  state(): AdamState {
    return { step: this.#step, m: this.#m.map((t) => Array.from(t)), v: this.#v.map((t) => Array.from(t)) };
  }

  restore(state: AdamState): void {
    if (state.m.length !== this.#variables.length || state.v.length !== this.#variables.length) {
      throw new Error(`optimizer state holds ${state.m.length} moments, the model has ${this.#variables.length} weights`);
    }
    this.#variables.forEach((x, k) => {
      if (state.m[k].length !== x.size || state.v[k].length !== x.size) {
        throw new Error(`optimizer state for weight ${k} holds ${state.m[k].length} entries, the weight has ${x.size}`);
      }
    });
    this.#step = state.step;
    this.#m = state.m.map((m) => Float32Array.from(m));
    this.#v = state.v.map((v) => Float32Array.from(v));
  }
}
