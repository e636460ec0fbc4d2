/** Linear scales, "nice" tick values and the colour palette shared by the charts. */

/** A linear map from a data domain onto a pixel range, clamped to the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value) => {
    const t = Math.min(1, Math.max(0, (value - d0) / span));
    return r0 + t * (r1 - r0);
  };
}

/**
 * Round tick values from 0 to at least `max`, about `count` of them, with a step of 1, 2 or 5 times
 * a power of ten (whole numbers only: the curve counts responses). Returns the ticks; the last is the
 * top of the axis.
 */
export function niceTicks(max: number, count = 5): number[] {
  const top = Math.max(1, max);
  const raw = top / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power);
  const ticks: number[] = [];
  for (let v = 0; v < top + step; v += step) {
    ticks.push(v);
    if (v >= top) break;
  }
  return ticks;
}

/**
 * Colours for series (Okabe–Ito hues, darkened where needed): each has a contrast of at least 3:1
 * against white, as WCAG 1.4.11 asks of graphical objects. Values are printed on the bars as well,
 * so a chart stays readable in grey print.
 */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#7B3294', '#8C510A', '#555555', '#154273'] as const;

/** The colour of the i-th series. */
export function seriesColour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** The single colour of a chart with one series: the site's accent. */
export const SINGLE_COLOUR = '#154273';
