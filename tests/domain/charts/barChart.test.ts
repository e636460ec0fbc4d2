import { describe, expect, it } from 'vitest';
import { barChart } from '../../../server/domain/charts/barChart.js';
import { checkWellFormed, count } from '../../helpers/svg.js';

const aspects = ['Selectie', 'Voorbereiding', 'Informatiedeling'];

describe('barChart', () => {
  it('draws a bar no more precisely than its printed number (a width must not carry hidden digits)', () => {
    const widths = (v: number) =>
      [...barChart({ id: 'g', title: 't', description: 'd', series: ['s'], categories: [{ label: 'a', values: [v] }], domain: [1, 4] }).matchAll(/<rect class="bar"[^>]*width="([^"]+)"/g)].map((m) => m[1]);
    expect(widths(2.6912)).toEqual(widths(2.6949));
    expect(widths(2.6912)).toEqual(widths(2.69));
    expect(widths(2.6951)).not.toEqual(widths(2.6949));
  });

  it('draws one bar per value with its Dutch value label, and is accessible SVG', () => {
    const svg = barChart({
      id: 'fig-overleg',
      title: 'Gemiddelde score per overlegvorm',
      description: 'Gemiddelde over alle aspecten, schaal 1 tot 4.',
      series: ['Alle aspecten'],
      categories: [
        { label: 'Individueel casusoverleg', values: [3.05] },
        { label: 'Jeugdgroepsaanpak', values: [2.874] },
      ],
      domain: [1, 4],
    });
    checkWellFormed(svg);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="fig-overleg-title fig-overleg-desc"');
    expect(svg).toContain('<title id="fig-overleg-title">Gemiddelde score per overlegvorm</title>');
    expect(svg).toContain('<desc id="fig-overleg-desc">');
    expect(count(svg, '<rect class="bar"')).toBe(2);
    expect(svg).toContain('>3,05</text>');
    expect(svg).toContain('>2,87</text>');
    // one series: no legend
    expect(svg).not.toContain('class="legend"');
    // CSP style-src 'self': no style attributes
    expect(svg).not.toMatch(/\sstyle=/);
  });

  it('draws bar lengths proportional to the value on the 1–4 axis', () => {
    const svg = barChart({ id: 'x', title: 't', description: 'd', series: ['s'], categories: [{ label: 'a', values: [4] }, { label: 'b', values: [2.5] }], domain: [1, 4] });
    const widths = [...svg.matchAll(/<rect class="bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[2]));
    expect(widths).toHaveLength(2);
    // (2.5 − 1) / (4 − 1) = half of the full bar
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.5, 2);
  });

  it('groups bars per category with a legend, and draws a missing value as a dash without a bar', () => {
    const svg = barChart({
      id: 'fig-b12',
      title: 'Score per aspect naar aanwezigheid',
      description: 'd',
      series: ['3 of minder', '4-6'],
      categories: aspects.map((label, i) => ({ label, values: [3 + i / 10, i === 1 ? null : 2.5] })),
      domain: [1, 4],
    });
    checkWellFormed(svg);
    expect(count(svg, '<rect class="bar"')).toBe(5);
    expect(count(svg, 'class="bar-missing"')).toBe(1);
    expect(svg).toContain('Voorbereiding, 4-6: niet getoond');
    expect(svg).toContain('class="legend"');
    expect(svg).toContain('>3 of minder</text>');
    // two series have two different colours
    const fills = new Set([...svg.matchAll(/<rect class="bar"[^>]* fill="(#[0-9A-Fa-f]{6})"/g)].map((m) => m[1]));
    expect(fills.size).toBe(2);
  });

  it('escapes labels, so a house or option name cannot inject markup', () => {
    const svg = barChart({
      id: 'x',
      title: 'Huis <script>alert(1)</script> & co',
      description: '"quoted"',
      series: ['s'],
      categories: [{ label: '<img src=x onerror=alert(1)>', values: [2] }],
      domain: [1, 4],
    });
    checkWellFormed(svg);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('Huis &lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
  });

  it('refuses a category whose values do not match the series', () => {
    expect(() => barChart({ id: 'x', title: 't', description: 'd', series: ['a', 'b'], categories: [{ label: 'c', values: [1] }], domain: [1, 4] })).toThrow(
      /1 values for 2 series/,
    );
  });
});
