import { describe, expect, it } from 'vitest';
import { randomInt, seededRandom } from './random.js';

const take = (seed: number, n: number): number[] => {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => r());
};

describe('seededRandom', () => {
  it('gives the same sequence for the same seed', () => {
    expect(take(12345, 1000)).toEqual(take(12345, 1000));
    expect(take(0, 50)).toEqual(take(0, 50));
  });

  it('gives different sequences for different seeds', () => {
    const seeds = [0, 1, 2, 3, 42, 12345, 2 ** 31, 2 ** 32 - 1];
    const firsts = seeds.map((s) => take(s, 20).join(','));
    expect(new Set(firsts).size).toBe(seeds.length);
    // Neighbouring seeds do not give shifted copies of each other either.
    const a = take(7, 100);
    const b = take(8, 100);
    expect(a.filter((x) => b.includes(x)).length).toBeLessThan(3);
  });

  it('matches the reference mulberry32 sequence', () => {
    // Reference mulberry32 (Tommy Ettinger), written out independently.
    function mulberry32(seed: number): () => number {
      let s = seed >>> 0;
      return () => {
        s = (s + 0x6d2b79f5) | 0;
        let t = Math.imul(s ^ (s >>> 15), 1 | s);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }
    for (const seed of [0, 1, 99, 123456789]) {
      const ref = mulberry32(seed);
      expect(take(seed, 200)).toEqual(Array.from({ length: 200 }, () => ref()));
    }
  });

  it('yields values in [0, 1) that are spread over the interval', () => {
    const xs = take(2024, 20000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const buckets = new Array<number>(10).fill(0);
    for (const x of xs) buckets[Math.floor(x * 10)]++;
    for (const count of buckets) expect(count).toBeGreaterThan(1700); // expected 2000 each
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
  });

  it('truncates fractional seeds and rejects non-finite ones', () => {
    expect(take(5.9, 10)).toEqual(take(5, 10));
    expect(() => seededRandom(Number.NaN)).toThrow(RangeError);
    expect(() => seededRandom(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('keeps independent generators independent', () => {
    const r1 = seededRandom(9);
    const r2 = seededRandom(9);
    r1();
    r1();
    const fresh = take(9, 3);
    expect(r2()).toBe(fresh[0]);
    expect(r1()).toBe(fresh[2]);
  });
});

describe('randomInt', () => {
  it('stays within [lo, hi] inclusive and reaches both ends', () => {
    const r = seededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) seen.add(randomInt(r, -2, 4));
    expect([...seen].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2, 3, 4]);
  });

  it('is uniform: every value in the range is about equally likely', () => {
    const r = seededRandom(4);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 14000; i++) counts[randomInt(r, -2, 4) + 2]++;
    for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('maps the extremes of the source to the ends of the range', () => {
    expect(randomInt(() => 0, 3, 9)).toBe(3);
    expect(randomInt(() => 0.999999999, 3, 9)).toBe(9);
    expect(randomInt(() => 0.5, 5, 5)).toBe(5);
  });
});
