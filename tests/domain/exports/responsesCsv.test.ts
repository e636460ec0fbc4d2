import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import { rawColumns } from '../../../server/domain/exports/codebook.js';
import { escapeText, readResponsesCsv, responsesCsvLines, unescapeText, writeResponsesCsv } from '../../../server/domain/exports/responsesCsv.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { fixturePath, testQuestionnaire } from '../../helpers/analysis.js';
import { instrument } from '../../helpers/questionnaire.js';

const q = testQuestionnaire();

describe('formula neutralising of text cells', () => {
  it('prefixes an apostrophe where a spreadsheet would see a formula, and reading removes exactly that one', () => {
    const texts = ['=SUM(A1:A9)', '+31 6 1234', '-', '@cmd', '\tx', "'=x", "''+x", "'plain", 'gewoon', "it's", ''];
    expect(texts.map(escapeText)).toEqual(["'=SUM(A1:A9)", "'+31 6 1234", "'-", "'@cmd", "'\tx", "''=x", "'''+x", "'plain", 'gewoon', "it's", '']);
    for (const t of texts) expect(unescapeText(escapeText(t))).toBe(t);
  });
});

describe('writeResponsesCsv / readResponsesCsv', () => {
  const responses: Values[] = [
    {
      response_id: 'a1',
      volledig: 1,
      Q2: 1,
      Q63: 4,
      Q6_1: 3,
      Q17_1: 5,
      Q8_1: 1,
      Q8_5: 1,
      Q8_other: '=HYPERLINK("http://x")',
      Q19_a: 60,
      Q19_b: 40,
      Q22: 999,
      Q31: 'Regel één\nregel twee, met "aanhalingstekens" en é',
    },
    { response_id: 'a2', Q2: null, Q6_1: 1, Q31: '-5 punten', Q30: 2, Q29: 1 },
  ];

  it('writes a header of variable codes and answer codes as values', () => {
    const csv = writeResponsesCsv(q, responses);
    const [header, first] = csv.split('\n');
    expect(header).toBe(rawColumns(q, { anonymous: true }).map((c) => c.code).join(','));
    // beside the attendance code (4) what it means (10 times), so that a mean is never a mean of codes
    expect(header!.startsWith('response_id,volledig,Q2,Q63,Q63_betekenis,Q6_1,Q6_2,Q6_3,Q6_4,Q17_1')).toBe(true);
    expect(first!.startsWith('a1,1,1,4,10,3,,,,5,')).toBe(true);
    // the "anders" text is neutralised (and quoted for its double quotes)
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain("'-5 punten");
  });

  it('reads back what it wrote', () => {
    const { responses: read, warnings } = readResponsesCsv(q, writeResponsesCsv(q, responses));
    expect(warnings).toEqual([]);
    expect(read).toHaveLength(2);
    for (const [i, original] of responses.entries())
      for (const v of q.variables) expect([v.code, read[i]![v.code] ?? null]).toEqual([v.code, original[v.code] ?? null]);
    // response_id is not a variable: the reader leaves it out
    expect('response_id' in read[0]!).toBe(false);
  });

  it('streams the same text line by line', () => {
    expect([...responsesCsvLines(q, responses)].join('')).toBe(writeResponsesCsv(q, responses));
  });

  it('never writes or reads contact questions', () => {
    const stappenmeter = instrument('stappenmeter-doelbereik');
    const csv = writeResponsesCsv(stappenmeter, [{ Q2: 1, Q30_naam: 'Jan Jansen', Q30_email: 'jan@example.test' }]);
    expect(csv).not.toContain('Jan');
    expect(csv.split('\n')[0]).not.toMatch(/Q30_/);
    const { responses: read, warnings } = readResponsesCsv(stappenmeter, 'Q2,Q30_email\n1,jan@example.test\n');
    expect(read[0]).not.toHaveProperty('Q30_email');
    expect(warnings.some((w) => /Q30_email hoort bij een contactvraag/.test(w))).toBe(true);
  });

  it('reads a hand-written file: BOM, CRLF, decimal comma, unknown and missing columns, bad cells', () => {
    const text = '\uFEFFresponse_id,Q2,Q6_1,Q22,Q19_a,extra\r\nx,1,4,"12,5",,iets\r\ny,2,7,n.v.t.,100\r\n\r\nz,9,,999,50,,\r\n';
    const { responses: read, warnings } = readResponsesCsv(q, text);
    expect(read).toEqual([
      { Q2: 1, Q6_1: 4, Q22: 12.5, Q19_a: null },
      { Q2: 2, Q6_1: 7, Q22: null, Q19_a: 100 },
      { Q2: 9, Q6_1: null, Q22: 999, Q19_a: 50 },
    ]);
    expect(warnings).toContain('Kolom extra is geen variabele van vragenlijst analyse-test: genegeerd');
    expect(warnings.some((w) => w.startsWith('Geen kolom voor Q63, Q6_2'))).toBe(true);
    expect(warnings).toContain('Regel 3, Q6_1: 7 is geen antwoordcode van deze vraag');
    expect(warnings).toContain('Regel 3, Q22: "n.v.t." is geen getal: behandeld als niet beantwoord');
    expect(warnings).toContain('Regel 4, Q2: 9 is geen antwoordcode van deze vraag');
    expect(warnings).toContain('Regel 3: 5 velden, de kopregel heeft er 6');
    // response_id is allowed without a warning
    expect(warnings.some((w) => w.includes('response_id'))).toBe(false);
    // a number question's weet-niet code is its only value label: other numbers are answers, not bad codes
    expect(warnings.some((w) => w.includes('12.5'))).toBe(false);
  });

  it('reads a file saved by Dutch Excel: semicolons, decimal commas, CRLF', () => {
    const text = '\uFEFFresponse_id;Q2;Q6_1;Q22;Q8_other\r\nx;1;4;12,5;"Zorg; welzijn"\r\ny;2;3;;\r\n';
    const { responses: read, warnings } = readResponsesCsv(q, text);
    expect(read).toEqual([
      { Q2: 1, Q6_1: 4, Q22: 12.5, Q8_other: 'Zorg; welzijn' },
      { Q2: 2, Q6_1: 3, Q22: null, Q8_other: null },
    ]);
    expect(warnings.filter((w) => !w.startsWith('Geen kolom voor'))).toEqual([]);
    // a tab-separated file too
    expect(readResponsesCsv(q, 'Q2\tQ6_1\n2\t1\n').responses).toEqual([{ Q2: 2, Q6_1: 1 }]);
  });

  it('caps warnings about single cells', () => {
    const text = `Q6_1\n${Array.from({ length: 30 }, () => 'x').join('\n')}\n`;
    const { warnings } = readResponsesCsv(q, text);
    expect(warnings.filter((w) => w.startsWith('Regel'))).toHaveLength(20);
    expect(warnings.at(-1)).toBe('… en nog 10 meldingen over afzonderlijke cellen');
  });

  it('gives the analysis the declared missing codes, which it treats as missing', () => {
    const { responses: read } = readResponsesCsv(q, readFileSync(fixturePath('analyse-test-responses.csv'), 'utf8'));
    const item = analyze(q, read).items.find((i) => i.code === 'Q17_2')!;
    // Q17_2 by hand: 3, (5), 3, 2, 2, 2, 2, 2, 1 → eight answers 1-4, one geen oordeel
    expect([item.n, item.max, item.missing.declared, item.missing.skipped]).toEqual([8, 3, 1, 3]);
    expect(item.mean).toBe(17 / 8);
    expect(read[0]!.Q31).toBe('=1+1');
  });
});
