import { describe, expect, it } from 'vitest';
import { decodeCsv, detectDelimiter, isValidEmail, parseCsv, parseParticipantsCsv } from '../../../server/domain/fieldwork/participantsCsv.js';

const bom = Buffer.from([0xef, 0xbb, 0xbf]);

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, delimiters and line breaks inside quotes, with start lines', () => {
    const text = 'a,b\r\n"x, y","say ""hi"""\r\n"multi\r\nline",z\nlast,"q"\rcr,only';
    const { records, error } = parseCsv(text, ',');
    expect(error).toBeUndefined();
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\r\nline', 'z'] },
      { line: 5, fields: ['last', 'q'] },
      { line: 6, fields: ['cr', 'only'] },
    ]);
  });

  it('reports an unclosed quote with the line where it opens', () => {
    expect(parseCsv('a;b\nx;"open\nmore', ';').error).toEqual({ line: 2, message: 'Een aanhalingsteken (") wordt niet gesloten.' });
  });
});

describe('decodeCsv and detectDelimiter', () => {
  it('strips a UTF-8 BOM, reads UTF-16LE with BOM and falls back to Windows-1252', () => {
    expect(decodeCsv(Buffer.concat([bom, Buffer.from('naam\nJosé', 'utf8')]))).toEqual({ text: 'naam\nJosé', encoding: 'utf-8' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('naam\tx', 'utf16le')]))).toEqual({ text: 'naam\tx', encoding: 'utf-16le' });
    // "Zoë – €" in Windows-1252: ë = EB, en dash = 96, euro = 80
    expect(decodeCsv(Buffer.from([0x5a, 0x6f, 0xeb, 0x20, 0x96, 0x20, 0x80]))).toEqual({ text: 'Zoë – €', encoding: 'windows-1252' });
  });

  it('picks the delimiter of the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('email;naam;organisatie\na,b;c;d')).toBe(';');
    expect(detectDelimiter('email,naam\n')).toBe(',');
    expect(detectDelimiter('"a;b;c",email,naam')).toBe(',');
    expect(detectDelimiter('email\tnaam')).toBe('\t');
    expect(detectDelimiter('email')).toBe(',');
  });
});

describe('isValidEmail', () => {
  it('accepts ordinary addresses and rejects malformed ones', () => {
    for (const ok of ['jan@politie.nl', 'a.b+c@sub.gemeente-x.nl', "o'brien@example.org"]) expect(isValidEmail(ok), ok).toBe(true);
    for (const bad of ['', 'jan', 'jan@', '@x.nl', 'jan@politie', 'jan @politie.nl', 'a@b@c.nl', 'jan@politie..nl', 'jan@.nl', `${'x'.repeat(250)}@a.nl`]) {
      expect(isValidEmail(bad), bad).toBe(false);
    }
  });
});

