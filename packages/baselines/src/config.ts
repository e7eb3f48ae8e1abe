/**
 * The shapes of the baselines. Every baseline reads, per cell, the task's token features and the
 * one-hot symbol the cell starts in (`inputs` = features + symbols), and gives a logit per state
 * symbol (`symbols`).
 */

/** How a Transformer knows where a cell is. */
export type Positions =
  /** A learned vector per position, added to the input: positions past the training lengths are never trained. */
  | 'learned'
  /** Rotary position embeddings: queries and keys rotated by their position, so attention sees offsets. */
  | 'rotary'
  /** None: with a causal mask, a cell tells left from right by what it may attend to (NoPE). */
  | 'none';

export const POSITIONS: readonly Positions[] = ['learned', 'rotary', 'none'];

/** A pre-LayerNorm Transformer encoder with a per-cell softmax head. */
export interface TransformerConfig {
  readonly architecture: 'transformer';
  readonly inputs: number;
  readonly symbols: number;
  /** d: the width of every cell's vector. */
  readonly width: number;
  readonly layers: number;
  /** Attention heads; width / heads is the width of one head (even, for rotary positions). */
  readonly heads: number;
  /** Hidden width of the feed-forward block. */
  readonly feedForward: number;
  readonly positions: Positions;
  /** Rows of the learned position table: the most cells a learned-position model can read (0 otherwise). */
  readonly maxPositions: number;
  /** Whether a cell attends only to itself and the cells to its left. */
  readonly causal: boolean;
}

/** A bidirectional recurrent network (one layer each way) with a per-cell softmax head. */
export interface RecurrentConfig {
  readonly architecture: 'lstm' | 'gru';
  readonly inputs: number;
  readonly symbols: number;
  /** Hidden units in each direction. */
  readonly width: number;
}

export type BaselineConfig = TransformerConfig | RecurrentConfig;
export type Architecture = BaselineConfig['architecture'];

/** The baselines by the name reports and the command line give them. */
export const BASELINES = ['transformer-learned', 'transformer-rotary', 'transformer-none', 'lstm', 'gru'] as const;
export type BaselineName = (typeof BASELINES)[number];

/** A baseline's name: its architecture, and for a Transformer how it knows positions. */
export function baselineName(config: BaselineConfig): BaselineName {
  return config.architecture === 'transformer' ? `transformer-${config.positions}` : config.architecture;
}

/**
 * Most parameters a baseline may have: a hundred times the largest of the comparison, and few
 * enough that its checkpoint stays far below the core's bound on checkpoint files.
 */
export const MAX_BASELINE_PARAMETERS = 1 << 22;

/** Shapes of every trainable tensor, by name, in a fixed order (the order of the digest and the optimizer). */
export function weightShapes(config: BaselineConfig): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  const { inputs: I, symbols: S, width: d } = config;
  if (config.architecture === 'transformer') {
    const { feedForward: f, layers, positions, maxPositions } = config;
    shapes.set('embed.W', [I, d]).set('embed.b', [d]);
    if (positions === 'learned') shapes.set('positions', [maxPositions, d]);
    for (let l = 0; l < layers; l++) {
      shapes.set(`layer${l}.norm1.gain`, [d]).set(`layer${l}.norm1.bias`, [d]);
      shapes.set(`layer${l}.qkv.W`, [d, 3 * d]).set(`layer${l}.qkv.b`, [3 * d]);
      shapes.set(`layer${l}.out.W`, [d, d]).set(`layer${l}.out.b`, [d]);
      shapes.set(`layer${l}.norm2.gain`, [d]).set(`layer${l}.norm2.bias`, [d]);
      shapes.set(`layer${l}.ff1.W`, [d, f]).set(`layer${l}.ff1.b`, [f]);
      shapes.set(`layer${l}.ff2.W`, [f, d]).set(`layer${l}.ff2.b`, [d]);
    }
    shapes.set('norm.gain', [d]).set('norm.bias', [d]);
    shapes.set('head.W', [d, S]).set('head.b', [S]);
    return shapes;
  }
  // An LSTM's four gates (input, forget, cell, output) or a GRU's three (update, reset, new), side by side.
  const gates = config.architecture === 'lstm' ? 4 : 3;
  for (const direction of ['forward', 'backward']) {
    shapes.set(`${direction}.Wx`, [I, gates * d]).set(`${direction}.Wh`, [d, gates * d]);
    shapes.set(`${direction}.bx`, [gates * d]);
    // A GRU's recurrent bias stays apart: its reset gate scales W_h·h + b_h as a whole.
    if (config.architecture === 'gru') shapes.set(`${direction}.bh`, [gates * d]);
  }
  shapes.set('head.W', [2 * d, S]).set('head.b', [S]);
  return shapes;
}

export function parameterCount(config: BaselineConfig): number {
  let n = 0;
  for (const shape of weightShapes(config).values()) n += shape.reduce((a, b) => a * b, 1);
  return n;
}

const INTEGER_LIMITS = {
  inputs: [1, 4096],
  symbols: [2, 256],
  width: [1, 1024],
  layers: [1, 16],
  heads: [1, 64],
  feedForward: [1, 4096],
  maxPositions: [0, 1 << 20],
} as const;

/** The config if it is well formed, otherwise an error naming the field. */
export function validateBaselineConfig(config: unknown, where = 'config'): BaselineConfig {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new TypeError(`${where} must be an object`);
  const c = config as Record<string, unknown>;
  const integer = (key: keyof typeof INTEGER_LIMITS): number => {
    const [lo, hi] = INTEGER_LIMITS[key];
    const v = c[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
      throw new TypeError(`${where}.${key} must be an integer from ${lo} to ${hi}, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const base = { inputs: integer('inputs'), symbols: integer('symbols'), width: integer('width') };
  let checked: BaselineConfig;
  if (c.architecture === 'lstm' || c.architecture === 'gru') {
    checked = { architecture: c.architecture, ...base };
  } else if (c.architecture === 'transformer') {
    if (!(POSITIONS as readonly unknown[]).includes(c.positions)) {
      throw new TypeError(`${where}.positions must be one of ${POSITIONS.join(', ')}, got ${JSON.stringify(c.positions)}`);
    }
    if (typeof c.causal !== 'boolean') throw new TypeError(`${where}.causal must be true or false, got ${JSON.stringify(c.causal)}`);
    const positions = c.positions as Positions;
    checked = {
      architecture: 'transformer',
      ...base,
      layers: integer('layers'),
      heads: integer('heads'),
      feedForward: integer('feedForward'),
      positions,
      maxPositions: integer('maxPositions'),
      causal: c.causal,
    };
    const { width, heads, maxPositions } = checked;
    if (width % heads !== 0) throw new TypeError(`${where}.width (${width}) must be a multiple of ${where}.heads (${heads})`);
    if (positions === 'rotary' && (width / heads) % 2 !== 0) throw new TypeError(`${where}: rotary positions need an even width per head, got ${width / heads}`);
    if ((positions === 'learned') !== maxPositions > 0) {
      throw new TypeError(`${where}.maxPositions must be positive for learned positions and 0 otherwise, got ${maxPositions} with ${positions} positions`);
    }
  } else {
    throw new TypeError(`${where}.architecture must be "transformer", "lstm" or "gru", got ${JSON.stringify(c.architecture)}`);
  }
  const parameters = parameterCount(checked);
  if (parameters > MAX_BASELINE_PARAMETERS) throw new TypeError(`${where} makes a model of ${parameters} parameters; at most ${MAX_BASELINE_PARAMETERS} are allowed`);
  return checked;
}
