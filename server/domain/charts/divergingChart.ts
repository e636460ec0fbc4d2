/**
 * Diverging stacked bar charts of Likert answers (Robbins & Heiberger, "Plotting Likert and other
 * rating scales", 2011): one bar per statement, the negative answer categories stacked to the left
 * of a zero line and the positive ones to the right (an odd scale's middle category straddles the
 * line), so agreement reads as the length to the right. Declared missing answers ("geen oordeel")
 * are not on the scale: they are drawn apart, in a panel of their own on the right.
 *
 * The bars are drawn from the rounded percentages the table beside the chart prints (never more
 * precise), each segment labelled with its number when it is wide enough. Colours are ColorBrewer's
 * PuOr, which stays distinguishable for the common colour-vision deficiencies; the categories on one
 * side differ in lightness, so they also stay apart in greyscale print, and "geen oordeel" is hatched.
 */
import { formatPercent } from '../format/nl.js';
import { legend } from './legend.js';
import { linearScale } from './scale.js';
import { coord, el, safeId, svgRoot, text, textWidth, wrapText } from './svg.js';

export type Side = 'negative' | 'neutral' | 'positive' | 'apart';

export interface DivergingCategory {
  label: string;
  side: Side;
}

export interface DivergingRow {
  label: string;
  /** Percentages per category (as printed, already rounded), in the order of `categories`; null: the row's statement does not have the category. */
  percents: Array<number | null>;
}

export interface DivergingChartInput {
  id: string;
  title: string;
  description: string;
  /** In scale order (most negative first), then the categories drawn apart. */
  categories: DivergingCategory[];
  rows: DivergingRow[];
  /** Decimals of the printed percentages (the labels show exactly these). */
  decimals?: number;
}

const WIDTH = 720;
const FONT = 13;
const VALUE_FONT = 11;
const LINE_HEIGHT = 14;
const MAX_LABEL_WIDTH = 230;
const BAR = 20;
const ROW_GAP = 6;
const APART_GAP = 28;

/** ColorBrewer PuOr, by the number of scale points (2 to 7); each list from the most negative to the most positive. */
const PUOR: Record<number, string[]> = {
  2: ['#f1a340', '#998ec3'],
  3: ['#f1a340', '#f7f7f7', '#998ec3'],
  4: ['#e66101', '#fdb863', '#b2abd2', '#5e3c99'],
  5: ['#e66101', '#fdb863', '#f7f7f7', '#b2abd2', '#5e3c99'],
  6: ['#b35806', '#f1a340', '#fee0b6', '#d8daeb', '#998ec3', '#542788'],
  7: ['#b35806', '#f1a340', '#fee0b6', '#f7f7f7', '#d8daeb', '#998ec3', '#542788'],
};

/** The fill of "geen oordeel" and other answers drawn apart (hatched over it). */
export const APART_FILL = '#d9d9d9';

/** The colours of a scale of k points, most negative first; longer scales reuse the 7-point ends. */
export function scaleColours(k: number): string[] {
  if (PUOR[k]) return PUOR[k]!;
  const seven = PUOR[7]!;
  return Array.from({ length: k }, (_, i) => seven[Math.round((i * 6) / Math.max(1, k - 1))]!);
}

/** Relative luminance (WCAG 2) of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** Black or white text, whichever contrasts more with the fill. */
function textOn(fill: string): string {
  const l = luminance(fill);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#1b1b1b' : '#ffffff';
}

/** Tick step and the axis' reach (a multiple of the step, at most 100 %). */
function reach(max: number): { top: number; step: number } {
  const step = max > 50 ? 25 : max > 20 ? 10 : 5;
  return { top: Math.min(100, Math.max(step, Math.ceil(max / step) * step)), step };
}

