/**
 * SEAD where Node is: the backends a Node process runs on ({@link useNodeBackend}: cpu by default,
 * or wasm) and the files it keeps (checkpoints, and any file written atomically). The other
 * packages run anywhere tfjs does.
 *
 * @packageDocumentation
 */
export { NODE_BACKENDS, useNodeBackend } from './backend.js';
export { removeStaleTemporaries, writeFileAtomic } from './atomic-file.js';
export { loadCheckpoint, readCheckpointText, saveCheckpoint } from './checkpoint-file.js';
