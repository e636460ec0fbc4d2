/**
 * The cumulative response curve as SVG markup: responses per day added up, drawn as steps (a day's
 * responses arrive during that day), with a dashed vertical line and a label at every mail round
 * (the invitation and each reminder), so the effect of a reminder shows as the step after it.
 */
import { formatCount, formatShortDay } from '../format/nl.js';
import { linearScale, niceTicks, SINGLE_COLOUR } from './scale.js';
import { coord, el, safeId, svgRoot, text, textWidth } from './svg.js';

export interface LineChartInput {
  id: string;
  title: string;
  description: string;
  /** Consecutive calendar days (YYYY-MM-DD) with the cumulative value at the end of each day. */
  days: Array<{ date: string; value: number }>;
  /** Vertical markers, e.g. { date, label: 'Herinnering 1' }; a date outside the days is left out. */
  markers: Array<{ date: string; label: string }>;
  /** Label of the vertical axis. */
  yLabel: string;
}

const WIDTH = 720;
const FONT = 12;
const MARKER_ROW = 15;

function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T12:00:00Z`) / 86_400_000);
}

/** A step line chart of a cumulative count with event markers, as an SVG string. */
export function cumulativeChart(input: LineChartInput): string {
  const id = safeId(input.id);
  const days = input.days;
  const first = days.length ? dayNumber(days[0]!.date) : 0;
  const last = days.length ? dayNumber(days[days.length - 1]!.date) : 1;
  const span = Math.max(1, last - first);
  const left = 52;
  const right = WIDTH - 40;
  const x = linearScale([first, first + span], [left, right]);
  const xOf = (day: string) => x(dayNumber(day));

  // marker labels go above the plot, on as many rows as needed to keep them from overlapping
  const markers = input.markers
    .filter((m) => dayNumber(m.date) >= first && dayNumber(m.date) <= last)
    .sort((a, b) => a.date.localeCompare(b.date));
  const rowEnds: number[] = [];
  const placed = markers.map((m) => {
    const mx = xOf(m.date);
    const w = textWidth(m.label, FONT);
    const start = Math.min(Math.max(mx - w / 2, 4), WIDTH - 4 - w);
    let row = rowEnds.findIndex((end) => end + 8 <= start);
    if (row === -1) {
      row = rowEnds.length;
      rowEnds.push(0);
    }
    rowEnds[row] = start + w;
    return { ...m, mx, start, row };
  });
  const top = 12 + Math.max(1, rowEnds.length) * MARKER_ROW;
  const plotHeight = 210;
  const bottom = top + plotHeight;
  const maxValue = Math.max(0, ...days.map((d) => d.value));
  const yTicks = niceTicks(maxValue, 5);
  const y = linearScale([0, yTicks[yTicks.length - 1]!], [bottom, top]);

  const parts: string[] = [];
  parts.push(
    el(
      'g',
      { class: 'grid' },
      ...yTicks.map((t) => el('line', { x1: left, x2: right, y1: y(t), y2: y(t), stroke: t === 0 ? '#555555' : '#d0d0d0', 'stroke-width': 1 })),
    ),
    el(
      'g',
      { class: 'axis' },
      ...yTicks.map((t) => el('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end', fill: '#1b1b1b', 'font-size': FONT }, text(formatCount(t)))),
      el(
        'text',
        { x: 14, y: (top + bottom) / 2, 'text-anchor': 'middle', fill: '#555555', 'font-size': FONT, transform: `rotate(-90 14 ${coord((top + bottom) / 2)})` },
        text(input.yLabel),
      ),
    ),
  );

  // x ticks: every day on short curves, weekly (from the first day) on longer ones, always the last day
  const step = span <= 10 ? 1 : span <= 21 ? 3 : 7;
  const xTicks: string[] = [];
  for (let i = 0; i < days.length; i += step) xTicks.push(days[i]!.date);
  const lastDay = days[days.length - 1]?.date;
  if (lastDay && xTicks[xTicks.length - 1] !== lastDay) {
    // drop a weekly tick that would collide with the last day's label
    if (xTicks.length > 1 && dayNumber(lastDay) - dayNumber(xTicks[xTicks.length - 1]!) < step / 2 + 1) xTicks.pop();
    xTicks.push(lastDay);
  }
  parts.push(
    el(
      'g',
      { class: 'axis' },
      ...xTicks.map((d) =>
        el(
          'g',
          {},
          el('line', { x1: xOf(d), x2: xOf(d), y1: bottom, y2: bottom + 4, stroke: '#555555' }),
          el('text', { x: xOf(d), y: bottom + 18, 'text-anchor': 'middle', fill: '#1b1b1b', 'font-size': FONT }, text(formatShortDay(d))),
        ),
      ),
    ),
  );

  parts.push(
    el(
      'g',
      { class: 'markers' },
      ...placed.map((m) =>
        el(
          'g',
          { class: 'marker' },
          el('line', { x1: m.mx, x2: m.mx, y1: 10 + m.row * MARKER_ROW + 14, y2: bottom, stroke: '#D55E00', 'stroke-width': 1.5, 'stroke-dasharray': '4 3' }),
          el('text', { x: m.start, y: 10 + m.row * MARKER_ROW + 10, fill: '#8c3a00', 'font-size': FONT }, text(m.label)),
        ),
      ),
    ),
  );

  if (days.length) {
    let d = `M${coord(xOf(days[0]!.date))} ${coord(y(days[0]!.value))}`;
    for (let i = 1; i < days.length; i++) d += `H${coord(xOf(days[i]!.date))}V${coord(y(days[i]!.value))}`;
    const area = `${d}V${coord(bottom)}H${coord(xOf(days[0]!.date))}Z`;
    const end = days[days.length - 1]!;
    parts.push(
      el('path', { class: 'area', d: area, fill: '#dbe6f2', stroke: 'none' }),
      el('path', { class: 'line', d, fill: 'none', stroke: SINGLE_COLOUR, 'stroke-width': 2.5, 'stroke-linejoin': 'round' }),
      el('text', { x: xOf(end.date) + 5, y: y(end.value) + 4, fill: '#1b1b1b', 'font-size': FONT, 'font-weight': 'bold' }, text(formatCount(end.value))),
    );
  }
  return svgRoot(id, WIDTH, bottom + 30, input.title, input.description, parts.join(''));
}
