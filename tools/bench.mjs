#!/usr/bin/env node
// Times one instance per (task, input family, length) on every engine that finishes in reasonable
// time, side by side in one run, and prints ratios, with the sparse engine's peak memory per cell
// (each sparse run in a process of its own, see bench-sparse-run.mjs). Not a test: machines are
// shared and noisy.
//   node tools/bench.mjs [--max 10000000] [--dense-max 4096] [--tasks parity,addition,rule110,multiplication]
// With Debian's python3-torch installed, it also runs the PyTorch peer in ../shared/peers.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SeadModel, compiledRule, startRun } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { TASKS, instanceOf, shippedModel } from './bench-inputs.mjs';
import { PEER_SHAPE, runPeer, tokens100 } from './peer.mjs';

const { values } = parseArgs({ options: { max: { type: 'string', default: '10000000' }, 'dense-max': { type: 'string', default: '4096' }, tasks: { type: 'string', default: Object.keys(TASKS).join(',') } } });
const benched = new Set(values.tasks.split(','));
const maxLength = Number(values.max);
const denseMax = Number(values['dense-max']);
await useNodeBackend();
/** The dense engine on lattices of one length. */
const denseRun = (model, task, lattices, options = {}) => startRun(model, task, lattices, { ...options, engine: 'dense' }).toEnd();

const models = Object.fromEntries(Object.entries(TASKS).map(([id, task]) => [id, shippedModel(task)]));
const time = (fn) => {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
};

/** Plain ripple-carry addition over the same digit strings: the floor any engine is measured against. */
function rippleCarry(a, b) {
  const n = Math.max(a.length, b.length);
  const out = new Uint8Array(n + 1);
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const s = (i < a.length ? a.charCodeAt(a.length - 1 - i) - 48 : 0) + (i < b.length ? b.charCodeAt(b.length - 1 - i) - 48 : 0) + carry;
    out[n - i] = 48 + (s % 10);
    carry = s >= 10 ? 1 : 0;
  }
  out[0] = 48 + carry;
  return out;
}

/** The product on BigInt: the floor for multiplication (V8 multiplies long BigInts faster than schoolbook). */
function bigIntProduct(a, b) {
  return (BigInt(`0b${a}`) * BigInt(`0b${b}`)).toString(2);
}

/** The sparse engine on one case, in a child process that measures its peak memory too. */
function sparseRun(id, family, L) {
  const script = fileURLToPath(new URL('./bench-sparse-run.mjs', import.meta.url));
  return JSON.parse(execFileSync(process.execPath, ['--expose-gc', script, id, family, String(L)], { encoding: 'utf8', maxBuffer: 1 << 20 }));
}

const compile = {};
for (const [id, task] of Object.entries(TASKS)) if (task.dimensions !== 2) compile[id] = time(() => compiledRule(models[id], task)).ms;
console.log(`compile (once per model): ${Object.entries(compile).map(([id, ms]) => `${id} ${ms.toFixed(1)} ms`).join(', ')}`);
console.log('engine B/cell: the resident memory a sparse run adds at its peak, per cell, measured in a process of its own');
console.log('(the lattice\'s tokens, 1 byte per cell, and the compiled table exist before the run and are not counted; from L = 10^7 on)\n');

