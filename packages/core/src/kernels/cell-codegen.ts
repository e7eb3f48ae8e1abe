/**
 * Straight-line JavaScript for one SEAD cell, generated for one model shape (C, H, window) the way
 * tfjs's WebGL backend writes a shader per op shape: the bodies of `SeadUnroll` and its gradient,
 * and of the inference step. With every loop over channels and hidden units unrolled and the
 * weights held in locals, the JIT compiles a cell to a few hundred multiply-adds with no index
 * arithmetic or bounds-checked loops between them.
 *
 * The generated code computes exactly what the loops in unroll-loops.ts and sead-step-js.ts compute
 * (tests hold them to each other); shapes whose unrolled cell would be too large for the JIT keep
 * those loops.
 */
import { windowOffsets, type Offset } from '@sead/tasks';
import { straightThrough } from './straight-through.js';

/**
 * A kernel's model shape: C channels, H hidden units and the window. Tap k of the state taps G (and
 * of W_1) reads the neighbour at `offsets[k]` = (dy, dx), rows down and columns right, in
 * `windowOffsets` order: a row's window is (0, −r) … (0, r), a grid's every (dy, dx) with
 * |dy|, |dx| ≤ r, as `windowConv` lays out its taps. Lattices are B blocks of L cells, stored row
 * by row with `columns` cells per row (a row: one row of L); the neighbour at (dy, dx) of cell
 * (y, x) is cell + dy·columns + dx, and reads as zero beyond an edge.
 */
export interface UnrollShape {
  readonly C: number;
  readonly H: number;
  readonly offsets: readonly Offset[];
  /** Tells shapes apart: what is generated for a shape is cached under it. */
  readonly key: string;
}

const shapes = new Map<string, UnrollShape>();

/**
 * The shape of a model of C channels, H hidden units and this radius, on rows, or on grids when
 * `grid` is set. Made once and kept: a kernel asks for it at every call.
 */
export function unrollShape(C: number, H: number, radius: number, grid: boolean): UnrollShape {
  const key = `${C}:${H}:${radius}:${grid ? 'grid' : 'row'}`;
  let shape = shapes.get(key);
  if (shape === undefined) shapes.set(key, (shape = { C, H, offsets: windowOffsets(grid ? 2 : 1, radius), key }));
  return shape;
}

/**
 * A kernel call's shape and cells per row, from its sizes and attrs: `radius`, and `columns`, the
 * cells per row of grids, absent or 0 for rows (one row of L). Taps that are not the window's are
 * refused: they would be read out of place.
 */
export function kernelShape(C: number, H: number, K: number, L: number, attrs: Record<string, unknown>): { shape: UnrollShape; columns: number } {
  const grid = (attrs.columns as number | undefined) || 0;
  const radius = attrs.radius as number;
  const shape = unrollShape(C, H, radius, grid > 0);
  if (K !== shape.offsets.length) throw new RangeError(`${K} taps, but the ${grid > 0 ? 'grid' : 'row'} window of radius ${radius} has ${shape.offsets.length}`);
  if (grid > 0 && L % grid !== 0) throw new RangeError(`${L} cells do not make rows of ${grid}`);
  return { shape, columns: grid || L };
}

/**
 * What feeds a step's logits forward as the next state: `continuous`, σ(logits) (the paper's
 * relaxation); `discrete`, the one-hot symbol of their argmax (relax-and-project, as inference
 * runs a discrete model), differentiated straight through: backward, the projection is taken as
 * a softmax, whose Jacobian carries the state's gradient to the logits.
 */
export type UnrollMode = 'continuous' | 'discrete';

/** The steps of B lattices of L cells, `columns` a row (L for rows), first to last; trace layout as in sead-unroll-js.ts. */
export type ForwardBody = (
  B: number,
  L: number,
  columns: number,
  T: number,
  D: Float64Array,
  G: Float64Array,
  W2: Float32Array,
  b2: Float32Array,
  Wh: Float32Array,
  bh: Float32Array,
  trace: Float32Array,
  logits: Float32Array
) => void;

/**
 * The gradient's steps, last to first. `g` holds the gradient at the last step's logits and is
 * overwritten with each earlier step's. Discrete unrolls read every step's logits and their
 * gradient (`logits`, `dy`: [T, B·L, C]) to go back through the projection; continuous ones pass null.
 */
export type BackwardBody = (
  B: number,
  L: number,
  columns: number,
  T: number,
  G: Float64Array,
  W2: Float32Array,
  Wh: Float32Array,
  trace: Float32Array,
  g: Float64Array,
  dh: Float64Array,
  dD: Float64Array,
  dG: Float64Array,
  dW2: Float64Array,
  db2: Float64Array,
  dWh: Float64Array,
  dbh: Float64Array,
  logits: Float32Array | null,
  dy: Float32Array | null
) => void;

