import * as tf from '@tensorflow/tfjs-core';

/**
 * Backends plug in by name: a loader imports the package that registers the backend. The core
 * itself never imports one: an app registers the loaders of the backends it ships
 * (`registerBackendLoader('webgl', () => import('@tensorflow/tfjs-backend-webgl'))`), and
 * `@sead/node` registers cpu and wasm for Node. A backend registered by importing its package
 * directly is used as it is.
 */
const loaders = new Map<string, () => Promise<unknown>>();

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
