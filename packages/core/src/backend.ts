import * as tf from '@tensorflow/tfjs-core';

/**
 * Backends plug in by name: a loader imports the package that registers the backend. The core
 * itself never imports one; `cpu` is registered by default for Node and any app can add more
 * (`registerBackendLoader('webgl', () => import('@tensorflow/tfjs-backend-webgl'))`).
 */
const loaders = new Map<string, () => Promise<unknown>>([['cpu', () => import('@tensorflow/tfjs-backend-cpu')]]);

export function registerBackendLoader(name: string, load: () => Promise<unknown>): void {
  loaders.set(name, load);
}

/** Names of the backends that are registered or can be loaded. */
export function availableBackends(): string[] {
  return [...new Set([...loaders.keys(), ...Object.keys(tf.engine().registryFactory)])];
}

/** Makes `name` the active backend, loading its package first when needed. */
export async function useBackend(name: string): Promise<string> {
  if (!tf.findBackendFactory(name)) {
    const load = loaders.get(name);
    if (!load) throw new Error(`unknown backend "${name}"; available: ${availableBackends().join(', ')}`);
    await load();
  }
  if (!(await tf.setBackend(name))) throw new Error(`backend "${name}" failed to initialise`);
  await tf.ready();
  return tf.getBackend();
}