/** A diverging stacked bar chart as an SVG string. Throws when a row's percentages do not match the categories. */
export function divergingChart(input: DivergingChartInput): string {
  const { categories, rows } = input;
  for (const r of rows) if (r.percents.length !== categories.length) throw new Error(`row "${r.label}" has ${r.percents.length} values for ${categories.length} categories`);
  const id = safeId(input.id);
  const decimals = input.decimals ?? 0;
  const scaleIdx = categories.map((c, i) => ({ c, i })).filter(({ c }) => c.side !== 'apart');
  const apartIdx = categories.map((c, i) => ({ c, i })).filter(({ c }) => c.side === 'apart');
  const colours = scaleColours(scaleIdx.length);
  const fillOf = new Map(scaleIdx.map(({ i }, k) => [i, colours[k]!]));
  const value = (r: DivergingRow, i: number) => r.percents[i] ?? 0;

  // how far each row reaches to either side: its negative (or positive) categories and half the neutral one
  const sideSum = (r: DivergingRow, side: 'negative' | 'positive') =>
    scaleIdx.reduce((a, { c, i }) => a + (c.side === side ? value(r, i) : c.side === 'neutral' ? value(r, i) / 2 : 0), 0);
  const { top, step } = reach(Math.max(1, ...rows.map((r) => Math.max(sideSum(r, 'negative'), sideSum(r, 'positive')))));
  const apartMax = Math.max(0, ...rows.map((r) => apartIdx.reduce((a, { i }) => a + value(r, i), 0)));

  const wrapped = rows.map((r) => wrapText(r.label, MAX_LABEL_WIDTH, FONT));
  const labelWidth = Math.min(MAX_LABEL_WIDTH, Math.max(60, ...wrapped.flat().map((l) => textWidth(l, FONT)))) + 14;
  const apartLabel = apartIdx.map(({ c }) => c.label).join(', ');
  // the apart panel uses the plot's scale (pixels per percent), so its bars compare honestly with the others
  const available = WIDTH - labelWidth - 8;
  // room beside the apart bars for their total and the panel's heading
  const apartText = Math.max(40, textWidth(apartLabel, 12));
  const pxPerPercent = apartIdx.length ? (available - APART_GAP - apartText) / (2 * top + apartMax) : available / (2 * top);
  const plotLeft = labelWidth;
  const plotRight = plotLeft + 2 * top * pxPerPercent;
  const x = linearScale([-top, top], [plotLeft, plotRight]);
  const apartLeft = plotRight + APART_GAP;

  const hatchId = `${id}-hatch`;
  const defs = el(
    'defs',
    {},
    el(
      'pattern',
      { id: hatchId, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      el('rect', { x: 0, y: 0, width: 6, height: 6, fill: APART_FILL }),
      el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#636363', 'stroke-width': 2 }),
    ),
  );
  const swatch = (fill: string, hatched: boolean) => (hatched ? `url(#${hatchId})` : fill);
  // the scale's categories in order, then the ones drawn apart
  const key = legend(
    [...scaleIdx, ...apartIdx].map(({ c, i }) => ({
      label: c.label,
      swatch: { fill: swatch(fillOf.get(i) ?? APART_FILL, c.side === 'apart'), stroke: '#444444', 'stroke-width': 0.6 },
    })),
    WIDTH - 8,
    FONT,
    18,
  );

  const headTop = 8 + key.height;
  const plotTop = headTop + 18;
  const segments: string[] = [];
  const labels: string[] = [];
  let y = plotTop;
  rows.forEach((r, ri) => {
    const lines = wrapped[ri]!;
    const blockHeight = Math.max(BAR, lines.length * LINE_HEIGHT);
    const barTop = y + (blockHeight - BAR) / 2;
    const mid = barTop + BAR / 2 + 4;
    const labelTop = y + blockHeight / 2 - ((lines.length - 1) * LINE_HEIGHT) / 2 + 4.5;
    labels.push(
      el(
        'text',
        { x: plotLeft - 8, y: labelTop, 'text-anchor': 'end', fill: '#1b1b1b' },
        ...lines.map((line, li) => el('tspan', { x: plotLeft - 8, dy: li === 0 ? 0 : LINE_HEIGHT }, text(line))),
      ),
    );
    const segment = (x0: number, width: number, fill: string, hatched: boolean, label: string, percent: number) => {
      if (width <= 0) return;
      const tip = `${r.label}: ${label} ${formatPercent(percent, decimals)}`;
      segments.push(
        el('rect', { class: 'segment', x: x0, y: barTop, width, height: BAR, fill: swatch(fill, hatched), stroke: '#ffffff', 'stroke-width': 0.8 }, el('title', {}, text(tip))),
      );
      const shown = formatPercent(percent, decimals).replace(' %', '');
      if (!hatched && width >= textWidth(shown, VALUE_FONT) + 6)
        segments.push(el('text', { class: 'segment-value', x: x0 + width / 2, y: mid, 'text-anchor': 'middle', 'font-size': VALUE_FONT, fill: textOn(fill) }, text(shown)));
    };
    // the neutral category straddles zero; the negatives stack leftwards from it, nearest-to-neutral first
    const neutral = scaleIdx.find(({ c }) => c.side === 'neutral');
    const half = neutral ? value(r, neutral.i) / 2 : 0;
    if (neutral && r.percents[neutral.i] !== null) segment(x(-half), x(half) - x(-half), fillOf.get(neutral.i)!, false, neutral.c.label, value(r, neutral.i));
    let left = -half;
    for (const { c, i } of [...scaleIdx].reverse()) {
      if (c.side !== 'negative' || r.percents[i] === null) continue;
      segment(x(left - value(r, i)), x(left) - x(left - value(r, i)), fillOf.get(i)!, false, c.label, value(r, i));
      left -= value(r, i);
    }
    let right = half;
    for (const { c, i } of scaleIdx) {
      if (c.side !== 'positive' || r.percents[i] === null) continue;
      segment(x(right), x(right + value(r, i)) - x(right), fillOf.get(i)!, false, c.label, value(r, i));
      right += value(r, i);
    }
    let apart = 0;
    for (const { c, i } of apartIdx) {
      if (r.percents[i] === null) continue;
      const w = value(r, i) * pxPerPercent;
      segment(apartLeft + apart, w, APART_FILL, true, c.label, value(r, i));
      apart += w;
    }
    if (apartIdx.some(({ i }) => r.percents[i] !== null)) {
      const total = apartIdx.reduce((a, { i }) => a + value(r, i), 0);
      segments.push(el('text', { class: 'apart-value', x: apartLeft + apart + 4, y: mid, 'font-size': VALUE_FONT, fill: '#1b1b1b' }, text(formatPercent(total, decimals))));
    }
    y += blockHeight + ROW_GAP;
  });
  const plotBottom = y - ROW_GAP / 2;

  const ticks: number[] = [];
  for (let t = -top; t <= top; t += step) ticks.push(t);
  const grid = ticks.map((t) =>
    el('line', { x1: x(t), x2: x(t), y1: plotTop - 6, y2: plotBottom, stroke: t === 0 ? '#1b1b1b' : '#d0d0d0', 'stroke-width': t === 0 ? 1.5 : 1 }),
  );
  const tickLabels = ticks.map((t) => el('text', { x: x(t), y: plotBottom + 16, 'text-anchor': 'middle', fill: '#1b1b1b', 'font-size': 12 }, text(formatPercent(Math.abs(t), 0))));
  const heads = [
    el('text', { x: x(-top / 2), y: headTop + 6, 'text-anchor': 'middle', fill: '#555555', 'font-size': 12 }, text('← negatief')),
    el('text', { x: x(top / 2), y: headTop + 6, 'text-anchor': 'middle', fill: '#555555', 'font-size': 12 }, text('positief →')),
    ...(apartIdx.length ? [el('text', { x: apartLeft, y: headTop + 6, fill: '#555555', 'font-size': 12 }, text(apartLabel))] : []),
  ];
  const height = plotBottom + 28;
  const body = [defs, key.svg, el('g', { class: 'grid' }, ...grid), el('g', { class: 'heads' }, ...heads), el('g', { class: 'labels' }, ...labels), el('g', { class: 'segments' }, ...segments), el('g', { class: 'axis' }, ...tickLabels)];
  return svgRoot(id, WIDTH, height, input.title, input.description, body.join(''));
}