describe('parseParticipantsCsv', () => {
  it('reads a UTF-8 comma file: email required, name optional, other columns attributes', () => {
    const csv = 'E-mail,Naam,Organisatie,Beroepsgroep,Overleg,Geslacht\nJan@Politie.nl,Jan Jansen,Politie,politie,jeugd,m\npiet@om.nl,,OM,OM,volwassenen,v\n';
    const result = parseParticipantsCsv(Buffer.from(csv));
    expect(result.fileErrors).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.delimiter).toBe(',');
    expect(result.attributes).toEqual(['organisatie', 'beroepsgroep', 'overleg', 'geslacht']);
    expect(result.rows).toEqual([
      { line: 2, email: 'jan@politie.nl', name: 'Jan Jansen', attributes: { organisatie: 'Politie', beroepsgroep: 'politie', overleg: 'jeugd', geslacht: 'm' } },
      { line: 3, email: 'piet@om.nl', name: null, attributes: { organisatie: 'OM', beroepsgroep: 'OM', overleg: 'volwassenen', geslacht: 'v' } },
    ]);
  });

  it("reads Excel's semicolon CSV with BOM, CRLF, empty trailing columns and blank rows", () => {
    const csv = 'emailadres;naam;organisatie;;\r\nanna@gemeente.nl;Anna de Vries;Gemeente Alkmaar;;\r\n;;;;\r\n\r\nkees@reclassering.nl;"Kees; de Boer";Reclassering;;\r\n';
    const result = parseParticipantsCsv(Buffer.concat([bom, Buffer.from(csv)]));
    expect(result.encoding).toBe('utf-8');
    expect(result.delimiter).toBe(';');
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.email, r.name, r.attributes])).toEqual([
      [2, 'anna@gemeente.nl', 'Anna de Vries', { organisatie: 'Gemeente Alkmaar' }],
      [5, 'kees@reclassering.nl', 'Kees; de Boer', { organisatie: 'Reclassering' }],
    ]);
  });

  it('reads a Windows-1252 Excel export', () => {
    const bytes = Buffer.concat([Buffer.from('email;naam\r\nzoe@zorg.nl;Zo'), Buffer.from([0xeb]), Buffer.from(' Bakker\r\n')]);
    const result = parseParticipantsCsv(bytes);
    expect(result.encoding).toBe('windows-1252');
    expect(result.rows[0]?.name).toBe('Zoë Bakker');
  });

  it('reports every bad row by its line: missing, invalid, duplicate in file, already in the wave, extra columns', () => {
    const csv = [
      'email;naam;organisatie',
      'goed@politie.nl;Goed;Politie',
      ';Zonder adres;OM',
      'geen-adres;Fout;OM',
      'GOED@politie.nl;Dubbel;Politie',
      'bestaand@gemeente.nl;Bestaand;Gemeente',
      'extra@zorg.nl;Extra;Zorg;te veel',
      'ok@zorg.nl;"Naam met',
      'regelovergang";Zorg',
      'laatste@om.nl;Laatste;OM',
    ].join('\n');
    const result = parseParticipantsCsv(csv, new Set(['bestaand@gemeente.nl']));
    expect(result.errors).toEqual([
      { line: 3, email: '', message: 'E-mailadres ontbreekt' },
      { line: 4, email: 'geen-adres', message: 'Ongeldig e-mailadres "geen-adres"' },
      { line: 5, email: 'GOED@politie.nl', message: 'Het adres goed@politie.nl komt al voor op regel 2' },
      { line: 6, email: 'bestaand@gemeente.nl', message: 'Het adres bestaand@gemeente.nl staat al in deze ronde' },
      { line: 7, email: 'extra@zorg.nl', message: 'Deze regel heeft meer kolommen (4) dan de kopregel (3)' },
    ]);
    expect(result.rows.map((r) => [r.line, r.email])).toEqual([
      [2, 'goed@politie.nl'],
      [8, 'ok@zorg.nl'],
      [10, 'laatste@om.nl'],
    ]);
  });

  it('refuses a file without an e-mail column or with duplicate headers', () => {
    expect(parseParticipantsCsv('naam,organisatie\nJan,Politie').fileErrors[0]).toMatch(/^Regel 1: geen kolom met het e-mailadres gevonden/);
    expect(parseParticipantsCsv('email,organisatie,Organisatie\na@b.nl,x,y').fileErrors).toEqual([
      'Regel 1: de kolomnaam "Organisatie" komt twee keer voor (kolom 2 en 3).',
    ]);
    expect(parseParticipantsCsv('').fileErrors).toEqual(['Het bestand is leeg.']);
  });

  it('parses 50,000 rows (speed is measured by the import benchmark, not here)', () => {
    const lines = ['email;naam;organisatie;beroepsgroep'];
    for (let i = 0; i < 50_000; i++) lines.push(`p${i}@example.nl;Persoon ${i};Org ${i % 13};Politie`);
    const result = parseParticipantsCsv(Buffer.from(lines.join('\r\n')));
    expect(result.rows).toHaveLength(50_000);
    expect(result.errors).toHaveLength(0);
    expect(result.rows[49_999]).toMatchObject({ line: 50_001, email: 'p49999@example.nl' });
  });
});
