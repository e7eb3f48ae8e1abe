import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointIntegrity, MAX_CHECKPOINT_BYTES, SeadModel, toCheckpoint, type Checkpoint } from '@sead/core';
import { addition, parity } from '@sead/tasks';
import { useNodeBackend } from './backend.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint-file.js';

let dir: string;
let checkpoint: Checkpoint;
beforeAll(async () => {
  await useNodeBackend();
  dir = await mkdtemp(join(tmpdir(), 'sead-node-'));
  const model = SeadModel.create(parity, parity.recipe!.model, 'discrete', 1);
  checkpoint = toCheckpoint(model, { regime: 'chaos', seed: 1, iterations: 0, seconds: 0, validation: {} });
  model.dispose();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkpoint files', () => {
  it('are written atomically, leave no temporary file behind, and load back as they were', async () => {
    const path = join(dir, 'parity.json');
    await writeFile(path, 'old contents');
    await saveCheckpoint(path, checkpoint);
    expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
    expect(await loadCheckpoint(path, parity)).toEqual(JSON.parse(await readFile(path, 'utf8')));
    await expect(loadCheckpoint(join(dir, 'nope.json'))).rejects.toThrow(/checkpoint .*nope\.json does not exist/);
    await expect(loadCheckpoint(path, addition)).rejects.toThrow(/trained for task "parity", not "addition"/);
  });

  it('refuse a file larger than any checkpoint before reading it', async () => {
    const path = join(dir, 'huge.json');
    // Sparse: the size is there, the bytes are not, and nothing reads them.
    await writeFile(path, '');
    await truncate(path, MAX_CHECKPOINT_BYTES + 1);
    await expect(loadCheckpoint(path, parity)).rejects.toThrow(`checkpoint ${path} is ${MAX_CHECKPOINT_BYTES + 1} bytes; a checkpoint is at most ${MAX_CHECKPOINT_BYTES} (128 MiB)`);
  });

  it('refuse a hand-edited checkpoint unless asked to load it, and then say it was edited', async () => {
    const path = join(dir, 'edited.json');
    const json = JSON.parse(JSON.stringify(checkpoint));
    json.weights.bh[0] += 0.25;
    await writeFile(path, JSON.stringify(json));
    await expect(loadCheckpoint(path, parity)).rejects.toThrow(`checkpoint ${path}: config and weights do not match their digest: edited or corrupted`);
    const edited = await loadCheckpoint(path, parity, { allowEdited: true });
    expect(edited.weights.bh[0]).toBe(json.weights.bh[0]);
    expect(checkpointIntegrity(edited).status).toBe('edited');
  });

  it('a failed write keeps the old checkpoint', async () => {
    await expect(saveCheckpoint(join(dir, 'no-such-dir', 'x.json'), checkpoint)).rejects.toThrow();
    const path = join(dir, 'keep.json');
    await saveCheckpoint(path, checkpoint);
    const before = await readFile(path, 'utf8');
    const circular = { ...checkpoint } as Record<string, unknown>;
    circular.self = circular;
    await expect(saveCheckpoint(path, circular as never)).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe(before);
  });
});

