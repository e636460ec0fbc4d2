/**
 * The SPSS download as one file: a zip holding the syntax, the CSV it reads and a LEESMIJ.txt that
 * says how to run it. SPSS cannot take data this wide inline (BEGIN DATA records are limited to 1024
 * bytes) and resolves a bare file name against its own working folder, not the syntax's; so the
 * syntax reads the CSV by name from the folder it is run in, and the LEESMIJ and the syntax's header
 * explain the one step that may be needed: pointing SPSS at the unpacked folder (CD).
 */

export interface SpssPackageInput {
  /** File names inside the zip, e.g. `ronde.sps` and `ronde.csv`. */
  syntaxFile: string;
  csvFile: string;
  syntax: string;
  csv: string;
  /** What the data are (wave, house), for the LEESMIJ. */
  description: string;
}

export const README_FILE = 'LEESMIJ.txt';

/** The LEESMIJ of the zip: what is in it and how to run it in SPSS and PSPP (Windows line ends, for Kladblok). */
export function spssReadme(input: Pick<SpssPackageInput, 'syntaxFile' | 'csvFile' | 'description'>): string {
  const { syntaxFile, csvFile } = input;
  return [
    `SPSS-bestanden: ${input.description}`,
    '',
    'In deze zip:',
    `- ${syntaxFile}: SPSS-syntax die de data inleest en labels, waardelabels, missende waarden`,
    '  (zoals geen oordeel en weet niet) en meetniveaus zet;',
    `- ${csvFile}: de ruwe data (UTF-8, komma-gescheiden, één regel per ingevulde vragenlijst);`,
    `- ${README_FILE}: dit bestand.`,
    '',
    'Zo gebruikt u ze:',
    '1. Pak de zip uit in een map (in Windows: rechtermuisknop op de zip, Alles uitpakken).',
    '   Open de bestanden niet vanuit de zip zelf: dan kan SPSS het CSV-bestand niet vinden.',
    `2. Open ${syntaxFile} in SPSS (Bestand > Openen > Syntax).`,
    `3. SPSS leest ${csvFile} uit zijn werkmap. Is dat niet de map uit stap 1, haal dan in de`,
    "   syntax het sterretje weg voor de regel * CD 'C:\\...' en zet daar de map in",
    '   (in Windows Verkenner: Shift + rechtermuisknop op de map, Kopiëren als pad).',
    '4. Kies Uitvoeren > Alles (Run > All).',
    '5. Wilt u een .sav-bestand, haal dan het sterretje weg voor de SAVE OUTFILE-regel onderaan.',
    '',
    `GNU PSPP: ga in een terminal naar de map uit stap 1 en typ: pspp ${syntaxFile}`,
    '',
  ].join('\r\n');
}

/** The zip with the syntax, its CSV and the LEESMIJ. */
export async function spssPackage(input: SpssPackageInput): Promise<Buffer> {
  // loaded with the first SPSS download, not at every start (jszip and pako are some 65 files)
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  // a fixed date keeps the same data byte-for-byte the same zip
  const date = new Date('2000-01-01T00:00:00Z');
  zip.file(input.syntaxFile, input.syntax, { date });
  zip.file(input.csvFile, input.csv, { date });
  zip.file(README_FILE, spssReadme(input), { date });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}
