import { describe, expect, it } from 'vitest';
import { jsonNestingBeyond } from './json-nesting.js';

describe('jsonNestingBeyond', () => {
  it('finds where arrays and objects first nest past the limit', () => {
    expect(jsonNestingBeyond('{"a":[[1]]}', 3)).toBe(-1);
    expect(jsonNestingBeyond('{"a":[[1]]}', 2)).toBe(6);
    expect(jsonNestingBeyond('[{}, [], {"b": {}}]', 3)).toBe(-1);
    expect(jsonNestingBeyond('[{}, [], {"b": {"c": []}}]', 3)).toBe(21);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingBeyond('["[[[[", "\\"[[[[", {"k\\\\": "{{{{"}]', 2)).toBe(-1);
    expect(jsonNestingBeyond('["\\\\", [[1]]]', 2)).toBe(8);
  });

  it('scans a hundred thousand levels without recursion', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(jsonNestingBeyond(deep, 16)).toBe(16);
    expect(jsonNestingBeyond(deep, 100_000)).toBe(-1);
  });

  it("counts a checkpoint's six levels", () => {
    const value = { format: 'x', training: { progress: { optimizer: { m: [[0.5, 1], [2]] } } }, s: '[{' };
    const text = JSON.stringify(value);
    expect(jsonNestingBeyond(text, 6)).toBe(-1);
    expect(jsonNestingBeyond(text, 5)).toBe(text.indexOf('[[') + 1);
  });
});
