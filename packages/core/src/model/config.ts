/** How a SEAD model's state is carried between steps. */
export type StateMode =
  /** h ∈ (0,1)^C, iterated until max|h_{t+1} − h_t| < ε: the paper's relaxation. */
  | 'continuous'
  /** Every step is projected onto a one-hot symbol by argmax (relax-and-project); C = number of symbols. */
  | 'discrete';

/** The shape of a SEAD model. Everything the weights' shapes depend on. */
export interface SeadConfig {
  /** C: state channels per cell. */
  readonly channels: number;
  /** E: width of the token embedding and of the projected state. */
  readonly embedding: number;
  /** H: hidden width of the local rule. */
  readonly hidden: number;
  /** r: cells read on each side; the convolution spans 2r + 1 cells (in a grid, (2r + 1)²). */
  readonly radius: number;
  /** 1 (or absent): the model steps rows. 2: grids, through a (2r + 1) × (2r + 1) convolution. */
  readonly dimensions?: 1 | 2;
  /** F: features per input token (the task's input alphabet width). */
  readonly features: number;
  readonly mode: StateMode;
  /** ε of the continuous convergence test. */
  readonly epsilon: number;
}

export const DEFAULT_EPSILON = 1e-4;

const LIMITS: Record<'channels' | 'embedding' | 'hidden' | 'radius' | 'features', [number, number]> = {
  channels: [1, 256],
  embedding: [1, 1024],
  hidden: [1, 4096],
  radius: [1, 64],
  features: [1, 4096],
};

/**
 * Most trainable parameters a model may have: ten thousand times the paper's budget of 41 to 99,
 * and small enough that the largest checkpoint stays far below `MAX_CHECKPOINT_BYTES`.
 */
export const MAX_PARAMETERS = 1 << 20;

/** The config if it is well formed, otherwise an error naming the field. */
export function validateConfig(config: unknown, where = 'config'): SeadConfig {
  if (config === null || typeof config !== 'object') throw new TypeError(`${where} must be an object`);
  const c = config as Record<string, unknown>;
  for (const [key, [lo, hi]] of Object.entries(LIMITS)) {
    const v = c[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
      throw new TypeError(`${where}.${key} must be an integer from ${lo} to ${hi}, got ${JSON.stringify(v)}`);
    }
  }
  if (c.mode !== 'continuous' && c.mode !== 'discrete') {
    throw new TypeError(`${where}.mode must be "continuous" or "discrete", got ${JSON.stringify(c.mode)}`);
  }
  if (c.dimensions !== undefined && c.dimensions !== 1 && c.dimensions !== 2) {
    throw new TypeError(`${where}.dimensions must be 1 (rows) or 2 (grids) when present, got ${JSON.stringify(c.dimensions)}`);
  }
  const epsilon = c.epsilon ?? DEFAULT_EPSILON;
  if (typeof epsilon !== 'number' || !(epsilon > 0 && epsilon < 1)) {
    throw new TypeError(`${where}.epsilon must be a number in (0, 1), got ${JSON.stringify(c.epsilon)}`);
  }
  // Only the fields above: nothing else in a config changes what a model computes.
  const checked: SeadConfig = {
    channels: c.channels as number,
    embedding: c.embedding as number,
    hidden: c.hidden as number,
    radius: c.radius as number,
    features: c.features as number,
    mode: c.mode,
    epsilon,
    // Rows leave it out: a row model's config (and so its digest) is what it was before grids.
    ...(c.dimensions === 2 ? { dimensions: 2 as const } : {}),
  };
  const parameters = parameterCount(checked);
  if (parameters > MAX_PARAMETERS) throw new TypeError(`${where} makes a model of ${parameters} parameters; at most ${MAX_PARAMETERS} are allowed`);
  return checked;
}

/** Shapes of every trainable tensor, by name, in the order of the update rule. */
export function weightShapes(config: SeadConfig): Record<WeightName, number[]> {
  const { channels: C, embedding: E, hidden: H, radius: r, features: F } = config;
  return {
    We: [F, E],
    Ws: [C, E],
    // One [2E, H] tap per window position, in the order of `windowOffsets` (row by row in a grid).
    W1: [(2 * r + 1) ** (config.dimensions ?? 1), 2 * E, H],
    b1: [H],
    W2: [H, H],
    b2: [H],
    Wh: [H, C],
    bh: [C],
  };
}

export const WEIGHT_NAMES = ['We', 'Ws', 'W1', 'b1', 'W2', 'b2', 'Wh', 'bh'] as const;
export type WeightName = (typeof WEIGHT_NAMES)[number];

/** Trainable parameters: the paper's budget is 41 to 99. */
export function parameterCount(config: SeadConfig): number {
  return Object.values(weightShapes(config)).reduce((n, shape) => n + shape.reduce((a, b) => a * b, 1), 0);
}
