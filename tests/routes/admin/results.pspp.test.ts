/**
 * The SPSS download of a results page, exactly as an evaluator gets it: one zip, saved under the name
 * the server gives it and unpacked as its LEESMIJ says; the syntax in it is run by GNU PSPP, from the
 * unpacked folder and (with its CD line filled in, as the syntax explains) from any other folder, and
 * PSPP's item statistics equal the page's table of the statements and the platform's report (to 1e-6).
 * The Q17 statements carry "geen oordeel" (5) answers, which only match when PSPP treats them as missing.
 * Fails, never skips, without `pspp`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../../server/db/database.js';
import { loadWaveResponses } from '../../../server/db/repositories/results.js';
import { waveQuestionnaire } from '../../../server/db/repositories/waves.js';
import { analyze } from '../../../server/domain/analysis/report.js';
import type { Report } from '../../../server/domain/analysis/types.js';
import { formatCount, formatDecimal } from '../../../server/domain/format/nl.js';
import { createRng } from '../../../server/domain/demo/prng.js';
import { stappenmeterAnswers, stappenmeterPeople } from '../../../server/domain/demo/stappenmeter.js';
import { createTestApp, storedQuestionnaire, type TestApp } from '../../helpers/app.js';
import { loginAs, type LoggedIn } from '../../helpers/auth.js';
import { makeWave } from '../../helpers/factories.js';
import { row, storeResponses, table } from '../../helpers/resultsPage.js';

let t: TestApp;
let evaluator: LoggedIn;
let wave: Wave;
let dir: string;
let report: Report;
let page: string;
let means: string[][];
let unpacked: string;
let syntaxName: string;
let readme: string;

/** Run PSPP on a wrapper that includes the downloaded syntax and prints the item statistics; returns the MEANS rows. */
function runMeans(cwd: string, spsPath: string): string[][] {
  const codes = report.items.map((i) => i.code);
  const wrapper = join(cwd, 'wrapper.sps');
  writeFileSync(wrapper, [`INCLUDE FILE='${spsPath}'.`, `FORMATS ${codes.join(' ')} (F20.12).`, `MEANS TABLES=${codes.join(' ')} /CELLS=MEAN COUNT STDDEV.`, ''].join('\n'));
  execFileSync('pspp', ['-O', 'format=csv', '-o', 'out.csv', wrapper], { cwd, stdio: 'pipe' });
  const output = readFileSync(join(cwd, 'out.csv'), 'utf8');
  expect(output).not.toMatch(/warning|error/i);
  const block = output.split(/\n\s*\n/).find((b) => b.trim().startsWith(`Table: ${codes[0]} * `));
  expect(block).toBeDefined();
  return parse(block!.trim().split('\n').slice(1).join('\n'), { relax_column_count: true }) as string[][];
}

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
  const q = await storedQuestionnaire(t.app, 'stappenmeter-doelbereik');
  wave = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Stappenmeter 2026', house: 'Veiligheidshuis Proefregio' });
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
  expect(sps.statusCode).toBe(200);
  expect(sps.headers['content-type']).toBe('application/zip');
  const zipName = fileName(sps.headers['content-disposition']);
  expect(zipName).toMatch(/-spss\.zip$/);
  writeFileSync(join(dir, zipName), sps.rawPayload);
  // unpacked as the LEESMIJ says: everything in one folder
  unpacked = join(dir, 'uitgepakt');
  mkdirSync(unpacked);
  const zip = await JSZip.loadAsync(readFileSync(join(dir, zipName)));
  for (const [name, entry] of Object.entries(zip.files)) writeFileSync(join(unpacked, name), await entry.async('nodebuffer'));
  const names = Object.keys(zip.files).sort();
  syntaxName = names.find((n) => n.endsWith('.sps'))!;
  const csvName = names.find((n) => n.endsWith('.csv'))!;
  expect(names).toEqual([csvName, 'LEESMIJ.txt', syntaxName].sort());
  // the CSV in the zip is the csv download, under the name that download gets, and the syntax reads it by that name
  const csv = await get(`/admin/results/${wave.id}/download/csv`);
  expect(csvName).toBe(fileName(csv.headers['content-disposition']));
  expect(readFileSync(join(unpacked, csvName), 'utf8')).toBe(csv.body);
  expect(readFileSync(join(unpacked, syntaxName), 'utf8')).toContain(`/FILE='${csvName}'`);
  readme = readFileSync(join(unpacked, 'LEESMIJ.txt'), 'utf8');
  means = runMeans(unpacked, syntaxName);
}, 60_000);

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

describe('the SPSS download of a results page, run by GNU PSPP', () => {
  it('explains in its LEESMIJ how to unpack and run it, and how to point SPSS at the folder', () => {
    expect(readme).toContain(`Open ${syntaxName} in SPSS`);
    expect(readme).toContain('Pak de zip uit in een map');
    expect(readme).toContain("haal dan in de\r\n   syntax het sterretje weg voor de regel * CD 'C:\\...'");
    expect(readme).toContain(`pspp ${syntaxName}`);
  });

  it('also runs from another folder once the CD line holds the unpacked folder, as the syntax says', () => {
    const elsewhere = join(dir, 'elders');
    mkdirSync(elsewhere);
    const syntax = readFileSync(join(unpacked, syntaxName), 'utf8');
    const cd = /^\* CD '[^'\n]*'\.$/m;
    expect(syntax).toMatch(cd);
    writeFileSync(join(elsewhere, 'aangepast.sps'), syntax.replace(cd, `CD '${unpacked}'.`));
    expect(runMeans(elsewhere, join(elsewhere, 'aangepast.sps'))).toEqual(means);
  });

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
