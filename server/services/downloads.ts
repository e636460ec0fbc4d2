/**
 * The downloads of a wave, shared by the results pages and `cli export`: raw data (CSV), SPSS syntax
 * with the CSV it reads, the workbook (XLSX) and the codebook. Every download respects anonymity (no
 * dates in anonymous waves, never contact answers) and the small-cell rule (rawDataWithheld); the
 * workbook's tables carry the report's own suppression. A download of respondent data is audit-logged.
 */
import type { Wave } from '../db/database.js';
import { waveHasParticipants } from '../db/repositories/participants.js';
import { loadWaveResponses, type WaveResponses } from '../db/repositories/results.js';
import { waveQuestionnaire } from '../db/repositories/waves.js';
import type { Readable } from 'node:stream';
import { codebookCsv, codebookRows, eachRawRow, rawColumns, rawDataWithheld, rawRows, withheldText } from '../domain/exports/codebook.js';
import { writeResponsesCsv } from '../domain/exports/responsesCsv.js';
import { spssSyntax } from '../domain/exports/spss.js';
import { workbookStream } from '../domain/exports/xlsx.js';
import type { Values } from '../domain/questionnaire/variables.js';
import { RawDataWithheldError } from '../errors.js';
import { audit } from './audit.js';
import type { Context } from './context.js';
import { computeWaveRates } from './rates.js';
import { loadResults } from './results.js';

export const DOWNLOAD_FORMATS = ['csv', 'xlsx', 'sps', 'codebook'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** One download of a wave, ready to be written to a file or sent as a response. */
export interface WaveDownload {
  fileName: string;
  contentType: string;
  /** The workbook is a stream, written while it is sent (pipe it to the response or the file). */
  body: Buffer | string | Readable;
  /** Data rows: responses (0 when the raw data are withheld), or variables for the codebook. */
  rows: number;
  /** For sps: the CSV the syntax reads, from the same rows (so widths fit), named `<baseName>.csv`. */
  csv?: WaveDownload;
}

const CONTENT_TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  codebook: 'text/csv; charset=utf-8',
  sps: 'text/plain; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A download of a wave. `baseName` names the files (default `<questionnaire>-<wave>`): the .sps reads
 * `<baseName>.csv`, the name the csv download gets. Throws RawDataWithheldError for the csv or sps of
 * an anonymous wave with fewer responses than its minimum cell size.
 */
export async function downloadWave(ctx: Context, wave: Wave, format: DownloadFormat, options: { baseName?: string } = {}): Promise<WaveDownload> {
  const download = await buildDownload(ctx, wave, format, options.baseName);
  if (format !== 'codebook') await audit(ctx, { action: 'results.download', details: { wave: wave.id, format, rows: download.rows } });
  return download;
}

/**
 * The rows, letting go of each response once its row is written: the workbook is the last reader of
 * the loaded responses (the report is made already), so a 100k-response wave's objects can be
 * collected while the sheet grows instead of all staying until the file is done.
 */
function* releasing(rows: Iterable<Values>, data: WaveResponses): Generator<Values> {
  let i = 0;
  for (const row of rows) {
    yield row;
    data.responses[i++] = {};
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
    // a tiny anonymous wave gets no tables either: the workbook's sheets stay empty, its raw-data sheet says why
    const data = await loadWaveResponses(ctx.db, wave.id);
    const { report, withheld } = await loadResults(ctx.db, wave, { emptyWhenWithheld: true, data, now: ctx.now });
    const rates = (await waveHasParticipants(ctx.db, wave.id)) ? await computeWaveRates(ctx.db, wave, ctx.now) : undefined;
    const raw = withheld ? { withheld: withheldText(withheld) } : { columns, rows: releasing(eachRawRow(columns, data, { singleLine: false }), data) };
    const body = workbookStream({ questionnaire, report, raw, rates, title: `${wave.title} (${wave.house})` });
    return { fileName: `${baseName}.xlsx`, contentType, body, rows: withheld ? 0 : data.responses.length };
  }

  // the raw data need no analysis
  const stored = await loadWaveResponses(ctx.db, wave.id);
  const withheld = rawDataWithheld({ anonymous, minCellSize: wave.min_cell_size }, stored.responses.length);
  if (withheld) throw new RawDataWithheldError(wave.id, withheld);
  const rows = rawRows(columns, stored, { singleLine: true });
  const csv: WaveDownload = {
    fileName: `${baseName}.csv`,
    contentType: CONTENT_TYPES.csv,
    body: writeResponsesCsv(questionnaire, rows, { columns }),
    rows: rows.length,
  };
  if (format === 'csv') return csv;
  const description = `${wave.title}, ${wave.house}, ronde ${wave.id}${anonymous ? ' (anoniem)' : ''}`;
  const body = spssSyntax(questionnaire, { csvFile: csv.fileName, columns, rows, description });
  return { fileName: `${baseName}.sps`, contentType, body, rows: rows.length, csv };
}
