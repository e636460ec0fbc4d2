/**
 * The diverging stacked bars of the answer distributions: negative answers left of zero, positive
 * right, "geen oordeel" apart; bar lengths drawn from the printed (rounded) percentages and nothing
 * finer; colours that differ for colour-blind readers and in lightness on each side (greyscale print).
 */
import { describe, expect, it } from 'vitest';
import { APART_FILL, divergingChart, luminance, scaleColours } from '../../../server/domain/charts/divergingChart.js';
import { checkWellFormed, count } from '../../helpers/svg.js';

const categories = [
  { label: 'helemaal niet', side: 'negative' as const },
  { label: 'enigszins', side: 'negative' as const },
  { label: 'grotendeels', side: 'positive' as const },
  { label: 'volledig', side: 'positive' as const },
  { label: 'geen oordeel', side: 'apart' as const },
];

interface Segment {
  x: number;
  width: number;
  fill: string;
  title: string;
}

function segments(svg: string): Segment[] {
  return [...svg.matchAll(/<rect class="segment" x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="([^"]+)"[^>]*><title>([^<]*)<\/title>/g)].map((m) => ({
    x: Number(m[1]),
    width: Number(m[2]),
    fill: m[3]!,
    title: m[4]!,
  }));
}

/** The x of the zero line. */
function zero(svg: string): number {
  return Number(/<line x1="([\d.]+)" x2="[\d.]+" y1="[\d.]+" y2="[\d.]+" stroke="#1b1b1b" stroke-width="1.5"\/>/.exec(svg)![1]);
}

describe('divergingChart', () => {
  const svg = divergingChart({
    id: 'p-dist-informatiedeling',
    title: 'Verdeling van de antwoorden: Informatiedeling',
    description: 'Gestapeld staafdiagram; dezelfde percentages staan in tabel 4.',
    categories,
    rows: [
      { label: 'Informatie wordt tijdig gedeeld', percents: [4, 18, 34, 44, null] },
      { label: 'Gegevens worden voldoende beschermd opgeslagen', percents: [3, 13, 41, 29, 14] },
    ],
  });

  it('is accessible, well-formed SVG without style attributes', () => {
    checkWellFormed(svg);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="p-dist-informatiedeling-title p-dist-informatiedeling-desc"');
    expect(svg).not.toMatch(/\sstyle=/);
    // a legend entry per category, geen oordeel with its hatching
    expect(count(svg, '<g class="legend"')).toBe(1);
    for (const c of categories) expect(svg).toContain(`>${c.label}</text>`);
  });

  it('stacks the negative answers left of the zero line and the positive ones right, geen oordeel apart beyond the scale', () => {
    const z = zero(svg);
    const all = segments(svg);
    const first = all.filter((s) => s.title.startsWith('Informatie wordt tijdig gedeeld'));
    const byLabel = (rows: Segment[], label: string) => rows.find((s) => s.title.includes(`: ${label} `))!;
    // enigszins touches zero from the left, helemaal niet is outside it; grotendeels touches zero from the right
    expect(byLabel(first, 'enigszins').x + byLabel(first, 'enigszins').width).toBeCloseTo(z, 1);
    expect(byLabel(first, 'helemaal niet').x + byLabel(first, 'helemaal niet').width).toBeCloseTo(byLabel(first, 'enigszins').x, 1);
    expect(byLabel(first, 'grotendeels').x).toBeCloseTo(z, 1);
    expect(byLabel(first, 'volledig').x).toBeCloseTo(byLabel(first, 'grotendeels').x + byLabel(first, 'grotendeels').width, 1);
    // no geen oordeel for a statement without it
    expect(first.some((s) => s.title.includes('geen oordeel'))).toBe(false);
    const second = all.filter((s) => s.title.startsWith('Gegevens worden'));
    const apart = byLabel(second, 'geen oordeel');
    expect(apart.fill).toMatch(/^url\(#p-dist-informatiedeling-hatch\)$/);
    const rightEnd = Math.max(...second.filter((s) => s !== apart).map((s) => s.x + s.width));
    expect(apart.x).toBeGreaterThan(rightEnd + 10);
    expect(svg).toContain('>14 %</text>');
  });

  it('draws lengths from the printed percentages: one scale for every segment, nothing finer than a whole percent', () => {
    const all = segments(svg);
    const perPercent = all[0]!.width / Number(/ (\d+) %$/.exec(all[0]!.title)![1]);
    for (const s of all) {
      const printed = Number(/ (\d+) %$/.exec(s.title)![1]);
      // each width is its printed percentage on the common scale (to the 0.01 px the markup keeps)
      expect(Math.abs(s.width - printed * perPercent)).toBeLessThan(0.02);
    }
    // the value written in a wide segment is the printed percentage
    expect(svg).toContain('>44</text>');
  });

  it('straddles zero with the middle answer of an odd scale', () => {
    const odd = divergingChart({
      id: 'odd',
      title: 't',
      description: 'd',
      categories: [
        { label: 'oneens', side: 'negative' },
        { label: 'neutraal', side: 'neutral' },
        { label: 'eens', side: 'positive' },
      ],
      rows: [{ label: 'Stelling', percents: [20, 30, 50] }],
    });
    const z = zero(odd);
    const neutral = segments(odd).find((s) => s.title.includes('neutraal'))!;
    expect(neutral.x + neutral.width / 2).toBeCloseTo(z, 1);
  });

  it('uses colours that stay apart for colour-blind readers and in greyscale: lightness steps on each side', () => {
    for (const k of [2, 3, 4, 5, 6, 7]) {
      const colours = scaleColours(k);
      expect(colours).toHaveLength(k);
      expect(new Set(colours).size).toBe(k);
      // on each side the categories differ in lightness: the outer ones are darker
      const half = Math.floor(k / 2);
      const negative = colours.slice(0, half).map(luminance);
      const positive = colours.slice(k - half).map(luminance);
      for (let i = 1; i < negative.length; i++) expect(negative[i]! - negative[i - 1]!).toBeGreaterThan(0.1);
      for (let i = 1; i < positive.length; i++) expect(positive[i - 1]! - positive[i]!).toBeGreaterThan(0.1);
    }
    // the 4-point scale is ColorBrewer's PuOr, whose orange and purple hues colour-blind readers tell apart
    expect(scaleColours(4)).toEqual(['#e66101', '#fdb863', '#b2abd2', '#5e3c99']);
    // geen oordeel is grey and hatched, unlike any scale colour
    expect(scaleColours(4)).not.toContain(APART_FILL);
  });

  it('refuses rows whose percentages do not match the categories', () => {
    expect(() => divergingChart({ id: 'x', title: 't', description: 'd', categories, rows: [{ label: 'a', percents: [1, 2] }] })).toThrow(/2 values for 5 categories/);
  });
});
