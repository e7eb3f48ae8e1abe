import { parity, rule110 } from '@sead/tasks';
import { describe, expect, it } from 'vitest';
import { engineFor, LIVE_CELLS } from './engine-choice.js';

describe('engineFor', () => {
  it('plays short runs live and sends long ones to the sparse engine', () => {
    expect(engineFor(parity, parity.encode({ bits: '1'.repeat(LIVE_CELLS) }))).toBe('live-dense');
    expect(engineFor(parity, parity.encode({ bits: '1'.repeat(LIVE_CELLS + 1) }))).toBe('sparse');
    expect(engineFor(rule110, rule110.encode({ cells: '0101', steps: 100 }))).toBe('live-dense');
    // A narrow row rolled out for a million steps would hold a million rows in the page.
    expect(engineFor(rule110, rule110.encode({ cells: '0101', steps: 1_000_000 }))).toBe('sparse');
  });
});
