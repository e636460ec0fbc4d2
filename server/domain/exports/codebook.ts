/**
 * The columns of the raw-data export and their codebook. The codebook is a UTF-8 CSV file with one
 * row per column of the raw export (code, question, texts, answer labels, missing codes, aspect, …),
 * so it can be read by a program as easily as by a person; the XLSX workbook shows the same rows on
 * its "Variabelen" sheet.
 */
import { stringify } from 'csv-stringify/sync';
import { indexOf, type Questionnaire } from '../questionnaire/normalize.js';
import type { Condition } from '../questionnaire/schema.js';
import { moduleOf } from '../questionnaire/types/index.js';
import type { Values, Variable } from '../questionnaire/variables.js';
import { formatDutchDate } from '../format/nl.js';
import { neutralise } from './neutralise.js';

/** A column of the raw export: a questionnaire variable, or one of the two response columns. */
export interface ExportColumn extends Variable {
  /** A calendar date (YYYY-MM-DD) kept as text in the CSV. */
  date?: boolean;
  /** Longest possible text in UTF-8 bytes, when known. */
  maxBytes?: number;
  /** A column computed from the answers (what an option means), not stored: its value for a response. */
  derive?: (values: Values) => number | null;
}

/** The suffix of the column beside a choice question whose options mean a number (attendance: option 3 = 5 times). */
export const MEANING_SUFFIX = '_betekenis';

/**
 * What the option means, as a number, beside the option code, for a single-choice question whose
 * options carry a `meaning` (the attendance question Q63: codes 1–20 are no counts). Its measurement
 * level is scale, so SPSS or R averages the meaning, never the codes (the error of Tabel B1.2).
 */
function meaningColumn(v: Variable, questionnaire: Questionnaire): ExportColumn | null {
  const question = indexOf(questionnaire).question.get(v.question);
  if (!question || question.type !== 'single' || question.code !== v.code) return null;
  const meanings = new Map(question.options.filter((o) => !o.missing && o.meaning !== undefined).map((o) => [o.value, o.meaning!] as const));
  if (meanings.size === 0) return null;
  return {
    code: `${v.code}${MEANING_SUFFIX}`,
    question: v.question,
    kind: 'number',
    label: `${v.label}: wat het antwoord betekent (getal, niet de code)`,
    valueLabels: [],
    missingValues: [],
    measure: 'scale',
    derive: (values) => {
      const x = values[v.code];
      return typeof x === 'number' ? (meanings.get(x) ?? null) : null;
    },
  };
}

export const RESPONSE_ID = 'response_id';
export const SUBMITTED_ON = 'submitted_on';
export const COMPLETE = 'volledig';

const responseIdColumn: ExportColumn = {
  code: RESPONSE_ID,
  question: '',
  kind: 'text',
  label: 'Willekeurig respons-id (zegt niets over persoon of volgorde)',
  maxBytes: 64,
  valueLabels: [],
  missingValues: [],
  measure: 'nominal',
};

const submittedOnColumn: ExportColumn = {
  code: SUBMITTED_ON,
  question: '',
  kind: 'text',
  label: 'Datum van insturen',
  valueLabels: [],
  missingValues: [],
  measure: 'scale',
  date: true,
};

/**
 * Whether a response met the questionnaire's completion rule when it was sent: 1 = volledig (AAPOR
 * 1.1), 0 = gedeeltelijk (1.2). A researcher can then analyse complete responses only, or both, as the
 * response rates count them. It is derived from the answers, so it tells nothing about who answered.
 */
const completeColumn: ExportColumn = {
  code: COMPLETE,
  question: '',
  kind: 'number',
  label: 'Volledige respons volgens de regel van de vragenlijst (AAPOR 1.1) of gedeeltelijk (1.2)',
  valueLabels: [
    { value: 1, label: 'volledig' },
    { value: 0, label: 'gedeeltelijk' },
  ],
  missingValues: [],
  measure: 'nominal',
};

/**
 * The raw export's columns in order: the random response id, the submission date (only in waves that
 * are not anonymous: a date can single out a respondent), whether the response is complete, then every variable of the questionnaire in
 * page order except those of contact questions, which are stored apart and never exported with answers.
 */
export function rawColumns(questionnaire: Questionnaire, options: { anonymous: boolean }): ExportColumn[] {
  const { question } = indexOf(questionnaire);
  const variables = questionnaire.variables.filter((v) => !question.get(v.question)?.contact);
  const clash = variables.find((v) => [RESPONSE_ID, SUBMITTED_ON, COMPLETE].includes(v.code.toLowerCase()));
  if (clash) throw new Error(`variable code ${clash.code} clashes with a column of the export`);
  const columns = variables.flatMap((v) => {
    const meaning = meaningColumn(v, questionnaire);
    return meaning ? [v, meaning] : [v];
  });
  return [responseIdColumn, ...(options.anonymous ? [] : [submittedOnColumn]), completeColumn, ...columns];
}