export type StepOutput = 'logits' | 'relax';

export type StepBody = (
  B: number,
  L: number,
  columns: number,
  D: Float32Array,
  G: Float32Array,
  W2: Float32Array,
  b2: Float32Array,
  Wh: Float32Array,
  bh: Float32Array,
  h: Float32Array,
  out: Float32Array,
  delta: Float32Array | null,
) => void;

/** Multiply-adds in one unrolled cell; beyond this the generated function grows too large to pay off. */
export const MAX_UNROLLED_TERMS = 2048;

export function unrolledTerms({ C, H, offsets }: UnrollShape): number {
  return offsets.length * C * H + H * H + H * C;
}

const range = (n: number) => Array.from({ length: n }, (_, k) => k);
const sum = (terms: string[]) => (terms.length === 0 ? '0' : terms.join(' + '));

/** Locals holding the weights of one call: G (K·C·H taps), W2 (H·H), Wh (H·C) and, forward, the biases. */
function weightLocals({ C, H, offsets }: UnrollShape, biases: boolean): string[] {
  const K = offsets.length;
  const lines = [
    ...range(K * C * H).map((n) => `const G${n} = G[${n}];`),
    ...range(H * H).map((n) => `const W2_${n} = W2[${n}];`),
    ...range(H * C).map((n) => `const Wh${n} = Wh[${n}];`),
  ];
  if (biases) lines.push(...range(H).map((n) => `const b2_${n} = b2[${n}];`), ...range(C).map((n) => `const bh${n} = bh[${n}];`));
  return lines;
}

/** Whether the window reaches other rows: only then does a cell need its row. */
const readsRows = ({ offsets }: UnrollShape) => offsets.some(([dy]) => dy !== 0);

/**
 * The place of cell `cell` (of the flat [B·L] layout): `i` within its lattice, its row `row` and
 * column `col`. A window within one row needs no row, and its lattices are one row (columns = L),
 * so there the column is i itself: rows pay nothing for grids.
 */
function place(shape: UnrollShape): string[] {
  if (!readsRows(shape)) return ['const i = cell % L;', 'const col = i;'];
  return ['const i = cell % L;', 'const col = i % columns, row = (i - col) / columns;'];
}

/** Whether the cell's neighbour at (dy, dx) is inside the lattice, as a condition on its `row` and `col`. */
function inside([dy, dx]: Offset): string {
  const tests = [dy < 0 && `row >= ${-dy}`, dy > 0 && `row < rows - ${dy}`, dx < 0 && `col >= ${-dx}`, dx > 0 && `col < columns - ${dx}`];
  return tests.filter((test) => test !== false).join(' && ') || 'true';
}

/** Loads the K·C neighbourhood states x{k}_{c} of the cell from `states`, zero beyond an edge of its lattice. */
function neighbourhood({ C, offsets }: UnrollShape, states: string, stateAt: string): string[] {
  const lines: string[] = [];
  offsets.forEach(([dy, dx], k) => {
    const shift = dy === 0 ? `${dx}` : `${dy} * columns + ${dx}`;
    lines.push(`const in${k} = ${inside([dy, dx])};`, `const s${k} = ${stateAt} + (cell + ${shift}) * ${C};`);
    for (let c = 0; c < C; c++) lines.push(`const x${k}_${c} = in${k} ? ${states}[s${k} + ${c}] : 0;`);
  });
  return lines;
}

/**
 * One cell's step from its neighbourhood x{k}_{c}: hidden activations a1_{u}, a2_{v} and logits o{c}.
 * With `trace`, the activations are also stored where backpropagation reads them.
 */
function cellStep(shape: UnrollShape, trace: boolean): string[] {
  const { C, H, offsets } = shape;
  const K = offsets.length;
  const body: string[] = [];
  for (let u = 0; u < H; u++) {
    const terms = range(K).flatMap((k) => range(C).map((c) => `x${k}_${c} * G${(k * C + c) * H + u}`));
    body.push(`let a1_${u} = D[cell * ${H} + ${u}] + ${sum(terms)};`, `if (!(a1_${u} > 0)) a1_${u} = 0;`);
    if (trace) body.push(`trace[a1At + cell * ${H} + ${u}] = a1_${u};`);
  }
  for (let v = 0; v < H; v++) {
    body.push(`let a2_${v} = b2_${v} + ${sum(range(H).map((u) => `a1_${u} * W2_${u * H + v}`))};`, `if (!(a2_${v} > 0)) a2_${v} = 0;`);
    if (trace) body.push(`trace[a2At + cell * ${H} + ${v}] = a2_${v};`);
  }
  for (let c = 0; c < C; c++) body.push(`const o${c} = bh${c} + ${sum(range(H).map((v) => `a2_${v} * Wh${v * C + c}`))};`);
  return body;
}

