/**
 * Grouping numbers into bands.
 *
 * Background bands (questionnaire `background[].bands`) are inclusive on both ends and apply to what
 * an option means (its `meaning`, e.g. an attendance count), never to its code: averaging or banding
 * option codes as counts is the error of Tabel B1.2 of the Stappenmeter report. The first band that
 * contains the value wins; a value outside every band belongs to none (−1).
 *
 * Share bands are the columns of breedtescan Tabel 22: 0 %, 1-10 %, 11-25 %, 26-50 %, 51-75 %,
 * 76-100 %. For shares that are not whole percentages the bands are read as 0, (0, 10], (10, 25],
 * (25, 50], (50, 75], (75, 100], so every share from 0 to 100 has exactly one band.
 */
import type { Band } from '../questionnaire/schema.js';

/** Index of the first band containing the value (inclusive bounds), or −1. */
export function bandIndex(value: number, bands: readonly Band[]): number {
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i]!;
    if ((b.min === undefined || value >= b.min) && (b.max === undefined || value <= b.max)) return i;
  }
  return -1;
}

/** The share bands of breedtescan Tabel 22. */
export const SHARE_BAND_LABELS = ['0 %', '1-10 %', '11-25 %', '26-50 %', '51-75 %', '76-100 %'] as const;
const SHARE_BAND_UPPER = [0, 10, 25, 50, 75, 100];

/** Band index of a share in percent (0–100); −1 outside that range. */
export function shareBandIndex(percent: number): number {
  if (!(percent >= 0) || percent > 100) return -1;
  for (let i = 0; i < SHARE_BAND_UPPER.length; i++) if (percent <= SHARE_BAND_UPPER[i]!) return i;
  return -1;
}