// The floor: ripple-carry addition, or the BigInt product, over the same operands.
const rows = [['task', 'input', 'L', 'steps', 'sparse ms', 'engine B/cell', 'dense-cpu ms', 'dense-wasm ms', 'floor ms', 'sparse/floor', 'dense-cpu/sparse', 'exact']];
const cases = [];
for (let L = 10_000; L <= maxLength; L *= 10) {
  cases.push(['addition', 'random', L], ['addition', '99…9 + 1', L], ['parity', 'random', L], ['parity', 'all ones', L]);
  if (L <= 10_000) cases.push(['rule110', 'random', L]);
}
// Dense runs at the lengths it can reach, to compare with sparse on the same instance.
for (const L of [4096, 1024].filter((l) => l <= denseMax)) cases.unshift(['addition', '99…9 + 1', L], ['parity', 'random', L]);
// Multiplication on L × L grids, up to 4096 bits (1.7·10⁷ cells); the dense engine, every cell every step, to 64.
for (const L of [64, 256, 1024, 4096]) cases.push(['multiplication', 'random', L], ['multiplication', 'ones × ones', L]);
const denseCells = (id, L) => (id === 'multiplication' ? L <= 64 : L <= denseMax);
for (const [id, family, L] of cases.filter(([id]) => benched.has(id))) {
  const t = TASKS[id];
  const sparse = sparseRun(id, family, L);
  // Instances are built when their turn comes, so that one length's strings are not kept alive
  // (and collected) while another is timed.
  const instance = instanceOf(id, family, L);
  const lattice = t.encode(instance);
  let dense = '-';
  let wasm = '-';
  if (denseCells(id, L)) {
    dense = time(() => denseRun(models[id], t, [lattice])).ms;
    await useNodeBackend('wasm');
    wasm = time(() => denseRun(models[id], t, [lattice])).ms;
    await useNodeBackend('cpu');
  }
  const ripple = id === 'addition' ? time(() => rippleCarry(instance.a, instance.b)).ms : id === 'multiplication' ? time(() => bigIntProduct(instance.a, instance.b)).ms : null;
  rows.push([
    id,
    id === 'rule110' ? `random, K=${L}` : family,
    String(L),
    String(sparse.steps),
    sparse.ms.toFixed(1),
    // Below ten million cells the engine's memory is lost in the process's own noise (GC, JIT).
    sparse.peakBytes === null || lattice.length < 10_000_000 ? '-' : (sparse.peakBytes / lattice.length).toFixed(2),
    typeof dense === 'number' ? dense.toFixed(0) : dense,
    typeof wasm === 'number' ? wasm.toFixed(0) : wasm,
    ripple === null ? '-' : ripple.toFixed(ripple < 1 ? 3 : 1),
    ripple === null ? '-' : (sparse.ms / ripple).toFixed(1),
    typeof dense === 'number' ? (dense / sparse.ms).toFixed(0) : '-',
    sparse.exact ? 'yes' : 'NO',
  ]);
  console.log(rows.at(-1).join('  '));
}
console.log(`\nresident memory of this process at the end: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB (for its peak, run under /usr/bin/time -v)`);
console.log('\n' + rows.map((r) => `| ${r.join(' | ')} |`).join('\n').replace(/\n/, `\n| ${rows[0].map(() => '---').join(' | ')} |\n`));

// The PyTorch CPU peer's dense step beside SEAD's, on the peer's configuration, when Debian's
// python3-torch is installed. A step is the next state σ(logits) from the last, as the peer times it;
// SEAD's also checks convergence. Setup (embedding, input drive) is excluded on both sides: SEAD's
// figure is (6 steps − 1 step) / 5. Alternating rounds, each side's median.
const peerStep = runPeer(['step', '--L', '1000000']);
if (peerStep.error) {
  console.log(`\nPyTorch peer not run: ${peerStep.error}`);
} else {
  const model = SeadModel.create(tokens100, PEER_SHAPE, 'continuous', 1);
  const lattice = { length: 1_000_000, tokens: Uint8Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 100) };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const stepMs = () => {
    const one = time(() => denseRun(model, tokens100, [lattice], { maxSteps: 1 })).ms;
    const six = time(() => denseRun(model, tokens100, [lattice], { maxSteps: 6 })).ms;
    return (six - one) / 5;
  };
  stepMs();
  const ours = [];
  const theirs = [peerStep.ms];
  for (let round = 0; round < 3; round++) {
    ours.push(stepMs());
    if (round > 0) theirs.push(runPeer(['step', '--L', '1000000']).ms);
  }
  const [a, b] = [median(ours), median(theirs)];
  console.log(`\ndense step at L = 10^6, ${model.parameterCount} parameters: PyTorch ${b.toFixed(0)} ms, SEAD dense-cpu ${a.toFixed(0)} ms (with its convergence check): SEAD/PyTorch ${(a / b).toFixed(2)}`);
}
