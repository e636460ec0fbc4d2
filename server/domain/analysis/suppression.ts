/**
 * Small-cell suppression of breakdown tables, so nobody in a small group can be recognised.
 *
 * Primary: a cell with 0 < n < minimum is suppressed (an empty cell discloses nothing about anyone).
 * Complementary (secondary): the whole sample's mean is published, so a single suppressed cell could be
 * recomputed from the total and the other cells (n_total·mean_total − Σ n_c·mean_c). Therefore, while
 * exactly one cell is suppressed, or the suppressed cells together hold fewer than the minimum, the
 * smallest remaining non-empty cell is suppressed as well. What can then still be derived is the mean of
 * the suppressed cells together, which covers at least `minimum` respondents.
 *
 * This protects one table against its own total. Differencing between tables of different background
 * variables is not prevented; the minimum cell size (default 5) is the main protection.
 */

export type Suppression = 'small' | 'complementary' | null;

/**
 * Which cells to suppress, given each cell's n and cells already suppressed for another reason
 * (`forced`, counted as suppressed with their n).
 */
export function suppressCells(ns: readonly number[], minimum: number, forced: readonly boolean[] = []): Suppression[] {
  const out: Suppression[] = ns.map((n, i) => (forced[i] || (n > 0 && n < minimum) ? 'small' : null));
  for (;;) {
    const suppressed = ns.map((n, i) => ({ n, i })).filter(({ i }) => out[i] !== null);
    const count = suppressed.filter(({ n }) => n > 0).length;
    const sum = suppressed.reduce((a, { n }) => a + n, 0);
    if (count === 0 || (count > 1 && sum >= minimum)) return out;
    let next = -1;
    for (let i = 0; i < ns.length; i++)
      if (out[i] === null && ns[i]! > 0 && (next === -1 || ns[i]! < ns[next]!)) next = i;
    if (next === -1) return out;
    out[next] = 'complementary';
  }
}
