#!/usr/bin/env node
// Retrains the checkpoints that ship in @sead/models from scratch, with each task's recipe and a
// fixed seed, and writes them atomically, sealed with their digest and the certificate of their
// compiled rule (the trainer's, from the validation that solved them); a grid model, which has no
// table to compile, with the record of its check on the closure of reachable windows. Run
// after a change to a task, the core or the trainer; tools/reseal-checkpoints.mjs seals old ones
// without retraining.
import { saveCheckpoint, useNodeBackend } from '@sead/node';
import { createRegistry } from '@sead/tasks';
import { train } from '@sead/trainer';

const SEED = 7;
await useNodeBackend();
const registry = createRegistry();
const ids = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['parity', 'addition', 'rule110', 'multiplication'];
let failed = false;
for (const id of ids) {
  const task = registry.get(id);
  const result = await train({
    task,
    seed: SEED,
    onEvent: (e) => {
      if (e.type === 'validation') console.log(`${id} iteration ${e.iteration}: ${e.scores.map((s) => `L=${s.length} ${s.correct}/${s.total}`).join(', ')}`);
      if (e.type === 'restart') console.log(`${id} iteration ${e.iteration}: loss stalled, restart ${e.restarts}`);
    },
  });
  const out = new URL(`../packages/models/checkpoints/${id}.json`, import.meta.url);
  await saveCheckpoint(out.pathname, result.checkpoint);
  const c = result.certification;
  const held = c.status === 'checked' ? c.grid.certified : result.checkpoint.certificate?.reference?.exact === true;
  const verdict = c.status === 'checked' ? (held ? `certified exact on the ${c.grid.closure.windows} reachable windows` : 'NOT certified') : held ? 'certified exact' : 'NOT certified';
  console.log(`${id}: ${result.solved ? 'solved' : 'NOT solved'} in ${result.iterations} iterations, ${result.seconds.toFixed(1)} s, ${result.model.parameterCount} parameters, ${verdict}`);
  failed ||= !result.solved || !held;
}
process.exit(failed ? 1 : 0);
