import * as tf from '@tensorflow/tfjs-core';
import { registerBackendLoader, useBackend } from '@sead/core';

export interface BackendInUse {
  /** The tfjs backend every tensor of the page's live runs lives on. */
  readonly name: string;
  /** Why it is not webgl, when it is not. */
  readonly fallback?: string;
}

// The page's backends: webgl for the live runs, cpu when WebGL is unavailable and in the worker.
registerBackendLoader('webgl', () => import('@tensorflow/tfjs-backend-webgl'));
registerBackendLoader('cpu', () => import('@tensorflow/tfjs-backend-cpu'));

/**
 * Starts tfjs on webgl, or on cpu when WebGL is unavailable (or `requested` is "cpu"), and says
 * which and why. The model's dense step then runs as tfjs ops on that backend: the fused
 * `SeadStep` kernel of @sead/core is registered for cpu only, so webgl runs the composite step.
 */
export async function startBackend(requested: string | null): Promise<BackendInUse> {
  tf.enableProdMode();
  if (requested === 'cpu') return { name: await useBackend('cpu'), fallback: 'chosen with ?backend=cpu in the address' };
  if (requested !== null && requested !== 'webgl') throw new RangeError(`unknown backend "${requested}" in the address; use webgl or cpu`);
  try {
    return { name: await useBackend('webgl') };
  } catch {
    return { name: await useBackend('cpu'), fallback: webglAvailable() ? 'the webgl backend failed to start' : 'WebGL is unavailable in this browser' };
  }
}

function webglAvailable(): boolean {
  const canvas = document.createElement('canvas');
  return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) !== null;
}
