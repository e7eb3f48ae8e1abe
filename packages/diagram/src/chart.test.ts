import { describe, expect, it } from 'vitest';
import { lineChart } from './chart.js';

interface Tick {
  value: number;
  position: number;
}

function ticks(svg: string, axis: 'x' | 'y'): Tick[] {
  const coordinate = axis === 'x' ? 'x1' : 'y1';
  return [...svg.matchAll(new RegExp(`<line class="${axis}-tick" data-value="([^"]+)" x1="([\\d.]+)" y1="([\\d.]+)"`, 'g'))].map((m) => ({
    value: Number(m[1]),
    position: Number(coordinate === 'x1' ? m[2] : m[3]),
  }));
}

function markers(svg: string, name: string): [number, number][] {
  const group = new RegExp(`<g class="series" data-name="${name}">([\\s\\S]*?)</g>`).exec(svg)?.[1] ?? '';
  return [...group.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('lineChart', () => {
  const steps = [
    { name: 'addition, adversarial max', points: [[16, 16], [256, 256], [65_536, 65_536], [1_000_000, 1_000_000]] as [number, number][] },
    { name: 'addition, random median', points: [[16, 3], [256, 4], [65_536, 5], [1_000_000, 6]] as [number, number][], dashed: true },
  ];

  it('puts a labelled tick at every power of ten, equally spaced, on both log axes', () => {
    const svg = lineChart(steps, { title: 'steps', xLabel: 'L', yLabel: 'steps', xScale: 'log', yScale: 'log' });
    for (const axis of ['x', 'y'] as const) {
      const major = ticks(svg, axis).filter((t) => Number.isInteger(Math.log10(t.value)) && Math.abs(Math.log10(t.value) - Math.round(Math.log10(t.value))) < 1e-9);
      expect(major.map((t) => t.value)).toEqual(axis === 'x' ? [10, 100, 1000, 1e4, 1e5, 1e6] : [1, 10, 100, 1000, 1e4, 1e5, 1e6]);
      const gaps = major.slice(1).map((t, k) => t.position - major[k].position);
      for (const gap of gaps) expect(Math.abs(gap - gaps[0])).toBeLessThanOrEqual(0.2);
    }
    expect(svg).toContain('>10⁶</text>');
    expect(svg).toContain('>1000</text>');
    expect(svg).toContain('>1</text>');
  });

  it('places every point where the log scale says', () => {
    const svg = lineChart(steps, { title: 'steps', xLabel: 'L', yLabel: 'steps', xScale: 'log', yScale: 'log' });
    const position = (axis: 'x' | 'y', value: number) => {
      const [a, b] = ticks(svg, axis).filter((t) => t.value === 10 || t.value === 1e6);
      return a.position + ((Math.log10(value) - 1) / 5) * (b.position - a.position);
    };
    for (const series of steps) {
      const drawn = markers(svg, series.name);
      expect(drawn).toHaveLength(series.points.length);
      series.points.forEach(([x, y], k) => {
        expect(Math.abs(drawn[k][0] - position('x', x))).toBeLessThanOrEqual(0.2);
        expect(Math.abs(drawn[k][1] - position('y', y))).toBeLessThanOrEqual(0.2);
      });
    }
    // y grows upwards: the adversarial line (y = L) rises from left to right.
    const adversarial = markers(svg, 'addition, adversarial max');
    expect(adversarial[3][1]).toBeLessThan(adversarial[0][1]);
    expect(svg).toContain('stroke-dasharray');
  });

  it('draws a linear axis with round ticks and a formatter, and leaves out what a log axis cannot show', () => {
    const svg = lineChart(
      [{ name: 'parity', points: [[16, 100], [64, 50], [0, 75]] }],
      { title: 'accuracy', xLabel: 'L', yLabel: 'exact match', xScale: 'log', yDomain: [0, 100], yFormat: (v) => `${v}%` },
    );
    expect(ticks(svg, 'y').map((t) => t.value)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(svg).toContain('>100%</text>');
    expect(markers(svg, 'parity')).toHaveLength(2);
    expect(svg).toContain('parity (1 point ≤ 0 not shown)');
    const [top, bottom] = [ticks(svg, 'y').find((t) => t.value === 100)!, ticks(svg, 'y').find((t) => t.value === 0)!];
    expect(markers(svg, 'parity')[1][1]).toBeCloseTo((top.position + bottom.position) / 2, 0);
  });

  it('rejects an axis range it cannot draw', () => {
    expect(() => lineChart([], { title: '', xLabel: '', yLabel: '', xScale: 'log', xDomain: [0, 10] })).toThrow(/log axis needs a range/);
    expect(() => lineChart([], { title: '', xLabel: '', yLabel: '', yDomain: [5, 5] })).toThrow(/linear axis/);
  });
});
