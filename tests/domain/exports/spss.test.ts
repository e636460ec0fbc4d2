import { describe, expect, it } from 'vitest';
import { rawColumns, type ExportColumn } from '../../../server/domain/exports/codebook.js';
import { escapeText } from '../../../server/domain/exports/responsesCsv.js';
import { isValidSpssName, spssFormats, spssString, spssSyntax, truncateBytes } from '../../../server/domain/exports/spss.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { fixtureQuestionnaire, fixtureResponses } from '../../helpers/miniStappenmeter.js';

const q = fixtureQuestionnaire();
const columns = rawColumns(q, { anonymous: false });

describe('spssString', () => {
  it('doubles apostrophes and keeps double quotes', () => {
    expect(spssString(`Niet zo'n "succes"`)).toBe(`'Niet zo''n "succes"'`);
  });

  it('cuts long text into pieces joined with + on separate lines, preferring spaces', () => {
    const text = 'woord '.repeat(40).trim();
    const literal = spssString(text);
    const pieces = literal.split(' +\n    ');
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.every((p) => p.startsWith("'") && p.endsWith("'") && p.length <= 74)).toBe(true);
    expect(pieces.map((p) => p.slice(1, -1)).join('')).toBe(text);
  });
});

describe('truncateBytes', () => {
  it('keeps whole UTF-8 characters and marks the cut', () => {
    const cut = truncateBytes('é'.repeat(200), 120);
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(120);
    expect(cut.endsWith('…')).toBe(true);
    expect(truncateBytes('kort', 120)).toBe('kort');
  });
});

describe('isValidSpssName', () => {
  it('rejects reserved words, long names and names not starting with a letter', () => {
    expect(['Q6_1', 'response_id', 'x'.repeat(64)].every(isValidSpssName)).toBe(true);
    expect(['BY', 'to', '_x', '1a', 'x'.repeat(65), 'a-b'].some(isValidSpssName)).toBe(false);
  });
});

