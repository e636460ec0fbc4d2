/**
 * `export --wave <id> --format csv|xlsx|sps|codebook --out <file> [--json]`: the downloads of a wave.
 *
 * - csv: raw responses (response_id, submitted_on only in non-anonymous waves, one column per variable);
 * - sps: SPSS syntax, plus the CSV it reads written next to it with the same base name;
 * - xlsx: raw data, variables, response rates (when the wave has participants) and every results table;
 * - codebook: one CSV row per column of the raw export.
 * In an anonymous wave with fewer responses than its minimum cell size the raw data are withheld: csv
 * and sps refuse (exit 1), xlsx leaves the raw data sheet empty with the reason.
 */
import { writeFileSync, createWriteStream } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Db } from '../db/connection.js';
import type { Wave } from '../db/database.js';
import { computeWaveRates } from '../db/repositories/rates.js';
import { loadWaveResponses } from '../db/repositories/results.js';
import { findWave, waveQuestionnaire } from '../db/repositories/waves.js';
import { analyze } from '../domain/analysis/report.js';
import { codebookCsv, codebookRows, rawColumns, rawDataWithheld, rawRows, withheldText } from '../domain/exports/codebook.js';
import { writeResponsesCsv } from '../domain/exports/responsesCsv.js';
import { spssSyntax } from '../domain/exports/spss.js';
import { writeWorkbook } from '../domain/exports/xlsx.js';
import { openCliDatabase, print, UsageError, type Command } from './io.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'sps', 'codebook'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportResult {
  /** The file asked for. */
  file: string;
  format: ExportFormat;
  /** Data rows written: responses, or variables for the codebook. */
  rows: number;
  /** For sps: the CSV file written beside it, which the syntax reads. */
  csv?: string;
}

/** The CSV the .sps file reads: same folder and base name, extension .csv. */
export function csvBeside(spsFile: string): string {
  return join(dirname(spsFile), `${basename(spsFile, extname(spsFile))}.csv`);
}

/** Write one download of a wave to `out`. Throws when the raw data of a small anonymous wave are asked for. */
export async function exportWave(db: Db, wave: Wave, format: ExportFormat, out: string, now: Date): Promise<ExportResult> {
  const questionnaire = waveQuestionnaire(wave);
  const anonymous = wave.anonymous === 1;
  const columns = rawColumns(questionnaire, { anonymous });
  if (format === 'codebook') {
    const rows = codebookRows(questionnaire, columns);
    writeFileSync(out, codebookCsv(rows));
    return { file: out, format, rows: rows.length };
  }

  const stored = await loadWaveResponses(db, wave.id);
  const withheld = rawDataWithheld({ anonymous, minCellSize: wave.min_cell_size }, stored.responses.length);
  if (format === 'xlsx') {
    const report = analyze(questionnaire, stored.responses, { minCellSize: wave.min_cell_size });
    const hasParticipants = await db.selectFrom('participants').select('id').where('wave_id', '=', wave.id).limit(1).executeTakeFirst();
    const rates = hasParticipants ? await computeWaveRates(db, wave, now) : undefined;
    const raw = withheld ? { withheld: withheldText(withheld) } : { columns, rows: rawRows(columns, stored, { singleLine: false }) };
    const stream = createWriteStream(out);
    await writeWorkbook({ questionnaire, report, raw, rates, title: `${wave.title} (${wave.house})` }, stream);
    await finished(stream);
    return { file: out, format, rows: withheld ? 0 : stored.responses.length };
  }

  if (withheld) {
    throw new Error(
      `Raw data withheld: anonymous wave ${wave.id} has ${withheld.responses} responses, fewer than its minimum cell size ` +
        `of ${withheld.minCellSize}; with so few responses answers can be traced to persons. The xlsx export still has the aggregated tables.`,
    );
  }
  const rows = rawRows(columns, stored, { singleLine: true });
  const csvFile = format === 'sps' ? csvBeside(out) : out;
  writeFileSync(csvFile, writeResponsesCsv(questionnaire, rows, { columns }));
  if (format === 'csv') return { file: out, format, rows: rows.length };
  const description = `${wave.title}, ${wave.house}, ronde ${wave.id}${anonymous ? ' (anoniem)' : ''}`;
  writeFileSync(out, spssSyntax(questionnaire, { csvFile: basename(csvFile), columns, rows, description }));
  return { file: out, format, rows: rows.length, csv: csvFile };
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
    throw new UsageError('Usage: export --wave <id> --format csv|xlsx|sps|codebook --out <file> [--json]');
  }
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`Unknown format "${values.format}": use ${EXPORT_FORMATS.join(', ')}`);
  const { db, close } = await openCliDatabase();
  try {
    const wave = await findWave(db, values.wave);
    if (!wave) throw new Error(`No wave with id ${values.wave}`);
    if (!wave.questionnaire_json) throw new Error(`Wave ${wave.id} has not been opened yet: it has no questionnaire snapshot`);
    const result = await exportWave(db, wave, format, values.out, new Date());
    print(io, values.json, result, () =>
      result.csv
        ? `Wrote ${result.file} and ${result.csv} (${result.rows} responses); run the syntax from the folder that holds both.`
        : `Wrote ${result.file} (${result.rows} ${format === 'codebook' ? 'variables' : 'responses'}).`,
    );
    return 0;
  } finally {
    await close();
  }
};
