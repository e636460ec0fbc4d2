import { describe, expect, it } from 'vitest';
import type { PersonState } from '../../../server/domain/fieldwork/dispositions.js';
import { countDispositions, dailyCurve, rateBreakdowns, rr1, rr2, waveRates, type RatePerson } from '../../../server/domain/fieldwork/responseRates.js';

const person = (state: Partial<PersonState> = {}, attributes: Record<string, unknown> = {}): RatePerson => ({
  eligible: true,
  status: 'invited',
  optedOut: false,
  bounced: false,
  ...state,
  attributes,
});

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/**
 * The Stappenmeter fieldwork (reference 003:1761-1816): 165 invited, 13 ineligible, 73 persons
 * answered, three of them twice (76 responses); "response 73/152 = 48,03 %". The split of the
 * other 79 over partial, opt-out, bounce and no answer is made up for the test.
 */
function stappenmeter(): RatePerson[] {
  return [
    ...times(13, () => person({ eligible: false })),
    ...times(73, () => person({ status: 'completed' })),
    ...times(6, () => person({ status: 'started' })),
    ...times(4, () => person({ optedOut: true })),
    ...times(2, () => person({ bounced: true })),
    ...times(67, () => person()),
  ];
}

describe('response rates (AAPOR RR1, RR2), counting persons', () => {
  it('reproduces the Stappenmeter rate 73/152 = 48,03 %, with 76 responses beside it', () => {
    const submittedOn = [...times(73, () => '2014-11-20'), '2014-11-21', '2014-11-21', '2014-11-22'];
    const r = waveRates({
      persons: stappenmeter(),
      submittedOn,
      partialResponses: 0,
      anonymousCounts: { complete: 73, partial: 0 },
      completionRule: 'elke verstuurde vragenlijst telt als volledig ingevuld',
      rounds: [],
      anonymous: true,
      minCellSize: 5,
      from: '2014-11-15',
      to: '2014-12-20',
    });
    expect(r).toMatchObject({ invited: 165, ineligible: 13, eligible: 152, completePersons: 73, partialPersons: 6, optedOut: 4, nonContact: 2, noAnswer: 67, responses: 76 });
    expect(r.rr1).toBe(73 / 152);
    expect((r.rr1! * 100).toFixed(2)).toBe('48.03');
    expect(r.rr2).toBe(79 / 152);
    expect(r.dispositions.map((d) => d.persons).reduce((a, b) => a + b, 0)).toBe(165);
  });

  it('counts a person who sent only partial responses as partial (1.2), beside those who started and never sent', () => {
    const persons = [
      ...times(3, () => person({ status: 'completed', sentComplete: true })),
      ...times(2, () => person({ status: 'completed', sentComplete: false })),
      person({ status: 'started' }),
      ...times(4, () => person()),
    ];
    const r = waveRates({ persons, submittedOn: times(6, () => '2026-11-20'), partialResponses: 3, anonymousCounts: null, completionRule: 'regel', rounds: [], anonymous: false, minCellSize: 5, from: '2026-11-15', to: '2026-11-30' });
    expect(r).toMatchObject({ completePersons: 3, partialPersons: 3, partialSent: 2, noAnswer: 4, responses: 6, partialResponses: 3, rr1: 3 / 10, rr2: 6 / 10 });
    expect(r.dispositions.find((d) => d.disposition === 'partial')).toMatchObject({ aapor: '1.2', persons: 3 });
    expect(r.formulas.complete).toBe('volledig: regel');
  });

  it('takes an anonymous wave\'s complete/partial split from the wave totals only, never per person', () => {
    // per person only "sent" is known; 2 of the 5 senders sent a partial first response
    const persons = [...times(5, (i) => person({ status: 'completed' }, { organisatie: i < 3 ? 'Politie' : 'OM' })), ...times(5, (i) => person({}, { organisatie: i < 3 ? 'Politie' : 'OM' }))];
    const input = { persons, submittedOn: times(5, () => '2026-11-20'), partialResponses: 2, completionRule: 'regel', rounds: [], anonymous: true, minCellSize: 1, from: '2026-11-15', to: '2026-11-30' };
    const r = waveRates({ ...input, anonymousCounts: { complete: 3, partial: 2 } });
    expect(r).toMatchObject({ completePersons: 3, partialPersons: 2, partialSent: 2, rr1: 3 / 10, rr2: 5 / 10 });
    // by attribute a sent response counts as complete, and the rule says so
    expect(r.breakdowns[0]?.cells.map((c) => [c.value, c.complete])).toEqual([['OM', 2], ['Politie', 3]]);
    expect(r.suppression.rule).toContain('per groep telt een verstuurde vragenlijst als volledig');
    // counts beyond the list (a sender removed later) never make RR1 larger than the senders allow
    expect(waveRates({ ...input, anonymousCounts: { complete: 3, partial: 9 } })).toMatchObject({ completePersons: 0, partialPersons: 5 });
  });

  it('has no rate without eligible invitees', () => {
    const c = countDispositions([person({ eligible: false })]);
    expect(rr1(c)).toBeNull();
    expect(rr2(c)).toBeNull();
    expect(rr1(countDispositions([]))).toBeNull();
  });
});

