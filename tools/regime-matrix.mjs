#!/usr/bin/env node
// Trains every task in every training regime it supports, from scratch, over several seeds, and
// prints the success rates as Markdown: the regime table in the README. Relax regimes train from
// examples alone (ignoreRule: the reference rule is neither trained on nor certified against, and
// "solved" means every validation answer exact); chaos imitates the rule and is solved when its
// rule is certified. Every solved discrete model is then run far beyond training on the sparse
// engine, as `sead predict` runs it: fixed-point tasks at L = 10^6 on a random instance and every
// adversarial family, Rule 110 for 10^4 steps at width 10^4, each answer checked against the
// task's solver, with the cell updates per cell the engine computed (at most 64 a cell for a
// fixed-point task: a model that has not settled by then is reported as not settling). Not a test.
//
//   node tools/regime-matrix.mjs [--seeds 10] [--tasks parity,addition,rule110,subtraction]
//        [--regimes relax,relax-readout,relax-continuous,chaos] [--max-seconds 180] [--no-long]
//
// relax-readout is relax with a loss on the task's readout cell alone (tasks that designate one).
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runLattice } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { createRegistry } from '@sead/tasks';
import { regimeProblem, train } from '@sead/trainer';
import { subtraction } from '@sead/example-custom-task';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    tasks: { type: 'string', default: 'parity,addition,rule110,subtraction' },
    regimes: { type: 'string', default: 'relax,relax-readout,relax-continuous,chaos' },
    'max-seconds': { type: 'string', default: '180' },
    'no-long': { type: 'boolean', default: false },
  },
});
const seeds = Array.from({ length: Number(values.seeds) }, (_, k) => k + 1);
const maxSeconds = Number(values['max-seconds']);
const registry = createRegistry().register(subtraction);
await useNodeBackend();

/** How a row of the matrix trains: the trainer's regime and options. */
const REGIMES = {
  relax: { regime: 'relax', ignoreRule: true },
  'relax-readout': { regime: 'relax', ignoreRule: true, supervision: 'readout' },
  'relax-continuous': { regime: 'relax-continuous', ignoreRule: true },
  chaos: { regime: 'chaos' },
};

const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fixed = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

/** The model far beyond training: every answer checked, the engine's cell updates per cell, the time. */
function farRuns(model, task) {
  const L = task.dynamics === 'rollout' ? 10_000 : 1_000_000;
  const random = (() => {
    let s = 12345;
    return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  })();
  const instances = [{ family: 'random', instance: task.random(L, random) }, ...task.adversarial(L)];
  return instances.map(({ family, instance }) => {
    const lattice = task.encode(instance);
    const started = performance.now();
    // A quiet model updates a cell a handful of times; one that is not gets 64 updates a cell (a
    // rollout, its K steps), and is reported as not settling.
    const maxUpdates = lattice.length * (task.dynamics === 'rollout' ? lattice.steps + 1 : 64);
    const run = runLattice(model, task, lattice, { engine: 'sparse', maxUpdates });
    const seconds = (performance.now() - started) / 1000;
    const exact = run.converged && task.equal(task.decode(instance, run.symbols), task.solve(instance));
    return { family, exact, settled: run.converged, perCell: run.updates / lattice.length, seconds };
  });
}

console.log(`regime matrix: ${seeds.length} seeds per task and regime, budget ${maxSeconds} s a run, ${cpus().length} cpus, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the start`);
const rows = [];
for (const id of values.tasks.split(',')) {
  const task = registry.get(id);
  for (const name of values.regimes.split(',')) {
    const how = REGIMES[name];
    if (!how) throw new Error(`unknown regime ${name}; use ${Object.keys(REGIMES).join(', ')}`);
    const problem = regimeProblem(task, how.regime) ?? (how.supervision === 'readout' && task.readout === 'all' ? `${id} reads every cell` : undefined);
    if (problem) {
      rows.push([id, name, `n/a: ${problem}`, '', '', '', '', '', '']);
      continue;
    }
    const runs = [];
    for (const seed of seeds) {
      let restarts = 0;
      const result = await train({ task, seed, maxSeconds, ...how, onEvent: (e) => void (e.type === 'restart' && restarts++) });
      const far = result.solved && !values['no-long'] && result.model.config.mode === 'discrete' ? farRuns(result.model, task) : [];
      const run = { seed, solved: result.solved, iterations: result.iterations, seconds: result.seconds, restarts, params: result.model.parameterCount, certification: result.certification.status, far };
      runs.push(run);
      const farText = far.map((f) => `${f.family} ${f.exact ? 'exact' : f.settled ? 'WRONG' : 'not settled'} ${fixed(f.perCell, 2)}/cell ${fixed(f.seconds, 2)} s`).join('; ');
      console.error(`${id} ${name} seed ${seed}: ${result.solved ? 'solved' : 'not solved'}, ${result.iterations} iterations, ${fixed(result.seconds)} s, ${restarts} restarts, rule ${result.certification.status}${farText ? `; far: ${farText}` : ''}`);
      result.model.dispose();
    }
    const solved = runs.filter((r) => r.solved);
    const far = solved.flatMap((r) => r.far);
    const farExact = solved.filter((r) => r.far.length > 0 && r.far.every((f) => f.exact)).length;
    const perCell = far.map((f) => f.perCell);
    rows.push([
      id,
      name,
      `${solved.length}/${runs.length}`,
      `${fixed(median(runs.map((r) => r.seconds)))} / ${fixed(Math.max(...runs.map((r) => r.seconds)))}`,
      `${median(runs.map((r) => r.iterations))} / ${Math.max(...runs.map((r) => r.iterations))}`,
      String(runs.reduce((n, r) => n + r.restarts, 0)),
      String(runs[0].params),
      solved.length === 0 ? '-' : `${solved.filter((r) => r.certification === 'exact' || r.certification === 'equivalent').length}/${solved.length}`,
      far.length === 0 ? '-' : `${farExact}/${solved.length} exact; ${fixed(median(perCell), 2)} (max ${fixed(Math.max(...perCell), 2)}) updates/cell; ${fixed(Math.max(...far.map((f) => f.seconds)), 2)} s max`,
    ]);
  }
}
const header = ['task', 'regime', 'solved', 'seconds (median / max)', 'iterations (median / max)', 'restarts', 'params', 'rule equals the reference', `far beyond training (L = 10^6; Rule 110 10^4 × 10^4)`];
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`);
