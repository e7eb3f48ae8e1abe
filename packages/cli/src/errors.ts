/**
 * The two ways a command can end badly. `main` is the one place that turns either (or any other
 * thrown error) into a single `sead: error: …` line; commands only throw.
 */

/** The command line itself is wrong (unknown option, bad number, unknown task): exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command ran but did not succeed (unsolved training, wrong answers, bad input lines): exit status 1. */
export class Failure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Failure';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