describe('non-response breakdown by list attribute', () => {
  // politie: 12 eligible, 6 complete; OM: 3 eligible, 1 complete; zorg: 8 eligible, 5 complete, +1 ineligible
  const persons = [
    ...times(6, () => person({ status: 'completed' }, { organisatie: 'Politie', geslacht: 'v' })),
    ...times(6, () => person({}, { organisatie: 'Politie', geslacht: 'm' })),
    person({ status: 'completed' }, { organisatie: 'OM', geslacht: 'v' }),
    person({ status: 'started' }, { organisatie: 'OM', geslacht: 'm' }),
    person({}, { organisatie: 'OM' }),
    ...times(5, () => person({ status: 'completed' }, { organisatie: 'Zorg', geslacht: 'v' })),
    ...times(3, () => person({ optedOut: true }, { organisatie: 'Zorg', geslacht: 'm' })),
    person({ eligible: false }, { organisatie: 'Zorg', geslacht: 'm' }),
  ];

  it('gives every attribute with every value (and the unknown ones) its own counts and rates', () => {
    const [geslacht, organisatie] = rateBreakdowns(persons, null).breakdowns;
    expect(organisatie!.attribute).toBe('organisatie');
    expect(organisatie!.cells.map((c) => [c.value, c.invited, c.ineligible, c.eligible, c.complete, c.partial, c.optedOut, c.noAnswer])).toEqual([
      ['OM', 3, 0, 3, 1, 1, 0, 1],
      ['Politie', 12, 0, 12, 6, 0, 0, 6],
      ['Zorg', 9, 1, 8, 5, 0, 3, 0],
    ]);
    expect(organisatie!.cells[2]!.rr1).toBe(5 / 8);
    expect(organisatie!.cells[0]!.rr2).toBe(2 / 3);
    expect(geslacht!.cells.map((c) => [c.value, c.invited, c.complete])).toEqual([
      ['m', 11, 0],
      ['v', 12, 12],
      [null, 1, 0],
    ]);
    expect(geslacht!.cells.every((c) => !c.suppressed)).toBe(true);
  });

  it('with a minimum cell size hides cells with too few completers or non-completers, and one more when only one is hidden', () => {
    const [geslacht, organisatie] = rateBreakdowns(persons, 5).breakdowns;
    // OM (1 complete) is too small; Zorg has 5 complete but only 3 others; Politie (6 and 6) is shown
    expect(organisatie!.cells.map((c) => [c.value, c.suppressed])).toEqual([
      ['OM', true],
      ['Politie', false],
      ['Zorg', true],
    ]);
    const om = organisatie!.cells[0]!;
    expect(om).toMatchObject({ invited: 3, eligible: 3, complete: null, rr1: null, rr2: null, optedOut: null });
    // every v answered, no m did: both would tell who answered; the unknown cell goes too
    expect(geslacht!.cells.map((c) => c.suppressed)).toEqual([true, true, true]);
  });

  it('hides a second cell when exactly one is too small, so the total cannot give it away', () => {
    const ps = [
      ...times(10, (i) => person(i < 5 ? { status: 'completed' } : {}, { overleg: 'Jeugd' })),
      ...times(12, (i) => person(i < 6 ? { status: 'completed' } : {}, { overleg: 'Volwassenen' })),
      ...times(2, (i) => person(i < 1 ? { status: 'completed' } : {}, { overleg: 'HIC' })),
    ];
    const [overleg] = rateBreakdowns(ps, 5).breakdowns;
    expect(overleg!.cells.map((c) => [c.value, c.suppressed])).toEqual([
      ['HIC', true],
      ['Jeugd', true],
      ['Volwassenen', false],
    ]);
  });
});

describe('daily response curve', () => {
  it('accumulates responses per day and marks the days mail rounds started', () => {
    const curve = dailyCurve(
      ['2014-11-16', '2014-11-16', '2014-11-18', '2014-11-22'],
      [
        { kind: 'invitation', round: 0, date: '2014-11-15', sent: 165 },
        { kind: 'reminder', round: 1, date: '2014-11-22', sent: 120 },
      ],
      '2014-11-15',
      '2014-11-23',
    );
    expect(curve.map((d) => [d.date, d.responses, d.cumulative])).toEqual([
      ['2014-11-15', 0, 0],
      ['2014-11-16', 2, 2],
      ['2014-11-17', 0, 2],
      ['2014-11-18', 1, 3],
      ['2014-11-19', 0, 3],
      ['2014-11-20', 0, 3],
      ['2014-11-21', 0, 3],
      ['2014-11-22', 1, 4],
      ['2014-11-23', 0, 4],
    ]);
    expect(curve[0]!.marks).toEqual([{ kind: 'invitation', round: 0 }]);
    expect(curve[7]!.marks).toEqual([{ kind: 'reminder', round: 1 }]);
  });

  it('widens the range to responses outside it, across month ends', () => {
    const curve = dailyCurve(['2014-12-01'], [], '2014-11-30', '2014-11-30');
    expect(curve.map((d) => d.date)).toEqual(['2014-11-30', '2014-12-01']);
  });
});

describe('persons read grouped (each with its count)', () => {
  it('give the same rates and breakdowns as one entry per person', () => {
    const organisaties = ['Politie', 'OM', 'Gemeente', 'Reclassering'];
    const states: Array<Partial<PersonState>> = [{ status: 'completed' }, { status: 'started' }, {}, { eligible: false }, { optedOut: true }, { bounced: true }];
    const each = times(400, (i) => person(states[(i * 7) % states.length]!, { organisatie: organisaties[i % 4], geslacht: i % 3 === 0 ? 'v' : 'm' }));
    const grouped = new Map<string, RatePerson>();
    for (const p of each) {
      const key = JSON.stringify(p);
      const seen = grouped.get(key);
      if (seen) seen.count = (seen.count ?? 1) + 1;
      else grouped.set(key, { ...p, count: 1 });
    }
    expect(grouped.size).toBeLessThan(100);
    const input = { submittedOn: [], partialResponses: 0, anonymousCounts: null, completionRule: 'regel', rounds: [], anonymous: true, minCellSize: 5, from: '2026-11-01', to: '2026-11-30' };
    expect(waveRates({ ...input, persons: [...grouped.values()] })).toEqual(waveRates({ ...input, persons: each }));
  });
});
