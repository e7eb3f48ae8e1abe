import { describe, expect, it } from 'vitest';
import { count, duration, perStep, shorten } from './format.js';

describe('formatting', () => {
  it('shortens long answers to their ends and length', () => {
    expect(shorten('12345')).toBe('12345');
    expect(shorten('1' + '0'.repeat(99), 12, 'digits')).toBe('1000…0000 (100 digits)');
  });

  it('prints times per step in a readable unit', () => {
    expect(perStep(12.34)).toBe('12.3 ms');
    expect(perStep(0.0765)).toBe('76.5 µs');
    expect(perStep(0.0000812)).toBe('81.2 ns');
    expect(perStep(NaN)).toBe('–');
    expect(duration(84.4)).toBe('84 ms');
    expect(duration(1234)).toBe('1.2 s');
    expect(count(1_000_000)).toBe('1,000,000');
  });
});
