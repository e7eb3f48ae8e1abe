/**
 * Every run and every compile is bounded before it starts: a run by the cell updates it may
 * compute, a compile by the multiply-adds it may spend. A rollout's cost is known in advance and
 * is refused outright when over its bound; a fixed-point run's is not (it depends on when the
 * lattice settles), so it stops, with outcome `update-cap`, when it reaches the bound.
 */

/** Cell updates a run may compute unless told otherwise: every shipped workload up to 10⁸ cells fits. */
export const DEFAULT_MAX_UPDATES = 1e10;

/** Multiply-adds compiling a table may take unless told otherwise (a few seconds). */
export const DEFAULT_MAX_COMPILE_WORK = 2e9;

/** A run or compile refused because it would exceed its bound; `bound` names which. */
export class BoundError extends RangeError {
  constructor(
    message: string,
    readonly bound: 'updates' | 'compile',
    readonly needed: number,
    readonly limit: number,
  ) {
    super(message);
    this.name = 'BoundError';
  }
}

/** A count for messages: 4,096 below a million, 2.5e9 above. */
export function countText(n: number): string {
  if (n < 1e6) return n.toLocaleString('en-US');
  const [mantissa, exponent] = n.toExponential(2).split('e');
  return `${Number(mantissa)}e${Number(exponent)}`;
}

/** The bound as given, checked: a positive number (Infinity allowed). */
export function checkBound(value: number, name: string): number {
  if (!(typeof value === 'number' && value >= 1)) throw new RangeError(`${name} must be a number ≥ 1, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Refuses a run whose least cost is over the bound: a rollout's cells × steps, or a fixed-point
 * run's first step (every cell once).
 */
export function checkRunCost(length: number, rolloutSteps: number | undefined, maxUpdates: number): void {
  const needed = rolloutSteps === undefined ? length : length * rolloutSteps;
  if (needed <= maxUpdates) return;
  const what = rolloutSteps === undefined ? `a lattice of ${countText(length)} cells needs ${countText(length)} cell updates for its first step` : `a rollout of ${countText(length)} cells × ${countText(rolloutSteps)} steps is ${countText(needed)} cell updates`;
  throw new BoundError(`${what}, more than the bound of ${countText(maxUpdates)}`, 'updates', needed, maxUpdates);
}
