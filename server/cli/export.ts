/**
 * `export --wave <id> --format csv-excel|csv|xlsx|sps|r|codebook --out <file> [--json]`: the downloads
 * of a wave, the same ones the results pages offer (services/downloads.ts), audit-logged as theirs are.
 *
 * - csv-excel: the raw responses for a Dutch Excel (UTF-8 with BOM, semicolons, decimal commas);
 * - csv: raw responses (response_id, submitted_on only in non-anonymous waves, one column per variable);
 * - xlsx: raw data, variables, summary, response rates (when the wave has participants), every results
 *   table and the open answers;
 * - sps: a zip with the SPSS syntax, the CSV it reads (both named after --out) and a LEESMIJ.txt;
 * - r: an R script, plus the CSV it reads written next to it with the same base name;
 * - codebook: one CSV row per column of the raw export.
 * When the respondent-level data are withheld (an anonymous wave with fewer responses than its minimum
 * cell size) csv-excel, csv, sps and r refuse (exit 1); xlsx has the reason instead of the raw data.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { DOWNLOAD_FORMATS, downloadWave, type DownloadFormat, type WaveDownload } from '../services/downloads.js';
import { findWave } from '../services/waves.js';
import { openCliDatabase, print, type Command } from './io.js';

/** A download's body into a file: a stream (the workbook) as it is written, text or bytes at once. */
async function writeBody(file: string, body: WaveDownload['body']): Promise<void> {
  if (body instanceof Readable) await pipeline(body, createWriteStream(file));
  else writeFileSync(file, body);
}

/** `export --wave <id> --format csv|xlsx|sps|codebook --out <file> [--json]`. */
export const exportCommand: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      wave: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.wave || !values.format || !values.out) {
    throw new UsageError(`Usage: export --wave <id> --format ${DOWNLOAD_FORMATS.join('|')} --out <file> [--json]`);
  }
  const format = values.format as DownloadFormat;
  if (!DOWNLOAD_FORMATS.includes(format)) throw new UsageError(`Unknown format "${values.format}": use ${DOWNLOAD_FORMATS.join(', ')}`);
  const out = values.out;
  const cli = await openCliDatabase();
  try {
    const wave = await findWave(cli.db, values.wave);
    if (!wave) throw new Error(`No wave with id ${values.wave}`);
    if (!wave.questionnaire_json) throw new Error(`Wave ${wave.id} has no questionnaire snapshot yet`);
    // the R script reads <base>.csv from the folder it is run in, so the CSV is written beside it
    const baseName = basename(out, extname(out));
    const download = await downloadWave(cli.context(), wave, format, { baseName });
    const csvFile = download.csv ? join(dirname(out), download.csv.fileName) : undefined;
    if (csvFile) await writeBody(csvFile, download.csv!.body);
    await writeBody(out, download.body);
    const result = { file: out, format, rows: download.rows, ...(csvFile ? { csv: csvFile } : {}) };
    print(io, values.json, result, () =>
      csvFile
        ? `Wrote ${out} and ${csvFile} (${download.rows} responses); run the script from the folder that holds both.`
        : `Wrote ${out} (${download.rows} ${format === 'codebook' ? 'variables' : 'responses'}).`,
    );
    return 0;
  } finally {
    await cli.close();
  }
};
