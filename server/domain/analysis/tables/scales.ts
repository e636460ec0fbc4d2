/** The tables of the aspects (scales): reliability (Tabel B1.1), scores, and the statements (Tabel B1.2). */
import { formatInterval } from '../../format/nl.js';
import { meanInterval } from '../../stats/meanInterval.js';
import type { ItemReport, Report } from '../types.js';
import { FREQUENCY_COLUMNS, frequencyTableRows } from './frequency.js';
import { COUNT, decimals, num, text, type Row, type RowGroup, type Table } from './model.js';

const TWO = decimals(2);

/** Tabel B1.1: per aspect Cronbach's alpha with its Feldt interval, k, the listwise n and warnings. */
export function reliabilityTable(report: Report, number: number): Table {
  const labelOf = new Map(report.items.map((i) => [i.code, i.label]));
  return {
    id: 'reliability',
    title: `Tabel ${number}. Betrouwbaarheid per aspect (Cronbachs alfa, vgl. Tabel B1.1)`,
    columns: [
      { label: 'Aspect', numeric: false, header: true },
      { label: 'Cronbachs alfa', numeric: true },
      { label: '95%-interval', numeric: true, nowrap: true },
      { label: 'Aantal items (k)', numeric: true },
      { label: 'n', numeric: true },
      { label: 'Voorbeelduitspraak', numeric: false, prose: true },
      { label: 'Opmerkingen', numeric: false },
      { label: '95%-interval ondergrens', numeric: true, detail: true },
      { label: '95%-interval bovengrens', numeric: true, detail: true },
      { label: 'Gestandaardiseerde alfa', numeric: true, detail: true },
    ],
    groups: [
      {
        label: null,
        rows: report.scales.map((s) => ({
          cells: [
            text(s.label),
            num(s.alpha, TWO),
            text(formatInterval(s.ci95, 2)),
            num(s.k, COUNT),
            num(s.n, COUNT),
            text(labelOf.get(s.items[0] ?? '') ?? ''),
            { value: null, lines: s.warnings.map((w) => w.message) },
            num(s.ci95?.[0], TWO),
            num(s.ci95?.[1], TWO),
            num(s.standardizedAlpha, TWO),
          ],
        })),
      },
    ],
    notes: [
      "Cronbachs alfa over de respondenten die alle uitspraken van het aspect beantwoordden (n, listwise, zoals SPSS RELIABILITY); 95%-interval volgens Feldt. 'Geen oordeel' telt als ontbrekend, nooit als score.",
    ],
    footnotes: {},
  };
}

/** A score's 95 % interval (t distribution over the respondents' scores), or null when it cannot be computed. */
export function scoreInterval(mean: number | null, sd: number | null, n: number): [number, number] | null {
  return meanInterval(mean, sd, n).value;
}

/** How the 95 % interval of a score is computed, in words. */
export const SCORE_INTERVAL_NOTE =
  '95%-interval: gemiddelde ± t × SD / √n (t-verdeling met n − 1 vrijheidsgraden). Het geeft aan hoe nauwkeurig het gemiddelde is: met andere respondenten uit dezelfde groep had het gemiddelde binnen deze marge kunnen uitkomen.';

/** The rule every aspect score follows; the thresholds per aspect are in the table beside it. */
export function aspectRule(report: Report): string {
  const reversed = report.scales.some((s) => s.reversed.length > 0);
  return (
    'Aspectscore: per respondent het gemiddelde van de beantwoorde uitspraken van het aspect, als minstens het aantal uitspraken uit de tabel ' +
    "'Minimaal aantal beantwoorde uitspraken' beantwoord is; 'geen oordeel' en 'weet niet' tellen niet mee" +
    (reversed ? ', omgekeerd geformuleerde uitspraken worden eerst omgecodeerd' : '') +
    '. De score van het aspect is het gemiddelde over de respondenten met een aspectscore (n).'
  );
}

/** The aspect scores of the whole sample with their 95 % interval and the overall score; the one rule and the overall formula as notes. */
export function scoresTable(report: Report, number: number): Table {
  const row = (label: string, n: number, mean: number | null, sd: number | null): Row => {
    const ci = scoreInterval(mean, sd, n);
    return { cells: [text(label), num(n, COUNT), num(mean, TWO), text(formatInterval(ci, 2)), num(sd, TWO), num(ci?.[0], TWO), num(ci?.[1], TWO)] };
  };
  const o = report.overall;
  const hasAspects = report.scales.length > 0;
  return {
    id: 'scores',
    title: `Tabel ${number}. Gemiddelde score per aspect`,
    columns: [
      { label: 'Aspect', numeric: false, header: true },
      { label: 'n', numeric: true },
      { label: 'Gemiddelde', numeric: true },
      { label: '95%-interval', numeric: true, nowrap: true },
      { label: 'SD', numeric: true },
      { label: '95%-interval ondergrens', numeric: true, detail: true },
      { label: '95%-interval bovengrens', numeric: true, detail: true },
    ],
    groups: [
      {
        label: null,
        rows: [
          ...report.scales.map((s) => row(s.label, s.scoreN, s.scoreMean, s.scoreSd)),
          ...(hasAspects ? [{ ...row('Alle aspecten', o.n, o.mean, o.sd), kind: 'total' as const }] : []),
        ],
      },
    ],
    notes: hasAspects ? [aspectRule(report), o.formula, SCORE_INTERVAL_NOTE] : [],
    footnotes: {},
  };
}

