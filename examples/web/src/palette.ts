/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

/**
 * Colours of the state symbols, by index. Symbol 0 is what a lattice starts from (parity's "?",
 * no carry, no borrow, a dead Rule 110 cell), so it gets the pale background and whatever the rule
 * writes stands out against it.
 */
export const PALETTE: readonly Rgb[] = [
  [238, 234, 224],
  [31, 58, 95],
  [196, 69, 54],
  [224, 160, 40],
  [0, 121, 140],
  [102, 46, 155],
];

/** The colour of every symbol of a task with this many state symbols. */
export function paletteFor(symbols: number): readonly Rgb[] {
  if (symbols > PALETTE.length) throw new RangeError(`the playground has colours for ${PALETTE.length} state symbols, this task has ${symbols}`);
  return PALETTE.slice(0, symbols);
}

export function cssColour([r, g, b]: Rgb): string {
  return `rgb(${r} ${g} ${b})`;
}