/**
 * What a forward step writes of each cell. Continuous: the last step's logits, and σ(logits) as the
 * next state. Discrete: every step's logits (at t·N·C), and the one-hot symbol of their argmax (the
 * first largest, as tfjs's argMax and the compiled table pick it) as the next state.
 */
function forwardWrite({ C }: UnrollShape, mode: UnrollMode): string[] {
  if (mode === 'continuous') {
    return [
      'if (last) {',
      ...range(C).map((c) => `logits[cell * ${C} + ${c}] = o${c};`),
      '} else {',
      ...range(C).map((c) => `trace[nextAt + cell * ${C} + ${c}] = 1 / (1 + Math.exp(-o${c}));`),
      '}',
    ];
  }
  return [
    ...range(C).map((c) => `logits[t * N * ${C} + cell * ${C} + ${c}] = o${c};`),
    'if (!last) {',
    'let best = 0, top = o0;',
    ...range(C)
      .slice(1)
      .map((c) => `if (o${c} > top) { top = o${c}; best = ${c}; }`),
    ...range(C).map((c) => `trace[nextAt + cell * ${C} + ${c}] = best === ${c} ? 1 : 0;`),
    '}',
  ];
}

export function forwardSource(shape: UnrollShape, mode: UnrollMode = 'continuous'): string {
  const { C, H } = shape;
  return [
    ...weightLocals(shape, true),
    `const N = B * L, rows = L / columns;`,
    `const block = N * ${C + 2 * H};`,
    'for (let t = 0; t < T; t++) {',
    `const hAt = t * block, a1At = hAt + N * ${C}, a2At = a1At + N * ${H}, nextAt = hAt + block, last = t === T - 1;`,
    'for (let cell = 0; cell < N; cell++) {',
    ...place(shape),
    ...neighbourhood(shape, 'trace', 'hAt'),
    ...cellStep(shape, true),
    ...forwardWrite(shape, mode),
    '}',
    '}',
  ].join('\n');
}

/**
 * One inference step over every cell of B lattices of L cells, `columns` a row, from state h [B·L, C] (float32) with
 * input drive D and taps G. `logits` writes the step's logits to `out`; `relax` writes the next
 * state σ(logits), rounded to float32, and each lattice's largest move max_i |h'_i − h_i| to `delta`.
 */
export function stepSource(shape: UnrollShape, output: StepOutput): string {
  const { C, offsets } = shape;
  const centre = offsets.findIndex(([dy, dx]) => dy === 0 && dx === 0);
  const write =
    output === 'logits'
      ? range(C).map((c) => `out[cell * ${C} + ${c}] = o${c};`)
      : [
          ...range(C).flatMap((c) => [
            `const y${c} = Math.fround(1 / (1 + Math.exp(-o${c})));`,
            `out[cell * ${C} + ${c}] = y${c};`,
            `const d${c} = Math.abs(y${c} - x${centre}_${c});`,
            `if (d${c} > moved) moved = d${c};`,
          ]),
          'if (i === L - 1) { delta[(cell - i) / L] = moved; moved = 0; }',
        ];
  return [
    ...weightLocals(shape, true),
    'const N = B * L, rows = L / columns;',
    'let moved = 0;',
    'for (let cell = 0; cell < N; cell++) {',
    ...place(shape),
    ...neighbourhood(shape, 'h', '0'),
    ...cellStep(shape, false),
    ...write,
    '}',
  ].join('\n');
}

/**
 * Back from the gradient `dh` at step t's input state to the previous step's logits, into `g`.
 * Continuous: through σ. Discrete: straight through the projection, as if it were the softmax p of
 * the logits, plus that step's own gradient: g = dy + p ⊙ (dh − ⟨p, dh⟩), by the one function the
 * loops call too (straight-through.ts).
 */
function backwardBetween({ C }: UnrollShape, mode: UnrollMode): string[] {
  if (mode === 'continuous') {
    // h_t = σ(logits of step t): back through the sigmoid to the previous step's logits.
    return [`if (t > 0) for (let n = 0; n < N * ${C}; n++) { const y = trace[hAt + n]; g[n] = dh[n] * y * (1 - y); }`];
  }
  return [`if (t > 0) straightThrough(N, ${C}, (t - 1) * N * ${C}, logits, dy, dh, g);`];
}

