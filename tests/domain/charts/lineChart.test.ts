import { describe, expect, it } from 'vitest';
import { cumulativeChart } from '../../../server/domain/charts/lineChart.js';
import { checkWellFormed, count } from '../../helpers/svg.js';

function days(from: string, perDay: number[]): Array<{ date: string; value: number }> {
  let total = 0;
  return perDay.map((n, i) => {
    total += n;
    const d = new Date(`${from}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    return { date: d.toISOString().slice(0, 10), value: total };
  });
}

describe('cumulativeChart', () => {
  const curve = days('2014-11-15', [10, 2, 0, 1, 0, 0, 0, 12, 1, 0, 0, 0, 0, 0, 9, 0, 1]);

  it('draws the cumulative curve as steps with a marker per mail round', () => {
    const svg = cumulativeChart({
      id: 'curve',
      title: 'Cumulatieve respons',
      description: 'd',
      days: curve,
      markers: [
        { date: '2014-11-15', label: 'Uitnodiging' },
        { date: '2014-11-22', label: 'Herinnering 1' },
        { date: '2014-11-29', label: 'Herinnering 2' },
        { date: '2015-01-10', label: 'buiten de periode' },
      ],
      yLabel: 'Responses (cumulatief)',
    });
    checkWellFormed(svg);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="curve-title curve-desc"');
    expect(count(svg, 'class="marker"')).toBe(3);
    expect(svg).toContain('>Herinnering 2</text>');
    expect(svg).not.toContain('buiten de periode');
    // one horizontal and one vertical segment per following day
    const d = /<path class="line" d="([^"]+)"/.exec(svg)![1]!;
    expect(count(d, 'H')).toBe(curve.length - 1);
    expect(count(d, 'V')).toBe(curve.length - 1);
    // the final total is labelled
    expect(svg).toContain('font-weight="bold">36</text>');
    expect(svg).toContain('>15 nov');
    expect(svg).not.toMatch(/\sstyle=/);
  });

  it('puts the curve end at the top tick when the total is a round number', () => {
    const svg = cumulativeChart({ id: 'c', title: 't', description: 'd', days: days('2026-01-01', [5, 5, 10]), markers: [], yLabel: 'n' });
    expect(svg).toContain('>20</text>');
    checkWellFormed(svg);
  });

  it('survives a wave without days', () => {
    const svg = cumulativeChart({ id: 'c', title: 't', description: 'd', days: [], markers: [], yLabel: 'n' });
    checkWellFormed(svg);
    expect(svg).not.toContain('class="line"');
  });
});