/** Per aspect: its statements, how many must be answered for a score, and how many are reverse-keyed. */
export function thresholdsTable(report: Report): Table {
  const reversed = report.scales.some((s) => s.reversed.length > 0);
  return {
    id: 'thresholds',
    title: 'Minimaal aantal beantwoorde uitspraken per aspect',
    columns: [
      { label: 'Aspect', numeric: false, header: true },
      { label: 'Uitspraken', numeric: true },
      { label: 'Minimaal beantwoord', numeric: true },
      ...(reversed ? [{ label: 'Omgekeerd geformuleerd', numeric: true }] : []),
    ],
    groups: [
      {
        label: null,
        rows: report.scales.map((s) => ({
          cells: [text(s.label), num(s.items.length, COUNT), num(s.minAnswered, COUNT), ...(reversed ? [num(s.reversed.length, COUNT)] : [])],
        })),
      },
    ],
    notes: [],
    footnotes: {},
  };
}

/** Tabel B1.2: n, min, max, mean and SD per statement, grouped by aspect; declared missing answers counted apart. */
export function itemsTable(report: Report, number: number): Table {
  const hasDeclared = report.items.some((i) => i.frequencies.some((f) => f.kind === 'missing'));
  const row = (i: ItemReport): Row => ({
    cells: [
      text(i.code),
      { value: i.label, code: i.code, ...(i.reversed ? { remark: '(omgekeerd geformuleerd)' } : {}) },
      num(i.n, COUNT),
      num(i.min, COUNT),
      num(i.max, COUNT),
      num(i.mean, TWO),
      num(i.sd, TWO),
      ...(hasDeclared ? [num(i.missing.declared, COUNT)] : []),
      num(i.missing.skipped, COUNT),
      text(i.reversed ? 'ja' : ''),
    ],
  });
  const byCode = new Map(report.items.map((i) => [i.code, i]));
  const inScale = new Set(report.scales.flatMap((s) => s.items));
  const groups: RowGroup[] = report.scales.map((s) => ({
    label: s.label,
    rows: s.items.flatMap((code) => {
      const item = byCode.get(code);
      return item ? [row(item)] : [];
    }),
  }));
  const rest = report.items.filter((i) => !inScale.has(i.code));
  if (rest.length) groups.push({ label: 'Overige uitspraken', rows: rest.map(row) });
  return {
    id: 'items',
    title: `Tabel ${number}. Scores per uitspraak, per aspect (vgl. Tabel B1.2)`,
    columns: [
      { label: 'Code', numeric: false, detail: true },
      { label: 'Uitspraak', numeric: false, header: true },
      { label: 'n', numeric: true },
      { label: 'Min', numeric: true },
      { label: 'Max', numeric: true },
      { label: 'Gemiddeld', numeric: true },
      { label: 'SD', numeric: true },
      ...(hasDeclared ? [{ label: 'Geen oordeel', numeric: true }] : []),
      { label: 'Niet ingevuld', numeric: true },
      { label: 'Omgekeerd', numeric: false, detail: true },
    ],
    groups,
    notes: [
      "Per uitspraak: n = aantal inhoudelijke antwoorden (1 tot en met 4); gemiddelde en standaardafwijking (SD, met n − 1) over die antwoorden. 'Geen oordeel' is geteld maar niet gemiddeld. Omgekeerd geformuleerde uitspraken staan hier zoals beantwoord; in de aspectscores zijn ze omgecodeerd.",
    ],
    footnotes: {},
  };
}

/** The frequency table of every statement: codes, declared missing codes and non-response. */
export function itemFrequencyTables(report: Report): Table[] {
  const pct = report.settings.percentDecimals;
  return report.items.map((item) => ({
    id: `item-${item.code}`,
    title: `‘${item.label}’`,
    code: item.code,
    columns: FREQUENCY_COLUMNS,
    groups: [{ label: null, rows: frequencyTableRows(item.frequencies, item.total, pct) }],
    notes: [],
    footnotes: {},
  }));
}
