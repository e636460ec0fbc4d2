/** Bands of background variables and shares (server/domain/stats/bands.ts), checked by hand. */
import { describe, expect, it } from 'vitest';
import { bandIndex, SHARE_BAND_LABELS, shareBandIndex } from '../../../server/domain/stats/bands.js';

describe('bands', () => {
  it('puts a value in the first band that contains it (inclusive bounds)', () => {
    const bands = [
      { label: '<3', max: 3 },
      { label: '4-6', min: 4, max: 6 },
      { label: '>16', min: 16 },
    ];
    expect([0, 3, 4, 6, 7, 16, 22].map((v) => bandIndex(v, bands))).toEqual([0, 0, 1, 1, -1, 2, 2]);
  });

  it('uses the share bands of breedtescan Tabel 22', () => {
    expect(SHARE_BAND_LABELS).toEqual(['0 %', '1-10 %', '11-25 %', '26-50 %', '51-75 %', '76-100 %']);
    expect([0, 0.5, 1, 10, 10.5, 11, 25, 26, 50, 51, 75, 76, 100].map(shareBandIndex)).toEqual([0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect([-1, 101, NaN].map(shareBandIndex)).toEqual([-1, -1, -1]);
  });
});
