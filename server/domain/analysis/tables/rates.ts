/**
 * The response tables: rates with their formulas, the AAPOR dispositions, responses per mail round
 * and per day, and the non-response breakdowns by list attribute (small groups suppressed, mark a).
 */
import { dispositionLabels } from '../../fieldwork/dispositions.js';
import type { BreakdownCell, WaveRates } from '../../fieldwork/responseRates.js';
import { formatCount, formatLongDay } from '../../format/nl.js';
import { COUNT, hidden, marksUsed, num, text, type NumberFormat, type Row, type Table } from './model.js';

const FRACTION: NumberFormat = { kind: 'fraction', decimals: 1 };

/** The rates as the tables need them (what fieldwork/responseRates.ts reports). */
export type RatesInput = Pick<WaveRates, 'invited' | 'ineligible' | 'eligible' | 'completePersons' | 'partialPersons' | 'responses' | 'rr1' | 'rr2' | 'rounds' | 'daily'> & {
  // optional: a snapshot kept at a purge before completion rules existed has none of these
  partialSent?: number;
  partialResponses?: number;
  formulas: Pick<WaveRates['formulas'], 'rr1' | 'rr2' | 'invited'> & { complete?: string };
  dispositions: Array<Pick<WaveRates['dispositions'][number], 'disposition' | 'label' | 'aapor' | 'persons'>>;
  breakdowns: Array<{ attribute: string; cells: Array<Pick<BreakdownCell, 'value' | 'invited' | 'ineligible' | 'eligible' | 'suppressed' | 'complete' | 'rr1'>> }>;
  suppression: Pick<WaveRates['suppression'], 'applied' | 'rule'>;
};

/** "Uitnodiging", "Herinnering 2". */
export function roundLabel(kind: 'invitation' | 'reminder', round: number): string {
  return kind === 'invitation' ? 'Uitnodiging' : `Herinnering ${round}`;
}

function fact(label: string, value: Row['cells'][number], note?: string | null): Row {
  return { cells: [text(label), value], ...(note ? { note } : {}) };
}

/** Rates, dispositions, rounds, days and one table per list attribute. */
export function ratesTables(rates: RatesInput): Table[] {
  const persons = rates.completePersons;
  const eligible = formatCount(rates.eligible);
  const tables: Table[] = [
    {
      id: 'rates',
      title: 'Respons en disposities (personen)',
      columns: [
        { label: 'Kengetal', numeric: false, header: true },
        { label: 'Waarde', numeric: true },
      ],
      groups: [
        {
          label: null,
          rows: [
            fact('Uitgenodigd (personen)', num(rates.invited, COUNT), rates.formulas.invited),
            fact('Niet tot de doelgroep', num(rates.ineligible, COUNT)),
            fact('Doelgroep', num(rates.eligible, COUNT), 'uitgenodigd − niet tot de doelgroep'),
            fact('Volledig ingevuld (personen)', num(persons, COUNT), rates.formulas.complete ?? null),
            fact('Gedeeltelijk ingevuld (personen)', num(rates.partialPersons, COUNT), partialNote(rates)),
            fact(
              'Ingevulde vragenlijsten',
              num(rates.responses, COUNT),
              rates.responses > persons ? 'een persoon kan de vragenlijst voor meer dan één overleg invullen; de responspercentages tellen personen' : null,
            ),
            ...(rates.partialResponses
              ? [fact('waarvan gedeeltelijk ingevuld', num(rates.partialResponses, COUNT), 'verstuurd, maar onder de regel voor volledig; ze tellen mee in de analyses')]
              : []),
            fact('Respons RR1', num(rates.rr1, FRACTION, ` (${formatCount(persons)} / ${eligible})`), rates.formulas.rr1),
            fact('Respons RR2', num(rates.rr2, FRACTION, ` (${formatCount(persons + rates.partialPersons)} / ${eligible})`), rates.formulas.rr2),
          ],
        },
      ],
      notes: [],
      footnotes: {},
    },
    {
      id: 'dispositions',
      title: 'Wat er met elke uitgenodigde persoon gebeurde (disposities volgens AAPOR)',
      columns: [
        { label: 'Uitkomst', numeric: false, header: true },
        { label: 'Betekenis', numeric: false, prose: true },
        { label: 'Personen', numeric: true },
        { label: 'AAPOR-code', numeric: false },
      ],
      // the meaning from the labels, not the rates: a snapshot of a purged wave predates it
      groups: [{ label: null, rows: rates.dispositions.map((d) => ({ cells: [text(d.label), text(dispositionLabels[d.disposition].meaning), num(d.persons, COUNT), text(d.aapor)] })) }],
      notes: ['Elke persoon heeft één uitkomst, in deze volgorde van voorrang: niet tot de doelgroep, volledig, gedeeltelijk, afgemeld, onbereikbaar, geen reactie. De codes zijn die van de AAPOR Standard Definitions, de internationale standaard voor responspercentages.'],
      footnotes: {},
    },
  ];
  if (rates.rounds.length) tables.push(roundsTable(rates));
  const days = rates.daily.filter((d) => d.responses > 0 || d.marks.length > 0);
  if (days.length) {
    tables.push({
      id: 'days',
      title: 'Ingevulde vragenlijsten per dag',
      columns: [
        { label: 'Dag', numeric: false, header: true },
        { label: 'Ingevuld', numeric: true },
        { label: 'Cumulatief', numeric: true },
        { label: 'Verzonden', numeric: false },
      ],
      groups: [
        {
          label: null,
          rows: days.map((d) => ({
            cells: [text(formatLongDay(d.date)), num(d.responses, COUNT), num(d.cumulative, COUNT), text(d.marks.map((m) => roundLabel(m.kind, m.round)).join(', '))],
          })),
        },
      ],
      notes: [],
      footnotes: {},
    });
  }
  for (const b of rates.breakdowns) tables.push(attributeTable(b, rates.suppression.rule));
  return tables;
}

