/**
 * `compare --wave <id> [--with <wave id>] [--period <from>..<to>] [--now <ISO time>] [--json]`: what
 * the compare page shows, for every house (the command line reads every wave): the waves the benchmark
 * pools (house, wave, period, state, n, whether it counts) and per aspect this wave's mean with its
 * 95 % interval, the pooled mean, the mean of house means, the earlier wave's mean, and each difference
 * with its Welch interval and reading. A withheld value is null with the reason beside it.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { Difference } from '../domain/compare/difference.js';
import { formatDecimal, formatInterval, formatSigned } from '../domain/format/nl.js';
import { meanInterval } from '../domain/stats/meanInterval.js';
import { compareLoadedWave, type Comparison, type Period } from '../services/compare.js';
import { findWave } from '../services/waves.js';
import { openCliDatabase, print, type Command } from './io.js';
import { parseNow } from './mail.js';

const USAGE = 'Usage: compare --wave <id> [--with <wave id>] [--period <from>..<to>] [--now <ISO time>] [--json]';

function parsePeriod(text: string | undefined): Period | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (!m || Number.isNaN(Date.parse(m[1]!)) || Number.isNaN(Date.parse(m[2]!)) || m[1]! > m[2]!)
    throw new UsageError(`--period takes two days, the first not after the second: YYYY-MM-DD..YYYY-MM-DD (got "${text}")`);
  return { from: m[1]!, to: m[2]! };
}

const interval = (i: [number, number] | null) => (i ? { lower: i[0], upper: i[1] } : null);
const differenceJson = (d: Difference) => ({ estimate: d.estimate, interval95: interval(d.interval), reading: d.reading });

/** The comparison as the command line prints it (JSON): numbers unrounded, withheld values null with their reason. */
export function comparisonJson(c: Comparison) {
  const { wave } = c.current;
  const h = c.houseComparison?.comparison ?? null;
  const w = c.waveComparison;
  const mean = (m: { mean: number | null; sd: number | null; n: number }) => ({ mean: m.mean, interval95: interval(meanInterval(m.mean, m.sd, m.n).value as [number, number] | null), n: m.n });
  const ids = [...c.current.report.scales.map((s) => ({ id: s.id, label: s.label })), { id: 'overall', label: 'Alle aspecten' }];
  return {
    wave: { id: wave.id, title: wave.title, house: wave.house, questionnaire: `${wave.questionnaire_id}@${wave.questionnaire_version}` },
    earlierWave: c.otherWave ? { id: c.otherWave.id, title: c.otherWave.title, house: c.otherWave.house } : null,
    benchmark: {
      period: c.period,
      withheld: c.benchmarkWithheld,
      minCellSize: h?.minCellSize ?? null,
      definition: h?.definition ?? null,
      notes: h?.withheld ?? [],
      waves: (h?.waves ?? []).map((x) => ({ id: x.key, house: x.house, wave: x.wave, period: x.period, state: 'gesloten', n: x.n, counted: x.counted, ...(x.n === null ? { reason: `minder dan ${h!.minCellSize} respondenten` } : {}) })),
    },
    aspects: ids.map(({ id, label }) => {
      const hr = h ? (id === 'overall' ? h.overall : h.rows.find((r) => r.id === id)) : undefined;
      const wr = w ? (id === 'overall' ? w.overall : w.rows.find((r) => r.id === id)) : undefined;
      const o = c.current.report.overall;
      const scale = c.current.report.scales.find((x) => x.id === id);
      const own = scale ? { mean: scale.scoreMean, sd: scale.scoreSd, n: scale.scoreN } : { mean: o.mean, sd: o.sd, n: o.n };
      const suppressed = scale ? scale.scoreSuppressed : o.suppressed;
      return {
        id,
        label,
        wave: { ...mean(own), ...(suppressed ? { reason: `minder dan ${c.current.report.settings.minCellSize} respondenten met een score` } : {}) },
        pooled: hr ? { mean: hr.reference.mean, interval95: hr.reference.mean === null ? null : interval(meanInterval(hr.reference.mean, hr.reference.sd, hr.reference.n).value as [number, number] | null), n: hr.reference.n, houses: hr.reference.houses, ...(hr.reference.suppressed ? { reason: 'zou de cijfers van een afzonderlijk huis verraden' } : {}) } : null,
        meanOfHouseMeans: hr ? { mean: hr.reference.houseMeans, ...(hr.reference.houseMeansSuppressed ? { reason: 'zou de cijfers van een afzonderlijk huis verraden' } : {}) } : null,
        differenceWithPooled: hr ? differenceJson(hr.differenceInterval) : null,
        earlierWave: wr ? { ...mean(wr.other), comparable: wr.comparable, ...(wr.comparable ? {} : { reason: 'niet vergelijkbaar: het aspect is in de andere vragenlijstversie anders gemeten' }) } : null,
        differenceWithEarlier: wr ? differenceJson(wr.differenceInterval) : null,
      };
    }),
  };
}

