import { describe, expect, it } from 'vitest';
import { stepStats } from './stats.js';

describe('stepStats', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(stepStats([9, 1, 5])).toEqual({ min: 1, median: 5, max: 9, mean: 5 });
  });

  it('averages the middle two of an even count', () => {
    expect(stepStats([4, 1, 10, 2])).toEqual({ min: 1, median: 3, max: 10, mean: 4.25 });
  });

  it('is all zeros for no runs and does not reorder its input', () => {
    expect(stepStats([])).toEqual({ min: 0, median: 0, max: 0, mean: 0 });
    const steps = [3, 1, 2];
    stepStats(steps);
    expect(steps).toEqual([3, 1, 2]);
  });
});