function partialNote(rates: RatesInput): string | null {
  if (rates.partialSent === undefined || rates.partialPersons === 0) return null;
  const started = rates.partialPersons - rates.partialSent;
  return `${formatCount(rates.partialSent)} verstuurd met te weinig antwoorden voor volledig, ${formatCount(started)} begonnen maar niet verstuurd`;
}

/** Per mailing (the invitation, each reminder): when it started, how many were sent, the questionnaires completed up to the next. */
function roundsTable(rates: RatesInput): Table {
  const { rounds } = rates;
  const cumulativeBefore = (day: string) => rates.daily.filter((d) => d.date < day).reduce((a, d) => a + d.responses, 0);
  const total = rates.daily.length ? rates.daily[rates.daily.length - 1]!.cumulative : 0;
  return {
    id: 'rounds',
    title: 'Ingevulde vragenlijsten per verzending',
    columns: [
      { label: 'Verzending', numeric: false, header: true },
      { label: 'Verstuurd op', numeric: false },
      { label: 'Berichten', numeric: true },
      { label: 'Ingevuld vóór deze verzending', numeric: true },
      { label: 'Ingevuld tot de volgende verzending', numeric: true },
      { label: 'Cumulatief', numeric: true },
    ],
    groups: [
      {
        label: null,
        rows: rounds.map((r, i) => {
          const next = rounds[i + 1];
          const before = cumulativeBefore(r.date);
          const upTo = next ? cumulativeBefore(next.date) : total;
          return {
            cells: [text(roundLabel(r.kind, r.round)), text(formatLongDay(r.date)), num(r.sent, COUNT), num(before, COUNT), num(upTo - before, COUNT), num(upTo, COUNT)],
          };
        }),
      },
    ],
    notes: [],
    footnotes: {},
  };
}

/** The rates per value of one list attribute (non-response analysis). */
function attributeTable(b: RatesInput['breakdowns'][number], rule: string): Table {
  const attribute = b.attribute.charAt(0).toUpperCase() + b.attribute.slice(1);
  const groups = [
    {
      label: null,
      rows: b.cells.map((c) => ({
        cells: [
          text(c.value ?? 'Onbekend'),
          num(c.invited, COUNT),
          num(c.ineligible, COUNT),
          num(c.eligible, COUNT),
          c.suppressed ? hidden('a') : num(c.complete, COUNT),
          c.suppressed ? hidden('a') : num(c.rr1, FRACTION),
        ],
      })),
    },
  ];
  return {
    id: `rates-${b.attribute}`,
    title: `Respons naar ${attribute}`,
    columns: [
      { label: attribute, numeric: false, header: true },
      { label: 'Uitgenodigd', numeric: true },
      { label: 'Niet doelgroep', numeric: true },
      { label: 'Doelgroep', numeric: true },
      { label: 'Volledig', numeric: true },
      { label: 'RR1', numeric: true },
    ],
    groups,
    notes: [],
    footnotes: marksUsed(groups).has('a') ? { a: `– niet getoond. ${rule}` } : {},
  };
}
