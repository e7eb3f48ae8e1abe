import { describe, expect, it } from 'vitest';
import { TaskInputError } from './task.js';

describe('TaskInputError', () => {
  it('is recognised across two copies of the package', async () => {
    // A second instance of the module (vite loads a query as a module of its own), as a plugin's own
    // installed copy would be.
    const another = './task.js?another-copy';
    const copy = (await import(another)) as typeof import('./task.js');
    expect(copy.TaskInputError).not.toBe(TaskInputError);
    expect(new copy.TaskInputError('field "a" is missing')).toBeInstanceOf(TaskInputError);
    expect(new TaskInputError('field "a" is missing')).toBeInstanceOf(copy.TaskInputError);
  });

  it('is not any error, and subclasses keep the ordinary check', () => {
    class FieldError extends TaskInputError {}
    expect(new Error('boom')).not.toBeInstanceOf(TaskInputError);
    expect(Object.assign(new Error('x'), { name: 'TaskInputError' })).not.toBeInstanceOf(TaskInputError);
    expect(null).not.toBeInstanceOf(TaskInputError);
    expect(new FieldError('x')).toBeInstanceOf(TaskInputError);
    expect(new FieldError('x')).toBeInstanceOf(FieldError);
    expect(new TaskInputError('x')).not.toBeInstanceOf(FieldError);
    expect(new TaskInputError('x')).toBeInstanceOf(Error);
  });
});
