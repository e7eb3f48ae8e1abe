#!/usr/bin/env node
// One sparse-engine run of a benchmark case in a process of its own, so that its memory can be
// measured: prints {ms, steps, exact, peakBytes}, where peakBytes is the resident memory the run
// added at its peak (Linux's VmHWM, reset just before the run, minus VmRSS then). The lattice's
// tokens and the compiled table exist before the run and are not counted (a grid's table, filled
// as the run meets windows, is). Run by tools/bench.mjs:
//   node --expose-gc tools/bench-sparse-run.mjs <task> <family> <L>
import { readFileSync, writeFileSync } from 'node:fs';
import { compiledRule, startRun } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { TASKS, instanceOf, shippedModel } from './bench-inputs.mjs';

const [id, family, length] = process.argv.slice(2);
const task = TASKS[id];
await useNodeBackend();
const model = shippedModel(task);
// A grid model has no table to compile: its runs fill one as they meet windows.
if (task.dimensions !== 2) compiledRule(model, task);
const instance = instanceOf(id, family, Number(length));
const lattice = task.encode(instance);
const run = (lattice) => startRun(model, task, [lattice], { engine: 'sparse' }).toEnd()[0];
// Warm up (compiles the JIT code and the rule's folded table) on a small lattice.
run(task.encode(instanceOf(id, family, 64)));
// Let the garbage of building the instance go first, so that the run's peak is its own.
for (let k = 0; k < 3; k++) {
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
}

const status = () => readFileSync('/proc/self/status', 'utf8');
const kB = (field, text) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? NaN);
let before = NaN;
try {
  writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current resident size
  before = kB('VmRSS', status());
} catch {
  // Not Linux: no memory figure.
}
const start = performance.now();
const result = run(lattice);
const ms = performance.now() - start;
const peakBytes = (kB('VmHWM', status()) - before) * 1024;
const exact = task.equal(task.decode(instance, result.symbols), task.solve(instance));
console.log(JSON.stringify({ ms, steps: result.steps, exact, peakBytes: Number.isFinite(peakBytes) ? peakBytes : null }));