/** One row of the codebook. */
export interface CodebookRow {
  variabele: string;
  vraag: string;
  vraagtekst: string;
  label: string;
  type: 'numeriek' | 'tekst' | 'datum';
  meetniveau: 'nominaal' | 'ordinaal' | 'schaal';
  waardelabels: string;
  missende_waarden: string;
  aspect: string;
  omgekeerd: string;
  achtergrondkenmerk: string;
  getoond_als: string;
}

export const CODEBOOK_HEADER: Array<keyof CodebookRow> = [
  'variabele',
  'vraag',
  'vraagtekst',
  'label',
  'type',
  'meetniveau',
  'waardelabels',
  'missende_waarden',
  'aspect',
  'omgekeerd',
  'achtergrondkenmerk',
  'getoond_als',
];

const measureNames = { nominal: 'nominaal', ordinal: 'ordinaal', scale: 'schaal' } as const;

function literal(value: number | string): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** A skip condition in words, e.g. `Q2 = 1 en Q8 bevat 3`. */
export function describeCondition(c: Condition): string {
  if ('all' in c) return c.all.map((x) => wrap(x)).join(' en ');
  if ('any' in c) return c.any.map((x) => wrap(x)).join(' of ');
  if ('not' in c) return `niet ${wrap(c.not)}`;
  if (c.equals !== undefined) return `${c.q} = ${literal(c.equals)}`;
  if (c.notEquals !== undefined) return `${c.q} ≠ ${literal(c.notEquals)}`;
  if (c.in !== undefined) return `${c.q} in (${c.in.map(literal).join(', ')})`;
  if (c.includes !== undefined) return `${c.q} bevat ${c.includes}`;
  if (c.gt !== undefined) return `${c.q} > ${c.gt}`;
  if (c.gte !== undefined) return `${c.q} ≥ ${c.gte}`;
  if (c.lt !== undefined) return `${c.q} < ${c.lt}`;
  if (c.lte !== undefined) return `${c.q} ≤ ${c.lte}`;
  return c.answered === false ? `${c.q} niet beantwoord` : `${c.q} beantwoord`;
}

function wrap(c: Condition): string {
  const text = describeCondition(c);
  return 'all' in c || 'any' in c ? `(${text})` : text;
}

/** The codebook rows of the given export columns. */
export function codebookRows(questionnaire: Questionnaire, columns: ExportColumn[]): CodebookRow[] {
  const index = indexOf(questionnaire);
  const aspectOf = new Map(questionnaire.aspects.flatMap((a) => a.items.map((item) => [item, a.label] as const)));
  const backgroundOf = new Map<string, string>();
  for (const b of questionnaire.background) {
    const bands = b.bands?.map((band) => band.label).join('; ');
    backgroundOf.set(b.question, bands ? `${b.label} (groepen: ${bands})` : b.label);
  }
  const reversed = new Set(
    index.questions.flatMap((q) =>
      moduleOf(q)
        .scaleItems()
        .filter((s) => s.reverse)
        .map((s) => s.code),
    ),
  );
  return columns.map((column) => {
    const question = index.question.get(column.question);
    const page = question ? questionnaire.pages[index.pageOf.get(question.code) ?? -1] : undefined;
    const conditions = [page?.showIf, question?.showIf].filter((c): c is Condition => c !== undefined);
    return {
      variabele: column.code,
      vraag: column.question,
      vraagtekst: question?.text ?? '',
      label: column.label,
      type: column.date ? 'datum' : column.kind === 'number' ? 'numeriek' : 'tekst',
      meetniveau: measureNames[column.measure],
      waardelabels: column.valueLabels.map((l) => `${l.value}=${l.label}`).join('; '),
      missende_waarden: column.missingValues.join('; '),
      aspect: aspectOf.get(column.code) ?? '',
      omgekeerd: reversed.has(column.code) ? 'ja' : '',
      achtergrondkenmerk: column.code === column.question ? (backgroundOf.get(column.code) ?? '') : '',
      getoond_als: conditions.map((c) => wrap(c)).join(' en '),
    };
  });
}

/** The codebook as UTF-8 CSV text (comma-separated, header row, text cells neutralised for spreadsheets). */
export function codebookCsv(rows: CodebookRow[]): string {
  return stringify(
    rows.map((row) => CODEBOOK_HEADER.map((key) => neutralise(row[key]))),
    { header: true, columns: CODEBOOK_HEADER as string[], record_delimiter: '\n' },
  );
}

/** A wave's stored responses as the repository loads them (ids in random order, dates beside). */
export interface StoredResponses {
  ids: readonly string[];
  responses: readonly Values[];
  submittedOn: readonly string[];
  /** Per response: complete (AAPOR 1.1) or partial; without it the volledig column stays empty. */
  complete?: readonly boolean[];
}

