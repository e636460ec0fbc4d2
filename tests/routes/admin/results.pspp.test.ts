/**
 * The SPSS download of a results page, exactly as an evaluator gets it: the .sps and the raw-data .csv
 * are downloaded from the page and saved under the names the server gives them, the syntax is run by
 * GNU PSPP, and PSPP's item statistics equal the page's Tabel 4 and the platform's report (to 1e-6).
 * The Q17 statements carry "geen oordeel" (5) answers, which only match when PSPP treats them as missing.
 * Fails, never skips, without `pspp`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../../server/db/database.js';
import { loadWaveResponses } from '../../../server/db/repositories/results.js';
import { waveQuestionnaire } from '../../../server/db/repositories/waves.js';
import { analyze } from '../../../server/domain/analysis/report.js';
import type { Report } from '../../../server/domain/analysis/types.js';
import { formatCount, formatDecimal } from '../../../server/domain/format/nl.js';
import { createRng } from '../../../server/domain/demo/prng.js';
import { stappenmeterAnswers, stappenmeterPeople } from '../../../server/domain/demo/stappenmeter.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { loginAs, type LoggedIn } from '../../helpers/auth.js';
import { afterFieldwork, makeWave } from '../../helpers/factories.js';
import { row, storeResponses, table } from '../../helpers/resultsPage.js';

let t: TestApp;
let evaluator: LoggedIn;
let wave: Wave;
let dir: string;
let report: Report;
let page: string;
let means: string[][];

async function get(url: string) {
  return t.app.inject({ url, headers: { cookie: evaluator.cookie, accept: 'text/html' } });
}

function fileName(disposition: unknown): string {
  const name = /^attachment; filename="([^"/\\]+)"$/.exec(String(disposition))?.[1];
  expect(name).toBeDefined();
  return name!;
}

beforeAll(async () => {
  t = await createTestApp();
  evaluator = await loginAs(t.app, 'evaluator');
  const q = t.app.questionnaires.get('stappenmeter-doelbereik')!;
  wave = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Stappenmeter 2026', house: 'Veiligheidshuis Proefregio', ...afterFieldwork(t.app) });
  const rng = createRng('pspp-download');
  await storeResponses(
    t.app,
    wave,
    stappenmeterPeople(q, rng, 60, 'pspp').map((p) => stappenmeterAnswers(q, rng, p, { shift: 0 })),
  );
  const data = await loadWaveResponses(t.app.db, wave.id);
  report = analyze(waveQuestionnaire(wave), data.responses, { minCellSize: wave.min_cell_size });
  page = (await get(`/admin/results/${wave.id}`)).body;

  dir = mkdtempSync(join(tmpdir(), 'vhpspp-download-'));
  const sps = await get(`/admin/results/${wave.id}/download/sps`);
  const csv = await get(`/admin/results/${wave.id}/download/csv`);
  expect([sps.statusCode, csv.statusCode]).toEqual([200, 200]);
  const spsName = fileName(sps.headers['content-disposition']);
  const csvName = fileName(csv.headers['content-disposition']);
  // the syntax reads the CSV under the name its download gets
  expect(sps.body).toContain(`/FILE='${csvName}'`);
  writeFileSync(join(dir, spsName), sps.rawPayload);
  writeFileSync(join(dir, csvName), csv.rawPayload);

  const codes = report.items.map((i) => i.code);
  writeFileSync(
    join(dir, 'wrapper.sps'),
    [`INCLUDE FILE='${spsName}'.`, `FORMATS ${codes.join(' ')} (F20.12).`, `MEANS TABLES=${codes.join(' ')} /CELLS=MEAN COUNT STDDEV.`, ''].join('\n'),
  );
  execFileSync('pspp', ['-O', 'format=csv', '-o', 'out.csv', 'wrapper.sps'], { cwd: dir, stdio: 'pipe' });
  const output = readFileSync(join(dir, 'out.csv'), 'utf8');
  expect(output).not.toMatch(/warning|error/i);
  const block = output.split(/\n\s*\n/).find((b) => b.trim().startsWith(`Table: ${codes[0]} * `));
  expect(block).toBeDefined();
  means = parse(block!.trim().split('\n').slice(1).join('\n'), { relax_column_count: true }) as string[][];
}, 60_000);

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

describe('the SPSS download of a results page, run by GNU PSPP', () => {
  it('has geen oordeel answers to prove the point', () => {
    expect(report.items.filter((i) => i.code.startsWith('Q17_')).some((i) => i.missing.declared > 0)).toBe(true);
  });

  it('gives the item n, means and SDs of the platform and of the page', () => {
    const stat = (label: string) => means.find((r) => r[0] === label)!;
    const items = table(page, 'Scores per uitspraak');
    report.items.forEach((item, k) => {
      const col = k + 1;
      expect(Number(stat('N')[col]), item.code).toBe(item.n);
      expect(Number(stat('Mean')[col]), item.code).toBeCloseTo(item.mean!, 6);
      expect(Number(stat('Std. Deviation')[col]), item.code).toBeCloseTo(item.sd!, 6);
      // and what the page shows, formatted as the page formats it
      const [n, , , mean, sd] = row(items, item.code).slice(1, 6).map((c) => c.text);
      expect([n, mean, sd], item.code).toEqual([formatCount(Number(stat('N')[col])), formatDecimal(Number(stat('Mean')[col])), formatDecimal(Number(stat('Std. Deviation')[col]))]);
    });
  });
});
