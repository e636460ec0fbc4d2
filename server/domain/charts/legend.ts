/** A chart's legend: a swatch and a label per entry, in rows that wrap at the chart's width. */
import { coord, el, text, textWidth } from './svg.js';

const LEGEND_ROW = 20;

export interface LegendEntry {
  label: string;
  /** Attributes of the 12 × 12 swatch besides its place and size (fill, stroke). */
  swatch: Record<string, string | number>;
}

/** The legend as a group at the chart's top left, and the height it takes; `spacing` is the room after each label. */
export function legend(entries: LegendEntry[], width: number, font: number, spacing: number): { svg: string; height: number } {
  const items: string[] = [];
  let x = 0;
  let row = 0;
  for (const { label, swatch } of entries) {
    const w = 12 + 6 + textWidth(label, font) + spacing;
    if (x > 0 && x + w > width) {
      x = 0;
      row += 1;
    }
    items.push(
      el(
        'g',
        { transform: `translate(${coord(x)} ${coord(row * LEGEND_ROW)})` },
        el('rect', { x: 0, y: 0, width: 12, height: 12, ...swatch }),
        el('text', { x: 18, y: 10.5, fill: '#1b1b1b' }, text(label)),
      ),
    );
    x += w;
  }
  return { svg: el('g', { class: 'legend', transform: 'translate(4 8)' }, ...items), height: (row + 1) * LEGEND_ROW + 8 };
}
