#!/usr/bin/env node
// Retrains the checkpoints that ship in @sead/models from scratch, with each task's recipe and a
// fixed seed, and writes them atomically, sealed with their digest and the certificate of their
// compiled rule (the trainer's, from the validation that solved them); a grid model, which has no
// table to compile, with the record of its check on the closure of reachable windows. Run
// after a change to a task, the core or the trainer; tools/reseal-checkpoints.mjs seals old ones
// without retraining.
import { shippedCheckpointPath, shippedTasks } from '@sead/models';
import { saveCheckpoint, useNodeBackend } from '@sead/node';
import { createRegistry } from '@sead/tasks';
import { train } from '@sead/trainer';

//
//   node tools/train-shipped-models.mjs [task…]             the recipes' models, seed 7
//   node tools/train-shipped-models.mjs --smallest [task…]  the smallest certified shapes
const SEED = 7;
/**
 * The smallest shapes `sead sweep` certified (README, "How small a rule can be"), each trained as
 * the sweep trained it: chaos, its budget of 4,000 iterations, the seed that certified it.
 */
const SMALLEST = {
  parity: { shape: { embedding: 1, hidden: 2, radius: 1 }, seed: 6 },
  addition: { shape: { embedding: 1, hidden: 1, radius: 1 }, seed: 1 },
  rule110: { shape: { embedding: 1, hidden: 2, radius: 1 }, seed: 5 },
  'parity:bit': { shape: { embedding: 1, hidden: 2, radius: 1 }, seed: 1 },
  'addition:digit-sum': { shape: { embedding: 1, hidden: 1, radius: 1 }, seed: 1 },
};
await useNodeBackend();
const registry = createRegistry();
const args = process.argv.slice(2);
const smallest = args.includes('--smallest');
const named = args.filter((a) => a !== '--smallest');
const ids = named.length > 0 ? named : smallest ? Object.keys(SMALLEST) : [...shippedTasks];
let failed = false;
for (const id of ids) {
  const task = registry.get(id);
  const small = smallest ? SMALLEST[id] : undefined;
  if (smallest && !small) throw new Error(`no smallest shape is known for task "${id}"; known: ${Object.keys(SMALLEST).join(', ')}`);
  // Where @sead/models ships it (its checkpoints/ folder, beside its dist/).
  const out = shippedCheckpointPath(id, smallest ? 'smallest' : 'recipe');
  if (out === undefined) throw new Error(`@sead/models ships no ${smallest ? 'smallest ' : ''}checkpoint of task "${id}"`);
  const result = await train({
    task,
    seed: small?.seed ?? SEED,
    ...(small && { regime: 'chaos', model: { channels: task.stateSymbols.length, ...small.shape }, maxIterations: 4000 }),
    onEvent: (e) => {
      if (e.type === 'validation') console.log(`${id} iteration ${e.iteration}: ${e.scores.map((s) => `L=${s.length} ${s.correct}/${s.total}`).join(', ')}`);
      if (e.type === 'restart') console.log(`${id} iteration ${e.iteration}: loss stalled, restart ${e.restarts}`);
    },
  });
  await saveCheckpoint(out, result.checkpoint);
  const c = result.certification;
  const held = c.status === 'checked' ? c.grid.certified : result.checkpoint.certificate?.reference?.exact === true;
  const verdict = c.status === 'checked' ? (held ? `certified exact on the ${c.grid.closure.windows} reachable windows` : 'NOT certified') : held ? 'certified exact' : 'NOT certified';
  console.log(`${id}: ${result.solved ? 'solved' : 'NOT solved'} in ${result.iterations} iterations, ${result.seconds.toFixed(1)} s, ${result.model.parameterCount} parameters, ${verdict}`);
  failed ||= !result.solved || !held;
}
process.exit(failed ? 1 : 0);
