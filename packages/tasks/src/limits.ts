/** The longest lattice a task will build: beyond this one process cannot hold the arrays. */
export const MAX_LENGTH = 100_000_000;
/** The most steps a rollout task accepts. */
export const MAX_ROLLOUT_STEPS = 10_000_000;
