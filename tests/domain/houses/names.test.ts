import { describe, expect, it } from 'vitest';
import { houseKey, nearDuplicateGroups } from '../../../server/domain/houses/names.js';

describe('near-duplicate house names', () => {
  it('fold case, spacing, accents, punctuation and the "Veiligheidshuis" / "VHH" prefixes', () => {
    const twente = ['Veiligheidshuis Twente', 'veiligheidshuis  twente', 'VHH Twente', 'Veiligheidshuis regio Twente', 'Het Veiligheidshuis Twente', 'VH-Twente', ' Twente '];
    expect(new Set(twente.map(houseKey))).toEqual(new Set(['twente']));
    expect(houseKey('Veiligheidshuis Fryslân')).toBe(houseKey('veiligheidshuis fryslan'));
  });

  it('keep different houses apart, and a name that is only a prefix', () => {
    expect(houseKey('Veiligheidshuis Noord')).not.toBe(houseKey('Veiligheidshuis Noord-Holland Noord'));
    expect(houseKey('Veiligheidshuis')).toBe('veiligheidshuis');
  });

  it('groups only names that share a key, two or more', () => {
    const houses = [
      { id: 1, name: 'Veiligheidshuis Twente' },
      { id: 2, name: 'VHH Twente' },
      { id: 3, name: 'Veiligheidshuis Noord' },
      { id: 4, name: 'Veiligheidshuis IJsselland' },
      { id: 5, name: 'veiligheidshuis ijsselland' },
    ];
    // each group by name (Dutch collation: lower case first), the groups by their first name; Noord stands alone
    expect(nearDuplicateGroups(houses).map((g) => g.map((h) => h.id))).toEqual([
      [5, 4],
      [1, 2],
    ]);
  });
});
