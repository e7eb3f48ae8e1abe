import * as tf from '@tensorflow/tfjs-core';
import { registerBackendLoader, useBackend } from '@sead/core';
import { registerJsUnrollKernels } from '@sead/core/kernels';

// The backends a Node process can use: the pure-JavaScript cpu one, and WebAssembly. The wasm
// backend has no gradient kernels of its own, so it trains through SEAD's fused JavaScript ones.
registerBackendLoader('cpu', () => import('@tensorflow/tfjs-backend-cpu'));
registerBackendLoader('wasm', async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerJsUnrollKernels('wasm');
});

/** The backends `useNodeBackend` takes. */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const;

/**
 * Makes `name` (cpu unless told otherwise, or wasm) the active backend, loading its package the
 * first time. tfjs's production mode comes on with it: its debug checks and its console notices
 * (the "looks like you are running TensorFlow.js in Node.js" banner) are for tfjs developers, not
 * for a program that runs SEAD.
 */
export async function useNodeBackend(name: (typeof NODE_BACKENDS)[number] = 'cpu'): Promise<string> {
  if (!tf.env().getBool('PROD')) tf.enableProdMode();
  return useBackend(name);
}
