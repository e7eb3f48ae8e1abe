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
 */
export class Adam {
  readonly #variables: tf.Variable[];
  readonly #m: tf.Variable[];
  readonly #v: tf.Variable[];
  #step = 0;

  constructor(
    variables: tf.Variable[],
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-8,
  ) {
    this.#variables = variables;
    this.#m = variables.map((x) => tf.variable(tf.zerosLike(x), false));
    this.#v = variables.map((x) => tf.variable(tf.zerosLike(x), false));
  }

  /** One update with these gradients, in the order of the variables. */
  apply(grads: tf.Tensor[]): void {
    this.#step++;
    const c1 = 1 - this.beta1 ** this.#step;
    const c2 = 1 - this.beta2 ** this.#step;
    tf.tidy(() => {
      this.#variables.forEach((x, k) => {
        const g = grads[k];
        const m = tf.add(tf.mul(this.#m[k], this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(this.#v[k], this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        this.#m[k].assign(m);
        this.#v[k].assign(v);
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), this.epsilon));
        x.assign(tf.sub(x, tf.mul(update, this.learningRate)));
      });
    });
  }

  state(): AdamState {
    return { step: this.#step, m: this.#m.map((t) => Array.from(t.dataSync())), v: this.#v.map((t) => Array.from(t.dataSync())) };
  }

  restore(state: AdamState): void {
    if (state.m.length !== this.#variables.length || state.v.length !== this.#variables.length) {
      throw new Error(`optimizer state holds ${state.m.length} moments, the model has ${this.#variables.length} weights`);
    }
    this.#step = state.step;
    this.#variables.forEach((x, k) => {
      this.#m[k].assign(tf.tensor(state.m[k], x.shape));
      this.#v[k].assign(tf.tensor(state.v[k], x.shape));
    });
  }

  dispose(): void {
    tf.dispose([...this.#m, ...this.#v]);
  }
}
