/**
 * Straight-line JavaScript for the per-cell body of `SeadUnroll` and its gradient, generated for one
 * model shape (C, H, radius) the way tfjs's WebGL backend writes a shader per op shape. With every
 * loop over channels and hidden units unrolled and the weights held in locals, the JIT compiles the
 * cell to a few hundred multiply-adds with no index arithmetic or bounds-checked loops between them.
 *
 * The generated code computes exactly what the loops in sead-unroll-js.ts compute (tests hold them
 * to each other); shapes whose unrolled body would be too large for the JIT keep those loops.
 */
export interface UnrollShape {
  C: number;
  H: number;
  r: number;
}

export type ForwardBody = (
  B: number,
  L: number,
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

export type BackwardBody = (
  B: number,
  L: number,
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
  dbh: Float64Array
) => void;

/** Multiply-adds in one unrolled cell; beyond this the generated function grows too large to pay off. */
export const MAX_UNROLLED_TERMS = 2048;

export function unrolledTerms({ C, H, r }: UnrollShape): number {
  return (2 * r + 1) * C * H + H * H + H * C;
}

const range = (n: number) => Array.from({ length: n }, (_, k) => k);
const sum = (terms: string[]) => (terms.length === 0 ? '0' : terms.join(' + '));

/** Locals holding the weights of one call: G (K·C·H taps), W2 (H·H), Wh (H·C) and, forward, the biases. */
function weightLocals({ C, H, r }: UnrollShape, biases: boolean): string[] {
  const K = 2 * r + 1;
  const lines = [
    ...range(K * C * H).map((n) => `const G${n} = G[${n}];`),
    ...range(H * H).map((n) => `const W2_${n} = W2[${n}];`),
    ...range(H * C).map((n) => `const Wh${n} = Wh[${n}];`),
  ];
  if (biases) lines.push(...range(H).map((n) => `const b2_${n} = b2[${n}];`), ...range(C).map((n) => `const bh${n} = bh[${n}];`));
  return lines;
}

/** Loads the K·C neighbourhood states x{k}_{c} of the cell, zero beyond either end of its lattice. */
function neighbourhood({ C, r }: UnrollShape, stateAt: string): string[] {
  const lines: string[] = [];
  for (let k = 0; k <= 2 * r; k++) {
    const offset = k - r;
    const inside = offset === 0 ? 'true' : offset < 0 ? `i >= ${-offset}` : `i < L - ${offset}`;
    lines.push(`const in${k} = ${inside};`, `const s${k} = ${stateAt} + (cell + ${offset}) * ${C};`);
    for (let c = 0; c < C; c++) lines.push(`const x${k}_${c} = in${k} ? trace[s${k} + ${c}] : 0;`);
  }
  return lines;
}

export function forwardSource(shape: UnrollShape): string {
  const { C, H, r } = shape;
  const K = 2 * r + 1;
  const body: string[] = [...neighbourhood(shape, 'hAt')];
  for (let u = 0; u < H; u++) {
    const terms = range(K).flatMap((k) => range(C).map((c) => `x${k}_${c} * G${(k * C + c) * H + u}`));
    body.push(`let a1_${u} = D[cell * ${H} + ${u}] + ${sum(terms)};`, `if (!(a1_${u} > 0)) a1_${u} = 0;`, `trace[a1At + cell * ${H} + ${u}] = a1_${u};`);
  }
  for (let v = 0; v < H; v++) {
    body.push(
      `let a2_${v} = b2_${v} + ${sum(range(H).map((u) => `a1_${u} * W2_${u * H + v}`))};`,
      `if (!(a2_${v} > 0)) a2_${v} = 0;`,
      `trace[a2At + cell * ${H} + ${v}] = a2_${v};`
    );
  }
  for (let c = 0; c < C; c++) body.push(`const o${c} = bh${c} + ${sum(range(H).map((v) => `a2_${v} * Wh${v * C + c}`))};`);
  body.push(
    'if (last) {',
    ...range(C).map((c) => `logits[cell * ${C} + ${c}] = o${c};`),
    '} else {',
    ...range(C).map((c) => `trace[nextAt + cell * ${C} + ${c}] = 1 / (1 + Math.exp(-o${c}));`),
    '}'
  );
  return [
    ...weightLocals(shape, true),
    `const N = B * L;`,
    `const block = N * ${C + 2 * H};`,
    'for (let t = 0; t < T; t++) {',
    `const hAt = t * block, a1At = hAt + N * ${C}, a2At = a1At + N * ${H}, nextAt = hAt + block, last = t === T - 1;`,
    'for (let cell = 0; cell < N; cell++) {',
    'const i = cell % L;',
    ...body,
    '}',
    '}',
  ].join('\n');
}

export function backwardSource(shape: UnrollShape): string {
  const { C, H, r } = shape;
  const K = 2 * r + 1;
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
  body.push(...neighbourhood(shape, 'hAt'));
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
    `const N = B * L;`,
    `const block = N * ${C + 2 * H};`,
    'for (let t = T - 1; t >= 0; t--) {',
    `const hAt = t * block, a1At = hAt + N * ${C}, a2At = a1At + N * ${H};`,
    'dh.fill(0);',
    'for (let cell = 0; cell < N; cell++) {',
    'const i = cell % L;',
    ...body,
    '}',
    // h_t = σ(logits of step t): back through the sigmoid to the previous step's logits.
    `if (t > 0) for (let n = 0; n < N * ${C}; n++) { const y = trace[hAt + n]; g[n] = dh[n] * y * (1 - y); }`,
    '}',
  ].join('\n');
}

const cache = new Map<string, { forward: ForwardBody; backward: BackwardBody } | null>();

/**
 * The generated bodies for this shape, or null where they do not pay off or the environment forbids
 * compiling code at run time (a Content Security Policy without 'unsafe-eval').
 */
export function unrolledBodies(shape: UnrollShape): { forward: ForwardBody; backward: BackwardBody } | null {
  const key = `${shape.C}:${shape.H}:${shape.r}`;
  if (!cache.has(key)) {
    let bodies: { forward: ForwardBody; backward: BackwardBody } | null = null;
    if (unrolledTerms(shape) <= MAX_UNROLLED_TERMS) {
      try {
        bodies = {
          forward: new Function('B', 'L', 'T', 'D', 'G', 'W2', 'b2', 'Wh', 'bh', 'trace', 'logits', forwardSource(shape)) as ForwardBody,
          backward: new Function(
            'B',
            'L',
            'T',
            'G',
            'W2',
            'Wh',
            'trace',
            'g',
            'dh',
            'dD',
            'dG',
            'dW2',
            'db2',
            'dWh',
            'dbh',
            backwardSource(shape)
          ) as BackwardBody,
        };
      } catch {
        bodies = null;
      }
    }
    cache.set(key, bodies);
  }
  return cache.get(key)!;
}
