/**
 * The downloads of a wave, shared by the results pages and `cli export`: raw data for Dutch Excel
 * (semicolons, byte-order mark) and comma-separated (for R and the command line), the workbook (XLSX),
 * SPSS (a zip with the syntax, its CSV and a LEESMIJ), an R script that reads the CSV, and the
 * codebook. Every download respects anonymity (no dates in anonymous waves, never contact answers),
 * the rule for respondent-level data (respondentDataWithheld: an anonymous wave's rows only after it
 * has closed, never below its minimum cell size) and researchers' redactions (the files hold what the
 * pages show); the workbook's tables carry the report's own suppression. A download of respondent
 * data is audit-logged.
 */
import type { Wave } from '../db/database.js';
import { waveHasParticipants } from '../db/repositories/participants.js';
import type { Readable } from 'node:stream';
import { waveQuestionnaire } from '../db/repositories/waves.js';
import { codebookCsv, codebookRows, eachRawRow, rawColumns, rawRows, rawWithholdingText, resultsWithheldText } from '../domain/exports/codebook.js';
import { writeResponsesCsv, writeResponsesCsvForExcel } from '../domain/exports/responsesCsv.js';
import { rScript } from '../domain/exports/rScript.js';
import { spssSyntax } from '../domain/exports/spss.js';
import { spssPackage } from '../domain/exports/spssPackage.js';
import { workbookStream } from '../domain/exports/xlsx.js';
import type { Values } from '../domain/questionnaire/variables.js';
import { RawDataWithheldError } from '../errors.js';
import { waveTitle } from '../domain/fieldwork/testWave.js';
import { audit } from './audit.js';
import type { Context } from './context.js';
import { summaryComparisons } from './compare.js';
import { loadResults, readerResponses, respondentDataWithheld, resultsRates, tablesWithheld, type ReaderResponses } from './results.js';

/** In the order the results page offers them: the file for Dutch Excel first. */
export const DOWNLOAD_FORMATS = ['csv-excel', 'csv', 'xlsx', 'sps', 'r', 'codebook'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** One download of a wave, ready to be written to a file or sent as a response. */
export interface WaveDownload {
  fileName: string;
  contentType: string;
  /** The workbook is a stream, written while it is sent (pipe it to the response or the file). */
  body: Buffer | string | Readable;
  /** Data rows: responses (0 when the raw data are withheld), or variables for the codebook. */
  rows: number;
  /** For r: the CSV the script reads, named `<baseName>.csv` (the csv download's name). */
  csv?: WaveDownload;
}

const CONTENT_TYPES: Record<DownloadFormat, string> = {
  'csv-excel': 'text/csv; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  codebook: 'text/csv; charset=utf-8',
  sps: 'application/zip',
  r: 'text/plain; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A download of a wave. `baseName` names the files (default `<questionnaire>-<wave>`): the csv is
 * `<baseName>.csv`, which the R script and the syntax in the SPSS zip read. Throws
 * RawDataWithheldError for a respondent-level file (csv, csv-excel, sps, r) when respondentDataWithheld says so.
 */
export async function downloadWave(ctx: Context, wave: Wave, format: DownloadFormat, options: { baseName?: string } = {}): Promise<WaveDownload> {
  const download = await buildDownload(ctx, wave, format, options.baseName);
  // the wave in its column too, so the audit page finds the download under the wave's house
  if (format !== 'codebook') await audit(ctx, { action: 'results.download', waveId: wave.id, houseId: wave.house_id, details: { format, rows: download.rows } });
  return download;
}

/**
 * The rows, letting go of each response once its row is written: the workbook is the last reader of
 * the loaded responses (the report is made already), so a 100k-response wave's objects can be
 * collected while the sheet grows instead of all staying until the file is done.
 */
function* releasing(rows: Iterable<Values>, reader: ReaderResponses): Generator<Values> {
  let i = 0;
  for (const row of rows) {
    yield row;
    reader.data.responses[i] = {};
    reader.stored.responses[i++] = {};
  }
}

async function buildDownload(ctx: Context, wave: Wave, format: DownloadFormat, name: string | undefined): Promise<WaveDownload> {
  const questionnaire = waveQuestionnaire(wave);
  const baseName = name ?? `${questionnaire.id}-${wave.id}`;
  const anonymous = wave.anonymous === 1;
  const columns = rawColumns(questionnaire, { anonymous });
  const contentType = CONTENT_TYPES[format];
  if (format === 'codebook') {
    const rows = codebookRows(questionnaire, columns);
    return { fileName: `${baseName}-codeboek.csv`, contentType, body: codebookCsv(rows), rows: rows.length };
  }

  if (format === 'xlsx') {
    // a tiny anonymous wave gets no tables either: one sheet says they are withheld and why, the raw-data sheet says why it is empty
    const reader = await readerResponses(ctx.db, wave);
    const { data } = reader;
    const results = await loadResults(ctx.db, wave, { emptyWhenWithheld: true, openAnswers: true, reader, now: ctx.now });
    const { report, withheld } = results;
    const rates = (await waveHasParticipants(ctx.db, wave.id)) ? await resultsRates(ctx.db, wave, ctx.now) : undefined;
    const raw = withheld ? { withheld: rawWithholdingText(withheld) } : { columns, rows: releasing(eachRawRow(columns, data, { singleLine: false }), reader) };
    const summary = await summaryComparisons(ctx.db, ctx.actor, results, ctx.now);
    const extra = { summary, ...(results.openAnswers ? { openAnswers: results.openAnswers } : {}) };
    const body = workbookStream({ questionnaire, report, raw, rates, title: `${waveTitle(wave)} (${wave.house})`, extra, ...(tablesWithheld(withheld) ? { resultsWithheld: resultsWithheldText(withheld) } : {}) });
    return { fileName: `${baseName}.xlsx`, contentType, body, rows: withheld ? 0 : data.responses.length };
  }

  // the raw data need no analysis
  const { data } = await readerResponses(ctx.db, wave);
  const withheld = respondentDataWithheld(wave, data.responses.length, ctx.now);
  if (withheld) throw new RawDataWithheldError(wave.id, withheld);
  const description = `${waveTitle(wave)}, ${wave.house}, ronde ${wave.id}${anonymous ? ' (anoniem)' : ''}`;
  if (format === 'csv-excel') {
    const rows = rawRows(columns, data, { singleLine: false });
    return { fileName: `${baseName}-excel.csv`, contentType, body: writeResponsesCsvForExcel(questionnaire, rows, { columns }), rows: rows.length };
  }
  const rows = rawRows(columns, data, { singleLine: true });
  const csv: WaveDownload = {
    fileName: `${baseName}.csv`,
    contentType: CONTENT_TYPES.csv,
    body: writeResponsesCsv(questionnaire, rows, { columns }),
    rows: rows.length,
  };
  if (format === 'csv') return csv;
  if (format === 'r') {
    const body = rScript(questionnaire, { csvFile: csv.fileName, columns, description });
    return { fileName: `${baseName}.R`, contentType, body, rows: rows.length, csv };
  }
  const syntaxFile = `${baseName}.sps`;
  const syntax = spssSyntax(questionnaire, { csvFile: csv.fileName, columns, rows, description });
  const body = await spssPackage({ syntaxFile, csvFile: csv.fileName, syntax, csv: csv.body as string, description });
  return { fileName: `${baseName}-spss.zip`, contentType, body, rows: rows.length };
}
