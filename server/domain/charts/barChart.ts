/**
 * Horizontal bar charts as SVG markup, drawn on the server (no JavaScript in the browser, printable):
 * one bar per category, or with several series a group of bars per category and a legend, in the
 * spirit of Figuur B1.1 and B1.2 of the Stappenmeter report (mean score per group on the 1–4 scale).
 *
 * Every bar carries its value as text, so the chart is readable in grey print and the numbers match
 * the table the page puts beside it; a value that is not shown (suppressed, no data) is drawn as "–"
 * without a bar.
 */
import { DASH, formatDecimal } from '../format/nl.js';
import { legend } from './legend.js';
import { linearScale, seriesColour, SINGLE_COLOUR } from './scale.js';
import { coord, el, safeId, svgRoot, text, textWidth, wrapText } from './svg.js';

export interface BarChartInput {
  /** Unique on the page: the ids of the <title> and <desc> derive from it. */
  id: string;
  title: string;
  /** A one- or two-sentence summary for screen readers; the numbers are in the table beside the chart. */
  description: string;
  /** Series labels; with one series no legend is drawn. */
  series: string[];
  /** Each category with one value per series (null: not shown). */
  categories: Array<{ label: string; values: Array<number | null> }>;
  /** The value axis, e.g. [1, 4] for the doelbereik scale: bars start at the lower end. */
  domain: [number, number];
  /** Tick values; default every whole number of the domain. */
  ticks?: number[];
  /** Text under the axis, e.g. "1 = helemaal niet … 4 = volledig". */
  axisLabel?: string;
  /** Decimals of the value labels (default 2). */
  decimals?: number;
}

const WIDTH = 720;
const FONT = 13;
const VALUE_FONT = 11;
const LINE_HEIGHT = 15;
const MAX_LABEL_WIDTH = 230;
const VALUE_SPACE = 44;
const CATEGORY_GAP = 12;

/** A horizontal (grouped) bar chart as an SVG string. Throws when a category's values do not match the series. */
export function barChart(input: BarChartInput): string {
  const { categories, series, domain } = input;
  for (const c of categories) {
    if (c.values.length !== series.length) throw new Error(`category "${c.label}" has ${c.values.length} values for ${series.length} series`);
  }
  const id = safeId(input.id);
  const decimals = input.decimals ?? 2;
  const ticks = input.ticks ?? Array.from({ length: Math.floor(domain[1]) - Math.ceil(domain[0]) + 1 }, (_, i) => Math.ceil(domain[0]) + i);
  const grouped = series.length > 1;
  const barHeight = grouped ? 13 : 20;
  const barGap = grouped ? 2 : 0;

  const wrapped = categories.map((c) => wrapText(c.label, MAX_LABEL_WIDTH, FONT));
  const labelWidth = Math.min(MAX_LABEL_WIDTH, Math.max(60, ...wrapped.flat().map((l) => textWidth(l, FONT)))) + 14;
  const plotLeft = labelWidth;
  const plotRight = WIDTH - VALUE_SPACE;
  const x = linearScale(domain, [plotLeft, plotRight]);

  // with one series the bars need no key
  const key = series.length < 2 ? null : legend(series.map((label, i) => ({ label, swatch: { fill: seriesColour(i) } })), WIDTH - 8, FONT, 20);
  const top = 8 + (key?.height ?? 0);
  const parts: string[] = key ? [key.svg] : [];

  let y = top;
  const bars: string[] = [];
  const labels: string[] = [];
  categories.forEach((category, ci) => {
    const lines = wrapped[ci]!;
    const barsHeight = series.length * barHeight + (series.length - 1) * barGap;
    const blockHeight = Math.max(barsHeight, lines.length * LINE_HEIGHT);
    const barsTop = y + (blockHeight - barsHeight) / 2;
    const labelTop = y + blockHeight / 2 - ((lines.length - 1) * LINE_HEIGHT) / 2 + 4.5;
    labels.push(
      el(
        'text',
        { x: plotLeft - 8, y: labelTop, 'text-anchor': 'end', fill: '#1b1b1b' },
        ...lines.map((line, li) => el('tspan', { x: plotLeft - 8, dy: li === 0 ? 0 : LINE_HEIGHT }, text(line))),
      ),
    );
    category.values.forEach((value, si) => {
      const by = barsTop + si * (barHeight + barGap);
      const mid = by + barHeight / 2 + 4;
      const name = grouped ? `${category.label}, ${series[si]}` : category.label;
      if (value === null || !Number.isFinite(value)) {
        bars.push(
          el('text', { class: 'bar-missing', x: plotLeft + 4, y: mid, 'font-size': VALUE_FONT, fill: '#555555' }, text(DASH), el('title', {}, text(`${name}: niet getoond`))),
        );
        return;
      }
      const x0 = x(domain[0]);
      // the bar no more precise than its printed number: its width must not carry hidden digits
      const x1 = x(Number(value.toFixed(decimals)));
      bars.push(
        el(
          'rect',
          { class: 'bar', x: x0, y: by, width: Math.max(1, x1 - x0), height: barHeight, fill: grouped ? seriesColour(si) : SINGLE_COLOUR },
          el('title', {}, text(`${name}: ${formatDecimal(value, decimals)}`)),
        ),
      );
      bars.push(el('text', { class: 'bar-value', x: x1 + 4, y: mid, 'font-size': VALUE_FONT, fill: '#1b1b1b' }, text(formatDecimal(value, decimals))));
    });
    y += blockHeight + CATEGORY_GAP;
  });
  const plotBottom = y - CATEGORY_GAP / 2;

  const grid = ticks.map((t) =>
    el('line', { x1: x(t), x2: x(t), y1: top - 4, y2: plotBottom, stroke: t === domain[0] ? '#555555' : '#d0d0d0', 'stroke-width': 1 }),
  );
  const tickLabels = ticks.map((t) =>
    el('text', { x: x(t), y: plotBottom + 16, 'text-anchor': 'middle', fill: '#1b1b1b' }, text(formatDecimal(t, Number.isInteger(t) ? 0 : 1))),
  );
  let height = plotBottom + 24;
  if (input.axisLabel) {
    tickLabels.push(el('text', { x: (plotLeft + plotRight) / 2, y: plotBottom + 36, 'text-anchor': 'middle', fill: '#555555', 'font-size': 12 }, text(input.axisLabel)));
    height += 14;
  }
  parts.push(el('g', { class: 'grid' }, ...grid), el('g', { class: 'labels' }, ...labels), el('g', { class: 'bars' }, ...bars), el('g', { class: 'axis' }, ...tickLabels));
  return svgRoot(id, WIDTH, height + 4, input.title, input.description, parts.join(''));
}
