/**
 * The longest lattice a task will build: 2^28 cells, the grid of a product of two 16,384-bit
 * integers (10⁸-digit sums fit too, with their extra cell).
 */
export const MAX_LENGTH = 268_435_456;
/** The most steps a rollout task accepts. */
export const MAX_ROLLOUT_STEPS = 10_000_000;
