import { expect } from 'vitest';
import { TaskInputError } from './task.js';

/** The TaskInputError message `fn` throws; fails if it throws anything else, or nothing, or several lines. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TaskInputError);
    const message = (e as Error).message;
    expect(message).not.toMatch(/[\r\n]/);
    return message;
  }
  throw new Error('expected a TaskInputError, but nothing was thrown');
}
