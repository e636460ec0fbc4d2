import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CODEBOOK_HEADER, codebookCsv, codebookRows, describeCondition, rawColumns } from '../../../server/domain/exports/codebook.js';
import { fixtureQuestionnaire, LONG_STATEMENT } from '../../helpers/miniStappenmeter.js';

const q = fixtureQuestionnaire();

describe('rawColumns', () => {
  it('starts with the random response id, has no date in anonymous waves and never the contact question', () => {
    const anonymous = rawColumns(q, { anonymous: true }).map((c) => c.code);
    expect(anonymous).toEqual([
      'response_id',
      'Q2',
      'Q2_other',
      'Q3',
      'Q6_1',
      'Q6_2',
      'Q6_3',
      'Q17_1',
      'Q17_2',
      'Q8_1',
      'Q8_2',
      'Q8_3',
      'Q8_other',
      'Q40',
      'Q50',
    ]);
    const named = rawColumns(q, { anonymous: false }).map((c) => c.code);
    expect(named.slice(0, 3)).toEqual(['response_id', 'submitted_on', 'Q2']);
    expect(named).not.toContain('Q30');
  });
});

describe('codebook', () => {
  const rows = codebookRows(q, rawColumns(q, { anonymous: false }));
  const byCode = new Map(rows.map((r) => [r.variabele, r]));

  it('describes answer codes, missing codes, aspects and reverse keying per variable', () => {
    expect(byCode.get('Q17_1')).toMatchObject({
      vraag: 'Q17',
      type: 'numeriek',
      meetniveau: 'ordinaal',
      waardelabels: '1=helemaal niet; 2=enigszins; 3=grotendeels; 4=volledig; 5=geen oordeel',
      missende_waarden: '5',
      aspect: 'Informatiedeling',
      omgekeerd: '',
    });
    expect(byCode.get('Q17_2')!.label).toBe(LONG_STATEMENT);
    expect(byCode.get('Q6_3')).toMatchObject({ omgekeerd: 'ja', aspect: 'Selectie', vraagtekst: 'In hoeverre is het volgende bereikt?' });
    expect(byCode.get('Q40')).toMatchObject({ meetniveau: 'schaal', waardelabels: '999=weet niet', missende_waarden: '999' });
    expect(byCode.get('Q2')).toMatchObject({ achtergrondkenmerk: 'Overlegvorm', meetniveau: 'nominaal' });
    expect(byCode.get('Q2_other')).toMatchObject({ type: 'tekst', achtergrondkenmerk: '', label: 'Anders, namelijk' });
    expect(byCode.get('Q50')!.getoond_als).toBe('Q2 in (1, 2)');
    expect(byCode.get('submitted_on')!.type).toBe('datum');
  });

  it('is CSV with one row per export column, read back unchanged', () => {
    const csv = codebookCsv(rows);
    const parsed = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(parsed[0]!)).toEqual(CODEBOOK_HEADER);
    expect(parsed.map((r) => r.variabele)).toEqual(rows.map((r) => r.variabele));
    expect(parsed.find((r) => r.variabele === 'Q6_3')!.label).toBe('De "juiste" partners\nzitten aan tafel');
  });

  it('neutralises texts that would run as formulas', () => {
    const csv = codebookCsv([{ ...rows[2]!, label: '=cmd|calc' }]);
    expect((parse(csv, { columns: true }) as Array<Record<string, string>>)[0]!.label).toBe("'=cmd|calc");
  });

  it('puts skip conditions in words', () => {
    expect(
      describeCondition({ all: [{ q: 'Q2', equals: 1 }, { any: [{ q: 'Q8', includes: 3 }, { not: { q: 'Q40', gte: 2 } }] }] }),
    ).toBe('Q2 = 1 en (Q8 bevat 3 of niet Q40 ≥ 2)');
    expect(describeCondition({ q: 'Q5', answered: false })).toBe('Q5 niet beantwoord');
  });
});
