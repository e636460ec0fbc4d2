/**
 * The benchmark harness itself: the results file it writes, the merge of a single benchmark into it,
 * the summary line, and the synthetic data. No timing is asserted: figures of a --quick run mean nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stappenmeterResponses } from '../../bench/analysis/synthetic.js';
import { participantsCsv } from '../../bench/import/child.js';
import { median, seeded } from '../../bench/lib/measure.js';
import { machine, summaryLine, writeResults, type BenchResult } from '../../bench/lib/results.js';
import { analyze } from '../../server/domain/analysis/report.js';
import { parseParticipantsCsv } from '../../server/domain/fieldwork/participantsCsv.js';
import { spawnTsx } from '../helpers/childProcess.js';
import { instrument } from '../helpers/questionnaire.js';

const dir = mkdtempSync(join(tmpdir(), 'vhbench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function entry(value: number, pass = true): BenchResult {
  return { value, unit: 's', target: '≤ 1 s', pass, measuredAt: '2026-11-22T12:00:00.000Z', details: {} };
}

describe('results file', () => {
  it('replaces only the benchmarks that ran, keeps the others, and keeps the benchmarks in their order', () => {
    const file = join(dir, 'merge.json');
    const host = machine();
    writeResults(file, { import: entry(2), mail: entry(400) }, ['mail', 'import'], host);
    const merged = writeResults(file, { import: entry(1.5) }, ['mail', 'import'], host);
    expect(Object.keys(merged)).toEqual(['mail', 'import']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ mail: { ...entry(400), machine: host }, import: { ...entry(1.5), machine: host } });
  });

  it('starts afresh from a file that is not JSON', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, 'not json');
    expect(Object.keys(writeResults(file, { import: entry(1) }, ['import'], machine()))).toEqual(['import']);
  });

  it('prints one line with value, unit, ratio, the figure beside it, target and verdict', () => {
    expect(summaryLine('analysis-100k', entry(0.3125))).toBe('analysis-100k     0.31 s  (target ≤ 1 s)  PASS');
    expect(summaryLine('mail', { ...entry(812.5), unit: 'msg/s', ratio: 0.61, aside: 'bare pool 1332 msg/s', target: 'ratio ≥ 0.5' })).toBe(
      'mail              813 msg/s  ratio 0.61  [bare pool 1332 msg/s]  (target ratio ≥ 0.5)  PASS',
    );
    expect(summaryLine('page-render', { ...entry(5123.4, false), unit: 'req/s', ratio: 0.3512, target: 'ratio ≥ 0.40' })).toBe(
      'page-render       5123 req/s  ratio 0.35  (target ratio ≥ 0.40)  FAIL',
    );
  });
});

describe('measuring tools', () => {
  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('the seeded source repeats itself and stays in [0, 1)', () => {
    const a = seeded(7);
    const b = seeded(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});

describe('synthetic data', () => {
  const q = instrument('stappenmeter-doelbereik');

  it('responses look as loadWaveResponses returns them: sorted keys, unanswered absent, answer codes only', () => {
    const responses = stappenmeterResponses(q, 500);
    expect(stappenmeterResponses(q, 500)).toEqual(responses);
    const items = new Set(q.aspects.flatMap((a) => a.items));
    for (const r of responses) {
      const keys = Object.keys(r);
      expect(keys).toEqual([...keys].sort());
      expect(Object.values(r)).not.toContain(null);
      for (const [code, value] of Object.entries(r)) if (items.has(code)) expect(code.startsWith('Q17_') ? [1, 2, 3, 4, 5] : [1, 2, 3, 4]).toContain(value);
      expect(r.Q2).toBeTypeOf('number');
    }
    expect(responses.some((r) => Object.keys(r).filter((k) => items.has(k)).length < items.size)).toBe(true);
    expect(responses.some((r) => r.Q17_1 === 5)).toBe(true);
  });

  it('gives the report the benchmark times: 7 alphas like the published ones, 48 items, 3 breakdowns', () => {
    const report = analyze(q, stappenmeterResponses(q, 3000), { by: ['overlegvorm', 'beroepsgroep', 'aanwezigheid'] });
    expect(report.scales).toHaveLength(7);
    for (const s of report.scales) expect(s.alpha).toBeGreaterThan(0.6);
    expect(report.items).toHaveLength(48);
    expect(report.breakdowns.map((b) => b.variable)).toEqual(['overlegvorm', 'beroepsgroep', 'aanwezigheid']);
  });

  it('the participant CSV has the six columns and imports without rejected rows', () => {
    const parsed = parseParticipantsCsv(Buffer.from(participantsCsv(300)), new Set());
    expect(parsed.fileErrors).toEqual([]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(300);
    expect(Object.keys(parsed.rows[0]!.attributes).sort()).toEqual(['beroepsgroep', 'geslacht', 'organisatie', 'overleg']);
  });
});

describe('npm run bench', () => {
  it('runs one benchmark by name (--quick) and writes its entry next to the ones already there', async () => {
    const file = join(dir, 'results.json');
    writeFileSync(file, JSON.stringify({ _machine: machine(), mail: entry(400) }));
    const run = spawnTsx('bench/run.ts', ['import', '--quick', '--out', file]);
    const { code } = await run.exited;
    expect(run.stderr()).not.toMatch(/Error/);
    const results = JSON.parse(readFileSync(file, 'utf8'));
    // every key is a benchmark; an entry carries the machine it was measured on, an older one is left as it was
    expect(Object.keys(results)).toEqual(['mail', 'import']);
    expect(results.mail).toEqual(entry(400));
    expect(results.import.machine).toMatchObject({ cores: expect.any(Number), node: process.version, cpu: expect.any(String), date: expect.any(String) });
    expect(results.import).toMatchObject({
      value: expect.any(Number),
      unit: 's',
      ratio: expect.any(Number),
      target: 'ratio ≤ 3 of csv-parse + one prepared INSERT',
      pass: expect.any(Boolean),
      measuredAt: expect.any(String),
      details: { rows: 1000, imported: 1000, invitations: 1000, medianBaselineSeconds: expect.any(Number) },
    });
    // the ratio is the import's median time over the baseline's, both measured in this run
    expect(results.import.ratio).toBeCloseTo(results.import.details.medianSeconds / results.import.details.medianBaselineSeconds, 2);
    expect(results.import.pass).toBe(results.import.ratio <= 3);
    expect(run.stdout()).toMatch(/^import\s+\d+(\.\d+)? s {2}ratio \d+\.\d\d {2}\[baseline \d+(\.\d+)? s\] {2}\(target ratio ≤ 3 of csv-parse \+ one prepared INSERT\) {2}(PASS|FAIL)$/m);
    expect(code).toBe(results.import.pass ? 0 : 1);
  });

  it('refuses an unknown benchmark name with exit code 2 and the known names', async () => {
    const run = spawnTsx('bench/run.ts', ['nonsense', '--out', join(dir, 'x.json')]);
    expect((await run.exited).code).toBe(2);
    expect(run.stderr()).toContain('Unknown benchmark(s): nonsense');
    expect(run.stderr()).toContain('analysis-100k');
  });

  it('lists every benchmark of issue 19 with what it measures', async () => {
    const run = spawnTsx('bench/run.ts', ['--list']);
    expect((await run.exited).code).toBe(0);
    const names = run.stdout().split('\n').filter(Boolean).map((line) => line.split(/\s+/)[0]);
    expect(names).toEqual(['page-render', 'submit', 'results-page', 'national-round', 'export-xlsx', 'analysis-100k', 'analysis-scaling', 'mail', 'import', 'startup']);
  });
});
