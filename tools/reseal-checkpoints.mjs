#!/usr/bin/env node
// Seals checkpoints written before format version 2: adds the digest of their config and weights
// and, for discrete models, the certificate of their compiled table, without changing a weight
// (the weights are checked to come out as they went in, number for number). Sealing vouches that
// the weights are the ones their training record describes: run it only on files you trust.
//
//   node tools/reseal-checkpoints.mjs [checkpoint.json …]   (default: packages/models/checkpoints/*)
import { readFile } from 'node:fs/promises';
import { compiledRule, modelFromCheckpoint, parseCheckpoint, toCheckpoint } from '@sead/core';
import { shippedCheckpointPath, shippedTasks } from '@sead/models';
import { createRegistry } from '@sead/tasks';
import { saveCheckpoint, useNodeBackend } from '@sead/node';

await useNodeBackend();
const registry = createRegistry();
const paths = process.argv.length > 2 ? process.argv.slice(2) : shippedTasks.map((id) => shippedCheckpointPath(id));
for (const path of paths) {
  const text = await readFile(path, 'utf8');
  const { task: id } = JSON.parse(text);
  const task = registry.get(id);
  // The certificate is computed afresh: an older one may lack fields this version reads.
  const { certificate: _, ...uncertified } = JSON.parse(text);
  const old = parseCheckpoint(JSON.stringify(uncertified), path, task, { allowEdited: true });
  const model = modelFromCheckpoint(old);
  const certificate = model.config.mode === 'discrete' ? compiledRule(model, task).certificate : undefined;
  const sealed = toCheckpoint(model, old.training, certificate);
  model.dispose();
  const before = JSON.parse(text);
  if (JSON.stringify(sealed.weights) !== JSON.stringify(before.weights)) throw new Error(`${path}: its weights are not float32 values; sealing would change them`);
  await saveCheckpoint(path, sealed);
  const exact = certificate?.reference ? (certificate.reference.exact ? 'certified exact' : `not exact (${certificate.reference.mismatches} mismatches)`) : 'no certificate';
  console.log(`${path}: sealed ${sealed.digest}, ${exact}`);
}
