/** The longest lattice a task will build (10⁸-digit sums fit, with their extra cell). */
export const MAX_LENGTH = 200_000_000;
/** The most steps a rollout task accepts. */
export const MAX_ROLLOUT_STEPS = 10_000_000;