function text(j: ReturnType<typeof comparisonJson>): string {
  const lines = [`${j.wave.title} (${j.wave.house}, ${j.wave.id}), ${j.wave.questionnaire}`];
  lines.push(`Benchmark: ${j.benchmark.period.from}..${j.benchmark.period.to}${j.benchmark.withheld ? ` — ${j.benchmark.withheld}` : ''}`);
  for (const w of j.benchmark.waves) lines.push(`  ${w.house}, ${w.wave} (${w.period}), n ${w.n ?? `< ${j.benchmark.minCellSize}`}${w.counted ? '' : ', does not count'}`);
  if (j.earlierWave) lines.push(`Earlier wave: ${j.earlierWave.title} (${j.earlierWave.house}, ${j.earlierWave.id})`);
  for (const a of j.aspects) {
    const parts = [`${a.label.padEnd(22)} ${formatDecimal(a.wave.mean)} ${formatInterval(a.wave.interval95 ? [a.wave.interval95.lower, a.wave.interval95.upper] : null)} n ${a.wave.n}`];
    if (a.pooled) parts.push(`pooled ${formatDecimal(a.pooled.mean)} (n ${a.pooled.n}), house means ${formatDecimal(a.meanOfHouseMeans?.mean)}, diff ${formatSigned(a.differenceWithPooled?.estimate)} ${formatInterval(a.differenceWithPooled?.interval95 ? [a.differenceWithPooled.interval95.lower, a.differenceWithPooled.interval95.upper] : null)}`);
    if (a.earlierWave) parts.push(`earlier ${formatDecimal(a.earlierWave.mean)}, diff ${formatSigned(a.differenceWithEarlier?.estimate)} ${formatInterval(a.differenceWithEarlier?.interval95 ? [a.differenceWithEarlier.interval95.lower, a.differenceWithEarlier.interval95.upper] : null)}`);
    lines.push(`  ${parts.join(' | ')}`);
  }
  return lines.join('\n');
}

/** `compare --wave <id> [--with <wave id>] [--period <from>..<to>] [--json]`. */
export const compareCommand: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: { wave: { type: 'string' }, with: { type: 'string' }, period: { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (!values.wave) throw new UsageError(USAGE);
  const period = parsePeriod(values.period);
  const now = parseNow(values.now) ?? new Date();
  const { db, close } = await openCliDatabase();
  try {
    const wave = await findWave(db, values.wave);
    if (!wave || !wave.questionnaire_json) throw new UsageError(`No wave with id "${values.wave}" that has a questionnaire`);
    const c = await compareLoadedWave(db, { system: 'cli' }, wave, { ...(values.with ? { withId: values.with } : {}), ...(period ? { period } : {}) }, now);
    if (values.with && !c.otherWave) throw new UsageError(`No comparable wave with id "${values.with}" to compare with`);
    const json = comparisonJson(c);
    print(io, values.json, json, () => text(json));
    return 0;
  } finally {
    await close();
  }
};
