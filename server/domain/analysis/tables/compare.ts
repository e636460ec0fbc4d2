/**
 * The comparison tables (the compare page; the same model as every results table): this wave against
 * an earlier wave, this house against the benchmark, and the list of the waves the benchmark pools.
 * Every mean carries its 95 % interval, every difference its Welch interval and what that says.
 */
import { MANY_COMPARISONS_NOTE } from '../../compare/difference.js';
import type { Benchmark, HouseCell, HouseComparison } from '../../compare/houses.js';
import { meanInterval } from '../../stats/meanInterval.js';
import type { WaveComparison } from '../../compare/waves.js';
import { formatInterval } from '../../format/nl.js';
import { COUNT, decimals, hidden, num, signed, text, type Cell, type Row, type Table } from './model.js';

const TWO = decimals(2);

function meanCell(s: { mean: number | null; sd: number | null; n: number }): Cell {
  const ci = meanInterval(s.mean, s.sd, s.n).value;
  return num(s.mean, TWO, ci ? ` ${formatInterval(ci, 2)}` : undefined);
}

function differenceCells(d: { estimate: number | null; interval: [number, number] | null; reading: string | null }): Cell[] {
  return [
    num(d.estimate === null ? null : Number(d.estimate.toFixed(2)), signed(2)),
    text(d.estimate === null ? '' : formatInterval(d.interval, 2)),
    text(d.reading ?? ''),
    num(d.interval?.[0], TWO),
    num(d.interval?.[1], TWO),
  ];
}

const DIFFERENCE_COLUMNS = [
  { label: 'Verschil', numeric: true },
  { label: '95%-interval verschil', numeric: true, nowrap: true },
  { label: 'Wat het interval zegt', numeric: false, prose: true },
  { label: 'Verschil ondergrens', numeric: true, detail: true },
  { label: 'Verschil bovengrens', numeric: true, detail: true },
];

const INTERVAL_NOTE =
  'Tussen haken het 95%-interval van het gemiddelde (t-verdeling). Het interval van een verschil is dat van Welch (twee onafhankelijke groepen, ongelijke spreiding); ' +
  'bevat het 0, dan kan het verschil op toeval berusten.';

/** This wave against another wave, per aspect. */
export function waveComparisonTable(c: WaveComparison, currentLabel: string, otherLabel: string): Table {
  const rows: Row[] = [...c.rows, c.overall].map((r, i, all) => ({
    cells: [
      text(r.label),
      meanCell(r.current),
      num(r.current.n, COUNT),
      r.comparable ? meanCell(r.other) : text('niet vergelijkbaar'),
      r.comparable ? num(r.other.n, COUNT) : text(''),
      ...differenceCells(r.differenceInterval),
    ],
    ...(i === all.length - 1 ? { kind: 'total' as const } : {}),
  }));
  return {
    id: 'compare-waves',
    title: `Gemiddelde score per aspect: ${currentLabel} en ${otherLabel}`,
    columns: [
      { label: 'Aspect', numeric: false, header: true },
      { label: 'Deze ronde', numeric: true, nowrap: true },
      { label: 'n', numeric: true },
      { label: 'Andere ronde', numeric: true, nowrap: true },
      { label: 'n', numeric: true },
      ...DIFFERENCE_COLUMNS,
    ],
    groups: [{ label: null, rows }],
    notes: [
      'Verschil = deze ronde − de andere ronde; n = respondenten met een score voor het aspect. Alleen aspecten die in beide vragenlijstversies op dezelfde manier gemeten zijn, worden vergeleken.',
      INTERVAL_NOTE,
      MANY_COMPARISONS_NOTE,
    ],
    footnotes: {},
  };
}

const HIDDEN_REFERENCE = { b: '– niet getoond: zou de cijfers van een afzonderlijk huis verraden.' };

/** A benchmark's references: pooled mean (with its interval), n, mean of house means, houses; a withheld one marked b (and `hide.any` set). */
function referenceCells(b: Benchmark, hide: { any: boolean }): Cell[] {
  const reference = (value: number | null, suppressed: boolean, cell: () => Cell): Cell => {
    if (suppressed) {
      hide.any = true;
      return hidden('b');
    }
    return value === null ? num(null, TWO) : cell();
  };
  return [reference(b.mean, b.suppressed, () => meanCell(b)), num(b.n, COUNT), reference(b.houseMeans, b.houseMeansSuppressed, () => num(b.houseMeans, TWO)), num(b.houses, COUNT)];
}

/** This house against the benchmark: pooled mean and mean of house means, per aspect. */
export function benchmarkTable(h: HouseComparison, house: string): Table {
  const hide = { any: false };
  const rows: Row[] = [...h.rows, h.overall].map((r, i, all) => ({
    cells: [text(r.label), meanCell(r.current), num(r.current.n, COUNT), ...referenceCells(r.reference, hide), ...differenceCells(r.differenceInterval)],
    ...(i === all.length - 1 ? { kind: 'total' as const } : {}),
  }));
  return {
    id: 'compare-benchmark',
    title: `Gemiddelde score per aspect: ${house} en de andere huizen`,
    columns: [
      { label: 'Aspect', numeric: false, header: true },
      { label: house, numeric: true, nowrap: true },
      { label: 'n', numeric: true },
      { label: 'Andere huizen, gepoold (elke respondent telt even zwaar)', numeric: true, nowrap: true },
      { label: 'n', numeric: true },
      { label: 'Gemiddelde van de huisgemiddelden (elk huis telt even zwaar)', numeric: true },
      { label: 'Huizen', numeric: true },
      ...DIFFERENCE_COLUMNS,
    ],
    groups: [{ label: null, rows }],
    notes: [h.definition, 'Verschil = dit huis − het gepoolde gemiddelde van de andere huizen.', INTERVAL_NOTE, MANY_COMPARISONS_NOTE, ...h.withheld],
    footnotes: hide.any ? HIDDEN_REFERENCE : {},
  };
}

