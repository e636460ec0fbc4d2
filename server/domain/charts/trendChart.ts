/**
 * A trend as SVG: one point per wave (in time order, evenly spaced: waves are moments, not a
 * continuous time axis), joined by a line, each with its 95 % interval as a vertical bar and its n
 * under the label. A point withheld or without a score leaves a gap (the line does not jump over it).
 * Points and bars are placed at the printed precision (two decimals), like the bar charts.
 */
import { formatCount, formatDecimal, formatInterval } from '../format/nl.js';
import { linearScale, seriesColour } from './scale.js';
import { coord, el, safeId, svgRoot, text, wrapText } from './svg.js';

export interface TrendPoint {
  label: string;
  mean: number | null;
  interval: [number, number] | null;
  n: number | null;
}

export interface TrendChartInput {
  id: string;
  title: string;
  description: string;
  /** One line per series (e.g. this house, all houses), points in the same order for each. */
  series: Array<{ label: string; points: TrendPoint[] }>;
  /** The point labels (waves or years), shared by every series. */
  labels: string[];
  domain: [number, number];
  axisLabel?: string;
}

const WIDTH = 720;
const FONT = 12;
const DECIMALS = 2;

const printed = (x: number) => Number(x.toFixed(DECIMALS));

/** A line chart of means with their 95 % intervals, as an SVG string. */
export function trendChart(input: TrendChartInput): string {
  const id = safeId(input.id);
  const { domain, labels } = input;
  // room beside the first and last point for their centred labels ("n = 1.234/5.678")
  const left = 80;
  const right = WIDTH - 70;
  const top = 14 + input.series.length * 18;
  const plotHeight = 220;
  const y = linearScale(domain, [top + plotHeight, top]);
  const step = labels.length > 1 ? (right - left) / (labels.length - 1) : 0;
  const xOf = (i: number) => (labels.length > 1 ? left + i * step : (left + right) / 2);
  const parts: string[] = [];

  input.series.forEach((s, si) =>
    parts.push(
      el(
        'g',
        { class: 'legend', transform: `translate(${left} ${8 + si * 18})` },
        el('line', { x1: 0, y1: 6, x2: 18, y2: 6, stroke: seriesColour(si), 'stroke-width': 2.5 }),
        el('text', { x: 24, y: 10.5, fill: '#1b1b1b', 'font-size': FONT }, text(s.label)),
      ),
    ),
  );
  for (let t = Math.ceil(domain[0]); t <= Math.floor(domain[1]); t++)
    parts.push(
      el('line', { x1: 48, y1: coord(y(t)), x2: WIDTH - 24, y2: coord(y(t)), stroke: '#d9d9d9' }),
      el('text', { x: 40, y: coord(y(t) + 4), 'text-anchor': 'end', 'font-size': FONT, fill: '#1b1b1b' }, text(String(t))),
    );
  if (input.axisLabel) parts.push(el('text', { x: left, y: top + plotHeight + 58, 'font-size': 11, fill: '#555555' }, text(input.axisLabel)));

  labels.forEach((label, i) => {
    const lines = wrapText(label, Math.max(60, step - 6), 11, 2);
    const n = input.series.map((s) => s.points[i]?.n).filter((v): v is number => v !== null && v !== undefined);
    parts.push(
      el(
        'text',
        { x: coord(xOf(i)), y: top + plotHeight + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#1b1b1b' },
        ...lines.map((l, li) => el('tspan', { x: coord(xOf(i)), dy: li === 0 ? 0 : 13 }, text(l))),
        ...(n.length ? [el('tspan', { x: coord(xOf(i)), dy: 13, fill: '#555555' }, text(`n\u00a0=\u00a0${n.map(formatCount).join('/')}`))] : []),
      ),
    );
  });

  input.series.forEach((s, si) => {
    const colour = seriesColour(si);
    // a series beside another is shifted a little, so their interval bars do not cover each other
    const dx = (si - (input.series.length - 1) / 2) * 6;
    let path = '';
    s.points.forEach((p, i) => {
      if (p.mean === null) {
        path += ' ';
        return;
      }
      const px = coord(xOf(i) + dx);
      const py = coord(y(printed(p.mean)));
      path += `${path === '' || path.endsWith(' ') ? 'M' : 'L'}${px} ${py}`;
      const name = `${s.label}, ${labels[i]}: ${formatDecimal(p.mean, DECIMALS)}${p.interval ? ` ${formatInterval(p.interval, DECIMALS)}` : ''}${p.n !== null ? `, n = ${formatCount(p.n)}` : ''}`;
      if (p.interval)
        parts.push(el('line', { class: 'interval', x1: px, x2: px, y1: coord(y(printed(p.interval[0]))), y2: coord(y(printed(p.interval[1]))), stroke: colour, 'stroke-width': 1.5 }));
      parts.push(el('circle', { class: 'point', cx: px, cy: py, r: 4, fill: colour }, el('title', {}, text(name))));
    });
    const d = path.trim().split(' ').filter(Boolean).join(' ');
    if (d) parts.unshift(el('path', { class: 'trend-line', d, fill: 'none', stroke: colour, 'stroke-width': 2 }));
  });

  return svgRoot(id, WIDTH, top + plotHeight + 66, input.title, input.description, parts.join(''));
}
