import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CODEBOOK_HEADER, codebookCsv, codebookRows, describeCondition, rawColumns, rawRows } from '../../../server/domain/exports/codebook.js';
import { fixtureQuestionnaire, LONG_STATEMENT } from '../../helpers/miniStappenmeter.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';

const q = fixtureQuestionnaire();

describe('rawColumns', () => {
  it('starts with the random response id, has no date in anonymous waves and never the contact question', () => {
    const anonymous = rawColumns(q, { anonymous: true }).map((c) => c.code);
    expect(anonymous).toEqual([
      'response_id',
      'volledig',
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
    expect(named.slice(0, 4)).toEqual(['response_id', 'submitted_on', 'volledig', 'Q2']);
    expect(named).not.toContain('Q30');
  });
});

describe('the volledig column', () => {
  it('says per response whether it met the completion rule (1) or was partial (0), labelled in the codebook', () => {
    const columns = rawColumns(q, { anonymous: true });
    const data = { ids: ['b', 'a', 'c'], responses: [{ Q2: 1 }, { Q2: 2 }, {}] as Values[], submittedOn: ['2026-11-20', '2026-11-21', '2026-11-22'] };
    expect(rawRows(columns, { ...data, complete: [true, false, true] }, { singleLine: true }).map((r) => r.volledig)).toEqual([1, 0, 1]);
    // without the flags (a CSV read back) the column stays empty rather than claiming completeness
    expect(rawRows(columns, data, { singleLine: true }).map((r) => r.volledig)).toEqual([undefined, undefined, undefined]);
    const row = codebookRows(q, columns).find((r) => r.variabele === 'volledig');
    expect(row).toMatchObject({ meetniveau: 'nominaal', waardelabels: '1=volledig; 0=gedeeltelijk' });
  });

  it('refuses a questionnaire variable of the same name', () => {
    const clash = { ...q, variables: [...q.variables, { ...q.variables[0]!, code: 'Volledig' }] };
    expect(() => rawColumns(clash, { anonymous: true })).toThrow(/Volledig/);
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
