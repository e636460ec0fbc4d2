/** The frequency tables of the questions (breedtescan Bijlage 4), each laid out by its type's module. */
import { frequencyTables } from '../../questionnaire/types/index.js';
import type { Report } from '../types.js';
import type { Table } from './model.js';

/** Per question of the report its table(s), numbered from `first`. */
export function questionTables(report: Report, first: number): Table[][] {
  return report.questions.map((q, i) =>
    frequencyTables(q, { caption: `Tabel ${first + i}. ‘${q.text}’`, percentDecimals: report.settings.percentDecimals, minCellSize: report.settings.minCellSize }),
  );
}