/** What the list of pooled waves says of the waves it takes; the compare page's by default. */
export interface PoolText {
  title: string;
  /** Which waves are pooled, in words. */
  which: string;
  /** The wave's title as a column (a national round's waves are named after their house: no need). */
  waveColumn?: boolean;
}

const OTHER_HOUSES_POOL: PoolText = {
  title: 'De rondes in het gemiddelde van de andere huizen',
  which: 'Per ander huis de laatste gesloten ronde van een vergelijkbare vragenlijst in de gekozen periode; open rondes, concepten, testrondes en rondes van dit huis tellen nooit mee.',
};

/** Every wave the benchmark considered: house, wave, period, n and whether it counts; with `means`, each house's aspect means too. */
export function pooledWavesTable(h: HouseComparison, aspects: Array<{ id: string; label: string }>, means: boolean, pool: PoolText = OTHER_HOUSES_POOL): Table {
  let small = false;
  const cell = (c: HouseCell): Cell => {
    if (c.tooSmall) {
      small = true;
      return hidden('a');
    }
    return num(c.mean, TWO);
  };
  const rows: Row[] = h.waves.map((w) => {
    if (w.n === null) small = true;
    return {
      cells: [
        text(w.house),
        ...(pool.waveColumn === false ? [] : [text(w.wave)]),
        text(w.period),
        text('gesloten'),
        w.n === null ? hidden('a') : num(w.n, COUNT),
        text(w.counted ? (Object.values(w.aspects).some((c) => c.tooSmall) ? 'deels' : 'ja') : 'nee, te weinig respondenten'),
        ...(means ? [...aspects.map((a) => cell(w.aspects[a.id]!)), cell(w.overall)] : []),
      ],
    };
  });
  return {
    id: 'compare-pooled-waves',
    title: pool.title,
    columns: [
      { label: 'Veiligheidshuis', numeric: false, header: true },
      ...(pool.waveColumn === false ? [] : [{ label: 'Ronde', numeric: false }]),
      { label: 'Periode', numeric: false, range: true },
      { label: 'Status', numeric: false },
      { label: 'n', numeric: true },
      { label: 'Telt mee', numeric: false },
      ...(means ? [...aspects.map((a) => ({ label: a.label, numeric: true, sideways: true })), { label: 'Alle aspecten', numeric: true, sideways: true }] : []),
    ],
    groups: [{ label: null, rows }],
    notes: [
      `${pool.which} ` +
        `Een huis telt per aspect alleen mee met minstens ${h.minCellSize} respondenten met een score: kleinere groepen staan nergens apart en zitten ook niet in het gemiddelde, zodat ze niet uit de cijfers van de andere huizen terug te rekenen zijn.`,
    ],
    footnotes: small ? { a: `– niet getoond: minder dan ${h.minCellSize} respondenten; telt niet mee.` } : {},
  };
}

/** A national round's own benchmark (no house beside it): per aspect the pooled mean and the mean of house means of its closed waves. */
export function roundBenchmarkTable(h: HouseComparison): Table {
  const hide = { any: false };
  const rows: Row[] = [...h.rows, h.overall].map((r, i, all) => ({
    cells: [text(r.label), ...referenceCells(r.reference, hide)],
    ...(i === all.length - 1 ? { kind: 'total' as const } : {}),
  }));
  return {
    id: 'round-benchmark',
    title: 'Benchmark van de landelijke ronde: gemiddelde score per aspect',
    columns: [
      { label: 'Aspect', numeric: false, header: true },
      { label: 'Gepoold gemiddelde (elke respondent telt even zwaar)', numeric: true, nowrap: true },
      { label: 'Respondenten', numeric: true },
      { label: 'Gemiddelde van de huisgemiddelden (elk huis telt even zwaar)', numeric: true },
      { label: 'Huizen', numeric: true },
    ],
    groups: [{ label: null, rows }],
    notes: [
      'Gepoold gemiddelde: alle respondenten van de huizen samen, elke respondent telt even zwaar (een huis met meer respondenten weegt zwaarder). ' +
        'Gemiddelde van de huisgemiddelden: eerst per huis het gemiddelde, dan het gemiddelde daarvan; elk huis telt even zwaar.',
      `Respondenten en huizen: wie een score voor het aspect heeft, in de huizen die meetellen (minstens ${h.minCellSize} respondenten met een score).`,
      'Tussen haken het 95%-interval van het gemiddelde (t-verdeling).',
      ...h.withheld,
    ],
    footnotes: hide.any ? HIDDEN_REFERENCE : {},
  };
}
