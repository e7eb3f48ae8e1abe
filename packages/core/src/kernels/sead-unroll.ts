import * as tf from '@tensorflow/tfjs-core';

/**
 * Kernel names and the gradient configs of the unroll ops (`unrollLogits` and
 * `projectedUnrollLogits` in ../unroll.ts).
 *
 * `steps` SEAD steps as one op, for training: the logits of the last step, where every earlier
 * step feeds σ(logits) forward as the next state:
 *
 *   h_t = σ(stepLogits(h_{t−1})) for t < T,   returns stepLogits(h_{T−1})
 *
 * Backpropagation through time over tiny tensors is all per-op overhead when it is spelled out op
 * by op, so a backend may register a fused forward kernel `SeadUnroll` together with its gradient
 * kernel `SeadUnrollGrad`. Where a backend has both, this is one kernel call forward and one back;
 * anywhere else the same equation runs as composite ops and tfjs differentiates those.
 */
export const SeadUnroll = 'SeadUnroll';
export const SeadUnrollGrad = 'SeadUnrollGrad';

/**
 * The discrete unroll: every step's logits [T, B, L, C], where each step's input is the one-hot
 * symbol of the previous step's argmax (h0 at the first), as a discrete model runs; differentiated
 * straight through the projection (straight-through.ts). Fused as `SeadProjectedUnroll` and its
 * gradient kernel `SeadProjectedUnrollGrad`, under the same terms as `SeadUnroll`.
 */
export const SeadProjectedUnroll = 'SeadProjectedUnroll';
export const SeadProjectedUnrollGrad = 'SeadProjectedUnrollGrad';

/** The inputs of both unroll kernels: input features [B, L, F], the state h0 [B, L, C] and the weights. */
export const UNROLL_INPUTS = ['x', 'h0', 'We', 'Ws', 'W1', 'b1', 'W2', 'b2', 'Wh', 'bh'] as const;

/**
 * The gradient of an unroll kernel. The forward kernel returns, besides the logits, a trace of what
 * backpropagation needs (the states and hidden activations of every step), saved here as an output,
 * so the gradient kernel does not run the forward pass again. A discrete unroll's gradient also
 * reads its logits, which the straight-through projection differentiates.
 */
function unrollGradConfig(kernelName: string, gradKernelName: string, savesLogits: boolean): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: [...UNROLL_INPUTS],
    outputsToSave: [savesLogits, true],
    gradFunc: (dy, saved, attrs) => {
      const [dLogits] = dy as tf.Tensor[];
      const inputs = Object.fromEntries(UNROLL_INPUTS.map((name, k) => [name, saved[k]]));
      const outputs = saved.slice(UNROLL_INPUTS.length);
      const trace = outputs[outputs.length - 1];
      const logits = savesLogits ? { logits: outputs[0] } : {};
      // The kernel returns the gradient at the embedding e = x·W_e in place of x's: features are
      // data, so x's gradient is formed only when something asks for it.
      const [de, ...grads] = tf.engine().runKernel(gradKernelName, { ...inputs, ...logits, trace, dy: dLogits } as never, attrs as never) as tf.Tensor[];
      const [B, L, F] = inputs.x.shape;
      const E = inputs.We.shape[1] as number;
      const dx = () => tf.reshape(tf.matMul(tf.reshape(de, [B * L, E]), inputs.We as tf.Tensor2D, false, true), [B, L, F]);
      return { x: dx, ...Object.fromEntries(UNROLL_INPUTS.slice(1).map((name, k) => [name, () => grads[k]])) };
    },
  };
}

export const seadUnrollGradConfig = unrollGradConfig(SeadUnroll, SeadUnrollGrad, false);
export const seadProjectedUnrollGradConfig = unrollGradConfig(SeadProjectedUnroll, SeadProjectedUnrollGrad, true);
