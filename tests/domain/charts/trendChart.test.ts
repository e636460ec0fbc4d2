import { describe, expect, it } from 'vitest';
import { trendChart } from '../../../server/domain/charts/trendChart.js';
import { checkWellFormed, count } from '../../helpers/svg.js';

const chart = (points: Array<{ mean: number | null; interval: [number, number] | null; n: number | null }>) =>
  trendChart({ id: 't', title: 'Trend', description: 'd', series: [{ label: 'Huis', points: points.map((p) => ({ label: '', ...p })) }], labels: points.map((_, i) => `${2023 + i}`), domain: [1, 4] });

describe('trendChart', () => {
  it('draws a point with its interval bar and n per wave, and leaves a gap where there is no mean', () => {
    const svg = chart([
      { mean: 2.5, interval: [1.4, 3.6], n: 6 },
      { mean: null, interval: null, n: null },
      { mean: 3.1, interval: [2.9, 3.3], n: 40 },
    ]);
    checkWellFormed(svg);
    expect(count(svg, '<circle class="point"')).toBe(2);
    expect(count(svg, '<line class="interval"')).toBe(2);
    expect(svg).toContain('Huis, 2023: 2,50 [1,40; 3,60], n = 6');
    expect(svg).toContain('n\u00a0=\u00a040');
    // the line does not jump over the missing year: two separate moves, no line segment
    const d = /class="trend-line" d="([^"]+)"/.exec(svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d).not.toContain('L');
  });

  it('places points no more precisely than the printed two decimals', () => {
    const y = (m: number) => /<circle class="point" cx="[^"]+" cy="([^"]+)"/.exec(chart([{ mean: m, interval: null, n: 5 }]))![1];
    expect(y(2.6912)).toBe(y(2.6949));
    expect(y(2.6951)).not.toBe(y(2.6949));
  });
});
