import * as tf from '@tensorflow/tfjs-core';
import { availableBackends, registerBackendLoader, registerJsUnrollKernels, useBackend } from '@sead/core';
import type { OptionValues } from './args.js';
import { UsageError } from './errors.js';

// The CLI ships the WebAssembly backend as an alternative to the pure-JS cpu one. It has no
// gradient kernels of its own, so it trains through SEAD's fused JavaScript training kernels.
registerBackendLoader('wasm', async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerJsUnrollKernels('wasm');
});

let quiet = false;

/** Production mode, once per process: skips tfjs's debug checks and its console banner. */
export function quietTensorflow(): void {
  if (quiet) return;
  tf.enableProdMode();
  quiet = true;
}

/** Activates the backend named by --backend (default cpu) and returns its name. */
export async function selectBackend(name: OptionValues[string]): Promise<string> {
  quietTensorflow();
  const wanted = typeof name === 'string' && name !== '' ? name : 'cpu';
  if (!availableBackends().includes(wanted)) {
    throw new UsageError(`unknown backend "${wanted}"; available: ${availableBackends().join(', ')}`);
  }
  return useBackend(wanted);
}