/**
 * The rows of the raw export: only the export columns' values (so nothing of a contact question),
 * plus response_id, volledig and, where it is a column, submitted_on. With `singleLine`, line breaks in texts
 * become spaces: SPSS and PSPP read a CSV line by line and cannot take a line break inside a field.
 */
export function rawRows(columns: readonly ExportColumn[], data: StoredResponses, options: { singleLine: boolean }): Values[] {
  return [...eachRawRow(columns, data, options)];
}

/** The rows of rawRows() one at a time, for a writer that needs only the current one (the workbook). */
export function* eachRawRow(columns: readonly ExportColumn[], data: StoredResponses, options: { singleLine: boolean }): Generator<Values> {
  const withDate = columns.some((c) => c.code === SUBMITTED_ON);
  for (const [i, values] of data.responses.entries()) {
    const row: Values = {};
    for (const c of columns) {
      const value =
        c.code === RESPONSE_ID
          ? data.ids[i]!
          : c.code === SUBMITTED_ON
            ? withDate
              ? data.submittedOn[i]!
              : null
            : c.code === COMPLETE
              ? completeCode(data.complete?.[i])
              : c.derive
                ? c.derive(values)
                : values[c.code];
      if (value === undefined || value === null) continue;
      row[c.code] = options.singleLine && typeof value === 'string' ? value.replace(/\r\n|\r|\n/g, ' ') : value;
    }
    yield row;
  }
}

function completeCode(complete: boolean | undefined): number | null {
  return complete === undefined ? null : complete ? 1 : 0;
}

/**
 * The small-cell rule for raw data: in an anonymous wave with fewer responses than the wave's minimum
 * cell size, every row is nearly identifiable (who was invited is known), so the respondent-level data
 * are withheld; aggregated tables follow the report's own suppression. A wave without responses has
 * nothing to disclose. Returns null when the raw data may be exported.
 */
export function rawDataWithheld(wave: { anonymous: boolean; minCellSize: number }, responses: number): { responses: number; minCellSize: number } | null {
  return wave.anonymous && responses > 0 && responses < wave.minCellSize ? { responses, minCellSize: wave.minCellSize } : null;
}

/** Why an anonymous wave's respondent-level data are held back: until it closes (`closesAt`, ISO) or because it is too small. */
export type RawWithholding = { closesAt: string } | { responses: number; minCellSize: number };

/**
 * An anonymous wave's respondent-level data (the rows of the CSV, SPSS and the workbook's raw sheet)
 * are released only once it has closed: while it runs, the row that appears when someone finishes
 * could be matched to that person (by whoever sees the list change, a reminder not sent, a colleague
 * saying "done"). Then the small-cell rule (rawDataWithheld) applies. Null when they may be released.
 */
export function rawWithholding(wave: { anonymous: boolean; closed: boolean; closesAt: string; minCellSize: number }, responses: number): RawWithholding | null {
  if (wave.anonymous && !wave.closed) return { closesAt: wave.closesAt };
  return rawDataWithheld(wave, responses);
}

/** The Dutch explanation of a withholding, for the pages and the workbook. */
export function rawWithholdingText(w: RawWithholding): string {
  if ('closesAt' in w) {
    return (
      `De gegevens per respons (de ruwe data en de open antwoorden) van deze anonieme ronde komen beschikbaar zodra de ronde gesloten is, na ${formatDutchDate(w.closesAt)}. ` +
      'Zolang de ronde loopt, zou wat erbij komt als iemand klaar is, aan die persoon te koppelen zijn. De tabellen zijn wel al te zien.'
    );
  }
  return withheldText(w);
}

/**
 * Why no results at all are shown for such a wave: with fewer responses than the minimum cell size
 * even a frequency table or an item mean of the whole wave comes close to individual answers.
 */
export function resultsWithheldText(w: { responses: number; minCellSize: number }): string {
  return (
    `De resultaten worden niet getoond: deze anonieme ronde heeft ${w.responses} ${w.responses === 1 ? 'ingevulde vragenlijst' : 'ingevulde vragenlijsten'}, ` +
    `minder dan de minimale celgrootte van ${w.minCellSize}. Met zo weinig ingevulde vragenlijsten zijn ook tabellen en gemiddelden tot personen te herleiden.`
  );
}

/** Why the raw data are left out, in Dutch, for the workbook and the pages. */
export function withheldText(w: { responses: number; minCellSize: number }): string {
  return (
    `De ruwe data en de open antwoorden zijn niet opgenomen: deze anonieme ronde heeft ${w.responses} ${w.responses === 1 ? 'ingevulde vragenlijst' : 'ingevulde vragenlijsten'}, ` +
    `minder dan de minimale celgrootte van ${w.minCellSize}. Met zo weinig ingevulde vragenlijsten zijn antwoorden tot personen te herleiden.`
  );
}