describe('spssSyntax', () => {
  const syntax = spssSyntax(q, { csvFile: "golf 'nov'.csv", columns, description: 'Golf november' });

  it('reads the CSV with GET DATA, every column in export order', () => {
    expect(syntax).toContain("/FILE='golf ''nov''.csv'");
    expect(syntax).toContain("/ENCODING='UTF8'");
    expect(syntax).toContain('/FIRSTCASE=2');
    const block = syntax.slice(syntax.indexOf('/VARIABLES='), syntax.indexOf('VARIABLE LABELS'));
    const names = [...block.matchAll(/^ {4}(\w+) /gm)].map((m) => m[1]);
    expect(names).toEqual(columns.map((c) => c.code));
    expect(block).toMatch(/response_id A64\n/);
    expect(block).toMatch(/submitted_on SDATE10\n/);
    expect(block).toMatch(/Q6_1 F8\.0\n/);
    expect(block).toMatch(/Q40 F8\.2\n/);
  });

  it('declares geen oordeel and weet niet as missing values', () => {
    expect(syntax).toMatch(/MISSING VALUES\n {2}Q17_1 Q17_2 \(5\)\n {2}\/Q40 \(999\)\./);
  });

  it('sets value labels once per shared scale and measurement levels', () => {
    expect(syntax).toMatch(/\/Q6_1 Q6_2 Q6_3\n {4}1 'helemaal niet'\n {4}2 'enigszins'\n {4}3 'grotendeels'\n {4}4 'volledig'\n/);
    expect(syntax).toMatch(/\/Q17_1 Q17_2\n {4}1 'helemaal niet'[^/]*5 'geen oordeel'/);
    expect(syntax).toContain("3 'OM / ''reclassering'''");
    expect(syntax).toMatch(/VARIABLE LEVEL\n {2}response_id volledig Q2 Q2_other Q3 Q8_1 Q8_2 Q8_3 Q8_other Q50 \(NOMINAL\)\n {2}\/submitted_on Q40 \(SCALE\)\n {2}\/Q6_1 Q6_2 Q6_3 Q17_1 Q17_2 \(ORDINAL\)\./);
    expect(syntax).toMatch(/MRSETS\n {2}\/MDGROUP NAME=\$Q8 LABEL='Met wie stemt u af\?'\n {4}CATEGORYLABELS=VARLABELS VALUE=1\n {4}VARIABLES=Q8_1 Q8_2 Q8_3\./);
  });

  it('keeps labels on one line, within 255 bytes, with apostrophes doubled', () => {
    const labels = syntax.slice(syntax.indexOf('VARIABLE LABELS'), syntax.indexOf('VALUE LABELS'));
    expect(labels).toContain(`/Q6_3 'De "juiste" partners zitten aan tafel'`);
    expect(labels).toContain("/Q6_2 'Er is een gedeelde definitie van ''succes'' per casus'");
    const q17 = labels.slice(labels.indexOf('/Q17_2'), labels.indexOf('/Q8_1'));
    const text = [...q17.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'")).join('');
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(255);
    expect(text.endsWith('…')).toBe(true);
  });

  it('ends every command with a period and keeps syntax lines short', () => {
    expect(syntax.split('\n').every((line) => Buffer.byteLength(line, 'utf8') <= 120)).toBe(true);
    for (const command of ['VARIABLE LABELS', 'VALUE LABELS', 'MISSING VALUES', 'VARIABLE LEVEL', 'MRSETS']) {
      const start = syntax.indexOf(`\n${command}\n`);
      const end = syntax.indexOf('\n\n', start + 1);
      expect(syntax.slice(start, end).trimEnd().endsWith('.'), command).toBe(true);
    }
    // the commands end with EXECUTE; only comments follow (saving as .sav, for who wants it)
    const after = syntax.slice(syntax.lastIndexOf('\nEXECUTE.\n') + '\nEXECUTE.\n'.length).split('\n').filter((l) => l.trim());
    expect(after).toEqual(['* Bewaren als SPSS-databestand: haal het sterretje weg en geef een naam (of een volledig pad).', "* SAVE OUTFILE='golf ''nov''.sav'."]);
  });

  it('explains where it looks for the CSV and how to point SPSS at the folder', () => {
    expect(syntax).toContain('* WAAR STAAT HET CSV-BESTAND?');
    expect(syntax).toContain("* Pak de zip eerst uit: golf 'nov'.csv moet in dezelfde map staan als deze syntax.");
    // the CD line is a comment until the user fills in a folder: a wrong guess would stop the syntax
    expect(syntax).toMatch(/^\* CD 'C:\\Users\\naam\\Documents\\map met de bestanden'\.$/m);
    expect(syntax.indexOf('* CD ')).toBeLessThan(syntax.indexOf('GET DATA'));
  });

  it('fits string widths and decimals to the data when rows are given', () => {
    const rows = fixtureResponses(30).map((r, i): Values => ({ ...r, response_id: `id${i}`, Q40: i === 3 ? 1234567.125 : r.Q40 ?? null }));
    const formats = spssFormats(q, columns, rows);
    // measured on the cell as written, so a neutralised text counts its apostrophe
    const longest = Math.max(1, ...rows.map((r) => (typeof r.Q50 === 'string' ? Buffer.byteLength(escapeText(r.Q50), 'utf8') : 0)));
    expect(rows.some((r) => typeof r.Q50 === 'string' && r.Q50.startsWith('=') && Buffer.byteLength(escapeText(r.Q50)) === longest)).toBe(true);
    expect(formats.get('Q50')).toBe(`A${longest}`);
    expect(formats.get('response_id')).toBe('A4');
    expect(formats.get('Q40')).toBe('F11.3');
    expect(formats.get('Q2')).toBe('F8.0');
  });

  it('refuses names SPSS cannot use and more than three scattered missing codes', () => {
    const bad: ExportColumn = { ...columns[2]!, code: 'BY' };
    expect(() => spssSyntax(q, { csvFile: 'x.csv', columns: [bad] })).toThrow(/BY/);
    const many: ExportColumn = {
      ...columns[2]!,
      valueLabels: [1, 2, 3, 4, 5, 6].map((value) => ({ value, label: String(value) })),
      missingValues: [1, 3, 5, 6],
    };
    expect(() => spssSyntax(q, { csvFile: 'x.csv', columns: [many] })).toThrow(/three missing codes/);
    const range: ExportColumn = { ...many, missingValues: [7, 8, 9, 10] };
    expect(spssSyntax(q, { csvFile: 'x.csv', columns: [range] })).toContain('(7 THRU 10)');
  });
});
