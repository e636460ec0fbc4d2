import { sql } from 'kysely';
import { analyze } from '../../domain/analysis/report.js';
import { codebookCsv, codebookRows, rawColumns, rawDataWithheld, rawRows, withheldText } from '../../domain/exports/codebook.js';
import { writeResponsesCsv } from '../../domain/exports/responsesCsv.js';
import { spssSyntax } from '../../domain/exports/spss.js';
import { workbookBuffer } from '../../domain/exports/xlsx.js';
import type { Values } from '../../domain/questionnaire/variables.js';
import type { Db } from '../connection.js';
import type { Wave } from '../database.js';
import { computeWaveRates } from './rates.js';
import { waveQuestionnaire } from './waves.js';

export interface WaveResponses {
  /** Random response ids, in sorted order: the order of the rows says nothing about who answered when. */
  ids: string[];
  responses: Values[];
  /** Submission date (YYYY-MM-DD) of each response; callers drop it where the wave is anonymous. */
  submittedOn: string[];
}

/**
 * Every stored response of a wave as Values (num → number, txt → string), ordered by the random
 * response id, never by insertion order. One query: the wave index yields the responses in id order and
 * SQLite folds each response's answers (a primary-key range) into one JSON object, which is ten times
 * faster than a row per answer (100k responses × 50 answers: about a second) and keeps doubles exact
 * (SQLite ≥ 3.43 writes them with 17 significant digits).
 */
export async function loadWaveResponses(db: Db, waveId: string): Promise<WaveResponses> {
  const rows = await db
    .selectFrom('responses as r')
    .select([
      'r.id',
      'r.submitted_on',
      sql<string>`(select json_group_object(a.variable, coalesce(a.num, a.txt)) from answers a where a.response_id = r.id)`.as(
        'values_json',
      ),
    ])
    .where('r.wave_id', '=', waveId)
    .orderBy('r.id')
    .execute();
  return {
    ids: rows.map((r) => r.id),
    responses: rows.map((r) => JSON.parse(r.values_json) as Values),
    submittedOn: rows.map((r) => r.submitted_on),
  };
}

export const DOWNLOAD_FORMATS = ['csv', 'xlsx', 'sps', 'codebook'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** One download of a wave, ready to be written to a file or sent as a response. */
export interface WaveDownload {
  fileName: string;
  contentType: string;
  body: Buffer | string;
  /** Data rows: responses (0 when the raw data are withheld), or variables for the codebook. */
  rows: number;
  /** For sps: the CSV the syntax reads, from the same rows (so widths fit), named `<baseName>.csv`. */
  csv?: WaveDownload;
}

/** Thrown for the raw data (csv, sps) of an anonymous wave with fewer responses than its minimum cell size. */
export class RawDataWithheldError extends Error {
  constructor(
    readonly waveId: string,
    readonly withheld: { responses: number; minCellSize: number },
  ) {
    super(
      `Raw data withheld: anonymous wave ${waveId} has ${withheld.responses} responses, fewer than its minimum cell size ` +
        `of ${withheld.minCellSize}; with so few responses answers can be traced to persons. The xlsx export still has the aggregated tables.`,
    );
  }
}

const CONTENT_TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  codebook: 'text/csv; charset=utf-8',
  sps: 'text/plain; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A download of a wave, shared by `cli export` and the results pages. `baseName` names the files
 * (default `<questionnaire>-<wave>`): the .sps reads `<baseName>.csv`, the name the csv download gets.
 * Every download respects anonymity (no dates in anonymous waves, never contact answers) and the
 * small-cell rule (rawDataWithheld); the xlsx tables carry the report's own suppression.
 */
export async function waveDownload(
  db: Db,
  wave: Wave,
  format: DownloadFormat,
  options: { now: Date; baseName?: string },
): Promise<WaveDownload> {
  const questionnaire = waveQuestionnaire(wave);
  const baseName = options.baseName ?? `${questionnaire.id}-${wave.id}`;
  const anonymous = wave.anonymous === 1;
  const columns = rawColumns(questionnaire, { anonymous });
  const contentType = CONTENT_TYPES[format];
  if (format === 'codebook') {
    const rows = codebookRows(questionnaire, columns);
    return { fileName: `${baseName}-codeboek.csv`, contentType, body: codebookCsv(rows), rows: rows.length };
  }

  const stored = await loadWaveResponses(db, wave.id);
  const withheld = rawDataWithheld({ anonymous, minCellSize: wave.min_cell_size }, stored.responses.length);
  if (format === 'xlsx') {
    // a tiny anonymous wave gets no tables either: the workbook's sheets stay empty, its raw-data sheet says why
    const report = analyze(questionnaire, withheld ? [] : stored.responses, { minCellSize: wave.min_cell_size });
    const participant = await db.selectFrom('participants').select('id').where('wave_id', '=', wave.id).limit(1).executeTakeFirst();
    const rates = participant ? await computeWaveRates(db, wave, options.now) : undefined;
    const raw = withheld ? { withheld: withheldText(withheld) } : { columns, rows: rawRows(columns, stored, { singleLine: false }) };
    const body = await workbookBuffer({ questionnaire, report, raw, rates, title: `${wave.title} (${wave.house})` });
    return { fileName: `${baseName}.xlsx`, contentType, body, rows: withheld ? 0 : stored.responses.length };
  }

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