export function backwardSource(shape: UnrollShape, mode: UnrollMode = 'continuous'): string {
  const { C, H, offsets } = shape;
  const K = offsets.length;
  const body: string[] = [...range(C).map((c) => `const g${c} = g[cell * ${C} + ${c}];`), ...range(C).map((c) => `dbh[${c}] += g${c};`)];
  for (let v = 0; v < H; v++) {
    body.push(`const a2_${v} = trace[a2At + cell * ${H} + ${v}];`);
    body.push(...range(C).map((c) => `dWh[${v * C + c}] += a2_${v} * g${c};`));
    body.push(`const da2_${v} = a2_${v} > 0 ? ${sum(range(C).map((c) => `Wh${v * C + c} * g${c}`))} : 0;`, `db2[${v}] += da2_${v};`);
  }
  for (let u = 0; u < H; u++) {
    body.push(`const a1_${u} = trace[a1At + cell * ${H} + ${u}];`);
    body.push(...range(H).map((v) => `dW2[${u * H + v}] += a1_${u} * da2_${v};`));
    body.push(`const da1_${u} = a1_${u} > 0 ? ${sum(range(H).map((v) => `W2_${u * H + v} * da2_${v}`))} : 0;`, `dD[cell * ${H} + ${u}] += da1_${u};`);
  }
  body.push(...neighbourhood(shape, 'trace', 'hAt'));
  for (let k = 0; k < K; k++) {
    body.push(`if (in${k}) {`);
    for (let c = 0; c < C; c++) {
      const row = (k * C + c) * H;
      body.push(...range(H).map((u) => `dG[${row + u}] += x${k}_${c} * da1_${u};`));
      body.push(`dh[s${k} - hAt + ${c}] += ${sum(range(H).map((u) => `G${row + u} * da1_${u}`))};`);
    }
    body.push('}');
  }
  return [
    ...weightLocals(shape, false),
    `const N = B * L, rows = L / columns;`,
    `const block = N * ${C + 2 * H};`,
    'for (let t = T - 1; t >= 0; t--) {',
    `const hAt = t * block, a1At = hAt + N * ${C}, a2At = a1At + N * ${H};`,
    'dh.fill(0);',
    'for (let cell = 0; cell < N; cell++) {',
    ...place(shape),
    ...body,
    '}',
    ...backwardBetween(shape, mode),
    '}',
  ].join('\n');
}

/** Compiles generated source, or null where the environment forbids it (a Content Security Policy without 'unsafe-eval'). */
function compile<F>(parameters: string[], source: string): F | null {
  try {
    return new Function(...parameters, source) as F;
  } catch {
    return null;
  }
}

const unrollCache = new Map<string, { forward: ForwardBody; backward: BackwardBody } | null>();

/** The generated unroll bodies for this shape and mode, or null where they do not pay off or cannot be compiled. */
export function unrolledBodies(shape: UnrollShape, mode: UnrollMode = 'continuous'): { forward: ForwardBody; backward: BackwardBody } | null {
  const key = `${shape.key}:${mode}`;
  if (!unrollCache.has(key)) {
    const small = unrolledTerms(shape) <= MAX_UNROLLED_TERMS;
    const forward = small ? compile<ForwardBody>(['B', 'L', 'columns', 'T', 'D', 'G', 'W2', 'b2', 'Wh', 'bh', 'trace', 'logits'], forwardSource(shape, mode)) : null;
    const parameters = ['B', 'L', 'columns', 'T', 'G', 'W2', 'Wh', 'trace', 'g', 'dh', 'dD', 'dG', 'dW2', 'db2', 'dWh', 'dbh', 'logits', 'dy'];
    // The discrete body goes back through the projection with the loops' own function, bound here.
    const backward = small
      ? compile<(through: typeof straightThrough) => BackwardBody>(['straightThrough'], `return function (${parameters.join(', ')}) {\n${backwardSource(shape, mode)}\n};`)
      : null;
    unrollCache.set(key, forward && backward ? { forward, backward: backward(straightThrough) } : null);
  }
  return unrollCache.get(key)!;
}

const stepCache = new Map<string, StepBody | null>();

/** The generated inference step for this shape and output, or null where it does not pay off or cannot be compiled. */
export function stepBody(shape: UnrollShape, output: StepOutput): StepBody | null {
  const key = `${shape.key}:${output}`;
  if (!stepCache.has(key)) {
    const small = unrolledTerms(shape) <= MAX_UNROLLED_TERMS;
    stepCache.set(key, small ? compile<StepBody>(['B', 'L', 'columns', 'D', 'G', 'W2', 'b2', 'Wh', 'bh', 'h', 'out', 'delta'], stepSource(shape, output)) : null);
  }
  return stepCache.get(key)!;
}
