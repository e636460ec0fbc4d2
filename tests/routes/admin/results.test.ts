import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../server/config.js';
import type { Wave } from '../../../server/db/database.js';
import { loadWaveResponses } from '../../../server/db/repositories/results.js';
import { waveQuestionnaire } from '../../../server/db/repositories/waves.js';
import { analyze } from '../../../server/domain/analysis/report.js';
import type { Report } from '../../../server/domain/analysis/types.js';
import { formatCount, formatDecimal, formatInterval, formatSigned } from '../../../server/domain/format/nl.js';
import { meanInterval } from '../../../server/domain/stats/meanInterval.js';
import { welchInterval } from '../../../server/domain/stats/contrastInterval.js';
import { createRng } from '../../../server/domain/demo/prng.js';
import { stappenmeterAnswers, stappenmeterPeople } from '../../../server/domain/demo/stappenmeter.js';
import { readResponsesCsv } from '../../../server/domain/exports/responsesCsv.js';
import { SHEETS } from '../../../server/domain/exports/xlsx.js';
import { createTestApp, storedQuestionnaire, type TestApp } from '../../helpers/app.js';
import { loginAs, type LoggedIn } from '../../helpers/auth.js';
import { afterFieldwork, makeInvitee, makeWave } from '../../helpers/factories.js';
import { checkWellFormed, count } from '../../helpers/svg.js';
import { row, rowGroups, storeResponses, svgs, table, uniformStappenmeter, type Cell } from '../../helpers/resultsPage.js';
import { cli } from '../../helpers/cli.js';

let t: TestApp;
let researcher: LoggedIn;
let evaluator: LoggedIn;
/** Six responses whose every statement has the same answer: A (overleg 1) 4, 3, 3; B (overleg 2) 2, 2; C (overleg 5) 1. */
let tiny: Wave;
/** Forty synthetic responses with realistic, correlated answers. */
let realistic: Wave;

const texts = (cells: Cell[]) => cells.map((c) => c.text);

async function get(url: string, who: LoggedIn = evaluator) {
  return t.app.inject({ url, headers: { cookie: who.cookie, accept: 'text/html' } });
}

beforeAll(async () => {
  t = await createTestApp();
  researcher = await loginAs(t.app, 'researcher');
  evaluator = await loginAs(t.app, 'evaluator');
  const q = (await storedQuestionnaire(t.app, 'stappenmeter-doelbereik'));

  tiny = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Kleine ronde', min_cell_size: 2 });
  const background = (Q2: number) => ({ Q2, Q3: 4, Q63: 1 });
  await storeResponses(t.app, tiny, [
    uniformStappenmeter(q.variables, 4, background(1)),
    uniformStappenmeter(q.variables, 3, background(1)),
    uniformStappenmeter(q.variables, 3, background(1)),
    uniformStappenmeter(q.variables, 2, background(2)),
    uniformStappenmeter(q.variables, 2, background(2)),
    uniformStappenmeter(q.variables, 1, background(5)),
  ]);

  // anonymous (the factory's default) and closed: its respondent-level data can be downloaded
  realistic = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Realistische ronde', house: 'Veiligheidshuis Proefregio', ...afterFieldwork(t.app) });
  const rng = createRng('results-test');
  const people = stappenmeterPeople(q, rng, 40, 'test');
  await storeResponses(
    t.app,
    realistic,
    people.map((p) => stappenmeterAnswers(q, rng, p, { shift: 0 })),
  );
});

afterAll(async () => {
  await t?.close();
});

describe('the results page of a wave (hand-computed)', () => {
  let html: string;
  beforeAll(async () => {
    const res = await get(`/admin/results/${tiny.id}`);
    expect(res.statusCode).toBe(200);
    html = res.body;
  });

  it('has the reliability table in the shape of Tabel B1.1', () => {
    const rows = table(html, 'Betrouwbaarheid per aspect');
    expect(texts(rows[0]!).slice(0, 5)).toEqual(['Aspect', 'Cronbachs alfa', '95%-interval', 'Aantal items (k)', 'n']);
    // every statement of an aspect has the same answer, so the items correlate perfectly: alpha = 1
    const selectie = row(rows, 'Selectie');
    expect(texts(selectie).slice(0, 5)).toEqual(['Selectie', '1,00', selectie[2]!.text, '6', '6']);
    expect(texts(row(rows, 'Voorbereiding')).slice(3, 5)).toEqual(['13', '6']);
    expect(texts(row(rows, 'Rendement')).slice(3, 5)).toEqual(['2', '6']);
  });

  it('has the item table in the shape of Tabel B1.2, grouped by aspect', () => {
    const rows = table(html, 'Scores per uitspraak');
    expect(texts(rows[0]!).slice(0, 6)).toEqual(['Uitspraak', 'n', 'Min', 'Max', 'Gemiddeld', 'SD']);
    const groups = rows.filter((r) => r.length === 1).map((r) => r[0]!.text);
    expect(groups).toEqual(['Selectie', 'Voorbereiding', 'Informatiedeling', 'Bespreking', 'Samenwerking', 'Evaluatie', 'Rendement']);
    // answers 4, 3, 3, 2, 2, 1: mean 2.5, SD √(5.5 / 5) = 1.0488
    expect(texts(row(rows, 'Q6_1')).slice(1, 6)).toEqual(['6', '1', '4', '2,50', '1,05']);
    expect(texts(row(rows, 'Q17_2')).slice(1, 6)).toEqual(['6', '1', '4', '2,50', '1,05']);
  });

  it('has the group table in the shape of Tabel 7.3, with n per row, and small cells suppressed', () => {
    const rows = table(html, 'Gemiddelde score per aspect naar');
    expect(texts(rows[0]!)).toEqual(['Groep', 'n', 'Selectie', 'Voorbereiding', 'Informatiedeling', 'Bespreking', 'Samenwerking', 'Evaluatie', 'Rendement', 'Alle aspecten']);
    // A: (4 + 3 + 3) / 3 on every aspect
    // each mean with its 95 % interval: scores 4, 3, 3 have SD 0.577, t(0.975; 2) = 4.303: 3.33 ± 1.43
    expect(texts(row(rows, 'Individueel casusoverleg'))).toEqual(['Individueel casusoverleg', '3', ...Array(8).fill('3,33 [1,90; 4,77]')]);
    // C has 1 respondent (< 2): suppressed; B is then suppressed as well, or C = 6·2.5 − 3·3.33 − 2·B
    const c = row(rows, 'Jeugdgroepsaanpak');
    // hidden means hidden everywhere: not even the group's n
    expect(c[1]).toEqual({ text: '–', mark: 'a', n: null });
    for (const cell of c.slice(2)) expect(cell).toEqual({ text: '–', mark: 'a', n: null });
    const b = row(rows, 'Geclusterd jeugdoverleg');
    expect(b[1]).toEqual({ text: '–', mark: 'b', n: null });
    for (const cell of b.slice(2)) expect(cell).toEqual({ text: '–', mark: 'b', n: null });
    // groups without respondents are left out; the total is (4 + 3 + 3 + 2 + 2 + 1) / 6
    expect(rows.some((r) => r[0]!.text.startsWith('Geclusterd volwassenen'))).toBe(false);
    expect(texts(rows.at(-1)!)).toEqual(['Totaal', '6', ...Array(8).fill('2,50 [1,40; 3,60]')]);
    expect(html).toContain('minder dan 2 respondenten');
  });

  it('never shows a number in a suppressed cell, nor in its chart', () => {
    const rows = table(html, 'Gemiddelde score per aspect naar');
    for (const r of rows) for (const cell of r) if (cell.mark) expect(cell.text).toBe('–');
    const chart = svgs(html).find((s) => s.includes('Gemiddelde score over alle aspecten naar overlegvorm'))!;
    expect(chart).toContain('Jeugdgroepsaanpak (n\u00a0=\u00a01): niet getoond');
    expect(chart).not.toMatch(/Jeugdgroepsaanpak[^<]*: \d/);
    expect(chart).not.toMatch(/Geclusterd jeugdoverleg[^<]*: \d/);
  });

  it('states how every composite number is made: one rule for the aspect scores with a table of thresholds', () => {
    // the rule once, not once per aspect
    expect(count(html, 'Aspectscore: per respondent het gemiddelde van de beantwoorde uitspraken van het aspect')).toBe(1);
    expect(html).not.toMatch(/Aspectscore Selectie:/);
    const thresholds = table(html, 'Minimaal aantal beantwoorde uitspraken per aspect');
    expect(thresholds.map(texts)).toEqual([
      ['Aspect', 'Uitspraken', 'Minimaal beantwoord'],
      ['Selectie', '6', '3'],
      ['Voorbereiding', '13', '7'],
      ['Informatiedeling', '6', '3'],
      ['Bespreking', '9', '5'],
      ['Samenwerking', '7', '4'],
      ['Evaluatie', '5', '3'],
      ['Rendement', '2', '1'],
    ]);
    expect(html).toContain('Totaalscore: per respondent het gemiddelde van zijn of haar aspectscores');
    expect(html).toContain('95%-interval: gemiddelde ± t × SD / √n');
    expect(html).toContain('RR1 = volledig / (uitgenodigd − niet tot de doelgroep)');
    expect(html).toContain('listwise');
  });

  it('draws the charts as accessible SVG on the server', () => {
    const charts = svgs(html);
    // curve, score per aspect, per background variable the two figures, and per aspect its answer distribution
    expect(charts.length).toBe(2 + 2 * 3 + 7);
    for (const svg of charts) {
      checkWellFormed(svg);
      expect(svg).toContain('role="img"');
      const [titleId, descId] = /aria-labelledby="([^" ]+) ([^"]+)"/.exec(svg)!.slice(1);
      expect(svg).toContain(`<title id="${titleId}">`);
      expect(svg).toContain(`<desc id="${descId}">`);
      expect(svg).not.toMatch(/\sstyle=/);
    }
    const ids = charts.map((s) => /<svg[^>]* id="([^"]+)"/.exec(s)![1]);
    expect(new Set(ids).size).toBe(ids.length);
    const perAspect = charts.find((s) => s.includes('<title id="r-aspects-title">'))!;
    expect(count(perAspect, '<rect class="bar"')).toBe(8);
    // B1.1 for overlegvorm: only group A has a bar
    const overleg = charts.find((s) => s.includes('Gemiddelde score over alle aspecten naar overlegvorm'))!;
    expect(count(overleg, '<rect class="bar"')).toBe(1);
    expect(count(overleg, 'class="bar-missing"')).toBe(2);
    expect(charts.some((s) => s.includes('class="marker"') || s.includes('Cumulatieve respons'))).toBe(true);
  });

  it('uses no inline style or script anywhere, so the CSP holds', () => {
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<script/);
  });
});

/** The page's numbers for a report, formatted as the page formats them. */
function expectPageMatches(html: string, report: Report) {
  const reliability = table(html, 'Betrouwbaarheid per aspect');
  for (const s of report.scales) {
    expect(texts(row(reliability, s.label)).slice(1, 5)).toEqual([formatDecimal(s.alpha), formatInterval(s.ci95), formatCount(s.k), formatCount(s.n)]);
  }
  const items = table(html, 'Scores per uitspraak');
  for (const i of report.items) {
    expect(texts(row(items, i.code)).slice(1, 6)).toEqual([formatCount(i.n), formatDecimal(i.min, 0), formatDecimal(i.max, 0), formatDecimal(i.mean), formatDecimal(i.sd)]);
  }
  const scores = table(html, 'Gemiddelde score per aspect');
  for (const s of report.scales) expect(texts(row(scores, s.label)).slice(1, 3)).toEqual([formatCount(s.scoreN), formatDecimal(s.scoreMean)]);
  expect(texts(row(scores, 'Alle aspecten')).slice(1, 3)).toEqual([formatCount(report.overall.n), formatDecimal(report.overall.mean)]);
  const groups = rowGroups(table(html, 'Gemiddelde score per aspect naar'));
  for (const b of report.breakdowns) {
    const rows = groups.get(b.label)!;
    expect(rows.length).toBe(b.cells.filter((x) => x.n > 0).length);
    for (const c of b.cells.filter((x) => x.n > 0)) {
      const r = row(rows, c.value);
      expect(r[1]!.text).toBe(c.suppressed ? '–' : formatCount(c.n));
      report.scales.forEach((s, k) => {
        const shown = r[2 + k]!;
        if (c.suppressed || c.suppressedScores.includes(s.id)) expect(shown.text).toBe('–');
        else expect(shown.text.split(' [')[0]).toBe(formatDecimal(c.scores[s.id]));
      });
    }
  }
}

describe('the results page of a wave (against analyze())', () => {
  it('shows exactly the numbers of analyze() on the stored responses', async () => {
    const res = await get(`/admin/results/${realistic.id}`);
    expect(res.statusCode).toBe(200);
    const data = await loadWaveResponses(t.app.db, realistic.id);
    const report = analyze(waveQuestionnaire(realistic), data.responses, { minCellSize: realistic.min_cell_size });
    expect(report.n).toBe(40);
    expectPageMatches(res.body, report);
    // the realistic data have suppressed groups, and their cells show no number
    expect(report.breakdowns.some((b) => b.cells.some((c) => c.suppressed))).toBe(true);
  });

  it('gives the same numbers when its CSV download is read back and analysed', async () => {
    const page = await get(`/admin/results/${realistic.id}`);
    const csv = await get(`/admin/results/${realistic.id}/download/csv`);
    expect(csv.statusCode).toBe(200);
    const questionnaire = waveQuestionnaire(realistic);
    const { responses, warnings } = readResponsesCsv(questionnaire, csv.body);
    expect(warnings).toEqual([]);
    const fromCsv = analyze(questionnaire, responses, { minCellSize: realistic.min_cell_size });
    expectPageMatches(page.body, fromCsv);
    const data = await loadWaveResponses(t.app.db, realistic.id);
    expect(fromCsv).toEqual(analyze(questionnaire, data.responses, { minCellSize: realistic.min_cell_size }));
  });

  it('gives the same numbers when its CSV download is read back by the analyze command', async () => {
    const page = await get(`/admin/results/${realistic.id}`);
    const csv = await get(`/admin/results/${realistic.id}/download/csv`);
    const dir = mkdtempSync(join(tmpdir(), 'vhanalyze-'));
    try {
      const file = join(dir, 'ronde.csv');
      writeFileSync(file, csv.rawPayload);
      // as a researcher would: the shipped questionnaire file of the wave's version, the wave's minimum cell size
      expect(waveQuestionnaire(realistic).version).toBe((await storedQuestionnaire(t.app, 'stappenmeter-doelbereik')).version);
      const { code, stdout, stderr } = await cli('analyze', '--questionnaire', join(projectRoot, 'questionnaires/stappenmeter-doelbereik.json'), '--responses', file, '--min-cell-size', String(realistic.min_cell_size), '--json');
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as Report;
      expect(report.n).toBe(40);
      expectPageMatches(page.body, report);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a printable report with the same tables, a print stylesheet and a running header of its own', async () => {
    const res = await get(`/admin/results/${realistic.id}/rapport`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<link rel="stylesheet" href="/static/print.css" media="print">');
    expect(res.body).toContain(`<link rel="stylesheet" href="/admin/results/${realistic.id}/rapport.css" media="print">`);
    expect(res.body).toContain('<script src="/static/report.js" defer></script>');
    expect(res.body).not.toContain('class="admin-nav"');
    const data = await loadWaveResponses(t.app.db, realistic.id);
    expectPageMatches(res.body, analyze(waveQuestionnaire(realistic), data.responses, { minCellSize: realistic.min_cell_size }));
    const css = await t.app.inject({ url: '/static/print.css' });
    expect(css.statusCode).toBe(200);
    expect(css.body).toContain('counter(page) " van " counter(pages)');
    // the house and the period in the top margin, every character outside a plain set escaped
    const header = await get(`/admin/results/${realistic.id}/rapport.css`);
    expect(header.statusCode).toBe(200);
    expect(header.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(header.body).toMatch(/^@page \{ @top-left \{ content: "Veiligheidshuis Proefregio · Realistische ronde · \d+ [a-z]+ \d{4} – \d+ [a-z]+ \d{4}"; \} \}/);
    expect((await get('/admin/results/bestaatniet/rapport.css')).statusCode).toBe(404);
  });
});

describe('downloads', () => {
  const base = () => `/admin/results/${realistic.id}/download`;

  it('sends each format with its content type and a file name', async () => {
    const expected = {
      'csv-excel': ['text/csv; charset=utf-8', '-excel.csv'],
      csv: ['text/csv; charset=utf-8', '.csv'],
      xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.xlsx'],
      sps: ['application/zip', '-spss.zip'],
      r: ['text/plain; charset=utf-8', '.R'],
      codebook: ['text/csv; charset=utf-8', '-codeboek.csv'],
    } as const;
    for (const [format, [type, suffix]] of Object.entries(expected)) {
      const res = await get(`${base()}/${format}`);
      expect(res.statusCode, format).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="stappenmeter-doelbereik_veiligheidshuis-proefregio_${realistic.id}${suffix}"`);
    }
    const r = await get(`${base()}/r`);
    // the R script reads the CSV under the name the CSV download gets
    expect(r.body).toContain(`pad <- "stappenmeter-doelbereik_veiligheidshuis-proefregio_${realistic.id}.csv"`);
    // the Excel file is offered first on the page
    const page = await get(`/admin/results/${realistic.id}`);
    const offered = [...page.body.matchAll(/href="\/admin\/results\/[^/]+\/download\/([a-z-]+)"/g)].map((m) => m[1]);
    expect(offered).toEqual(['csv-excel', 'csv', 'xlsx', 'sps', 'r', 'codebook']);
    expect((await get(`${base()}/pdf`)).statusCode).toBe(404);
  });

  it('writes each respondent-level download to the audit log, with who, which wave, format and rows', async () => {
    const downloads = () => t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'results.download').orderBy('id').execute();
    const before = (await downloads()).length;
    for (const format of ['csv', 'csv-excel', 'xlsx', 'sps', 'r', 'codebook']) expect((await get(`${base()}/${format}`)).statusCode).toBe(200);
    const added = (await downloads()).slice(before);
    expect(added.map((a) => [a.actor, a.user_id, a.wave_id, a.house_id, JSON.parse(a.details)])).toEqual(
      ['csv', 'csv-excel', 'xlsx', 'sps', 'r'].map((format) => [evaluator.user.email, evaluator.user.id, realistic.id, realistic.house_id, { waveId: realistic.id, format, rows: 40 }]),
    );
  });

  it('sends an XLSX workbook with the expected sheets', async () => {
    const res = await get(`${base()}/xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = workbook.worksheets.map((w) => w.name);
    for (const sheet of [SHEETS.raw, SHEETS.variables, SHEETS.reliability, SHEETS.items]) expect(names).toContain(sheet);
    expect(workbook.getWorksheet(SHEETS.raw)!.rowCount).toBe(41);
    // every results table of the page as its own sheet (no participant list here, so no Respons sheet)
    expect(names).toEqual([
      SHEETS.raw,
      SHEETS.variables,
      SHEETS.summary,
      SHEETS.reliability,
      SHEETS.items,
      SHEETS.distributions,
      'Per overlegvorm',
      'Per beroepsgroep',
      'Per aantal maal aanwezig in de',
      SHEETS.frequencies,
      SHEETS.itemFrequencies,
      SHEETS.openAnswers,
    ]);
    // holding the numbers of the page's report, as numbers
    const data = await loadWaveResponses(t.app.db, realistic.id);
    const report = analyze(waveQuestionnaire(realistic), data.responses, { minCellSize: realistic.min_cell_size });
    const rowsOf = (sheet: string) => (workbook.getWorksheet(sheet)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    const reliability = rowsOf(SHEETS.reliability);
    const header = reliability.find((r) => r[0] === 'Aspect')!;
    const under = (row: unknown[], label: string) => row[header.indexOf(label)];
    for (const s of report.scales) {
      const row = reliability.find((r) => r[0] === s.label)!;
      expect(['Aantal items (k)', 'n', 'Cronbachs alfa', '95%-interval ondergrens'].map((label) => under(row, label))).toEqual([s.k, s.n, s.alpha, s.ci95![0]]);
    }
    const items = rowsOf(SHEETS.items);
    for (const i of report.items) expect(items.find((r) => r[0] === i.code)!.slice(2, 7)).toEqual([i.n, i.min, i.max, i.mean, i.sd]);
  });

  it('withholds respondent-level data of an anonymous wave with fewer responses than the minimum', async () => {
    const q = (await storedQuestionnaire(t.app, 'stappenmeter-doelbereik'));
    const small = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Te kleine ronde', ...afterFieldwork(t.app) });
    await storeResponses(t.app, small, [uniformStappenmeter(q.variables, 3, { Q2: 1, Q3: 1, Q63: 2 })]);
    for (const format of ['csv', 'csv-excel', 'sps', 'r']) {
      const res = await get(`/admin/results/${small.id}/download/${format}`);
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('minder dan de minimale celgrootte van 5');
      expect(res.headers['content-disposition']).toBeUndefined();
    }
    const xlsx = await get(`/admin/results/${small.id}/download/xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const raw = workbook.getWorksheet(SHEETS.raw)!;
    expect(JSON.stringify(raw.getSheetValues())).toContain('niet opgenomen');
    const page = await get(`/admin/results/${small.id}`);
    for (const label of ['Ruwe data voor Excel (CSV)', 'Ruwe data met komma’s (CSV)', 'SPSS (ZIP)', 'R-script (R)']) expect(page.body).toContain(`${label}: niet beschikbaar`);
    expect(page.body).not.toContain(`/admin/results/${small.id}/download/csv"`);
    // no table of the wave either, on the page, the printable report or in the workbook
    for (const body of [page.body, (await get(`/admin/results/${small.id}/rapport`)).body]) {
      expect(body).toContain('De resultaten worden niet getoond: deze anonieme ronde heeft 1 ingevulde vragenlijst');
      expect(body).not.toContain('Betrouwbaarheid per aspect');
      expect(body).not.toContain('3,00');
    }
    const itemRows = (workbook.getWorksheet(SHEETS.items)?.getSheetValues() ?? []) as unknown[][];
    expect(itemRows.flat().filter((cell) => cell === 3)).toEqual([]);
  });

  it('neutralises text cells that would start a formula', async () => {
    const q = (await storedQuestionnaire(t.app, 'stappenmeter-doelbereik'));
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Formules', anonymous: 0 });
    const values = Array.from({ length: 5 }, (_, i) => ({ ...uniformStappenmeter(q.variables, 3, { Q2: 6, Q3: 7, Q63: 2 }), Q2_other: ['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', 'gewoon'][i]! }));
    await storeResponses(t.app, wave, values);
    const csv = (await get(`/admin/results/${wave.id}/download/csv`)).body;
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toMatch(/,'\+1,/);
    expect(csv).toMatch(/,'-2,/);
    expect(csv).toMatch(/,'@SUM\(A1\),/);
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });
});

describe('a wave without responses', () => {
  it('says so instead of showing empty tables', async () => {
    const empty = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Lege ronde' });
    const res = await get(`/admin/results/${empty.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Er zijn nog geen ingevulde vragenlijsten in deze ronde.');
    expect(res.body).toContain('Deze ronde is nog niet gesloten: de resultaten zijn voorlopig.');
    expect(res.body).not.toContain('Betrouwbaarheid per aspect');
    const list = await get('/admin/results');
    expect(list.body).toContain('Rondes zonder ingevulde vragenlijsten');
    expect((await get('/admin/results/bestaatniet')).statusCode).toBe(404);
  });
});

describe('who may see what', () => {
  it('lets evaluators and researchers see the results', async () => {
    for (const who of [evaluator, researcher]) {
      const list = await get('/admin/results', who);
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain(`/admin/results/${realistic.id}`);
      expect((await get(`/admin/results/${realistic.id}`, who)).statusCode).toBe(200);
      expect((await get(`/admin/results/compare?wave=${realistic.id}`, who)).statusCode).toBe(200);
    }
  });

  it('keeps evaluators out of the fieldwork pages', async () => {
    for (const url of ['/admin/waves', '/admin/waves/new', `/admin/waves/${realistic.id}`, `/admin/waves/${realistic.id}/participants`, '/admin/participants', '/admin/users', '/admin/mail']) {
      const res = await get(url, evaluator);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).not.toContain(realistic.house);
    }
    const page = await get('/admin/results', evaluator);
    expect(page.body).not.toContain('href="/admin/waves"');
  });

  it('does not let a respondent token reach an admin page, however it is presented', async () => {
    const { token } = await makeInvitee(t.app, realistic);
    const attempts = [
      { url: `/admin/results/${realistic.id}`, headers: { cookie: `sid=${token}` } },
      { url: `/admin/results/${realistic.id}`, headers: { cookie: `vh_concept=${token}` } },
      { url: `/admin/results/${realistic.id}`, headers: { authorization: `Bearer ${token}` } },
      { url: `/admin/results/${realistic.id}`, headers: { 'x-csrf-token': token } },
      { url: `/admin/results/${realistic.id}?token=${token}`, headers: {} },
      { url: `/admin/results/${realistic.id}/download/csv?t=${token}`, headers: {} },
      { url: `/admin/results/${token}`, headers: {} },
      { url: `/admin/waves?token=${token}`, headers: { cookie: `sid=${token}` } },
    ];
    for (const a of attempts) {
      const html = await t.app.inject({ url: a.url, headers: { ...a.headers, accept: 'text/html' } });
      expect(html.statusCode, a.url).toBe(303);
      expect(html.headers.location).toMatch(/^\/admin\/login/);
      const api = await t.app.inject({ url: a.url, headers: a.headers });
      expect(api.statusCode, a.url).toBe(401);
      expect(api.body).not.toContain('Stappenmeter');
    }
  });
});

describe('comparisons', () => {
  it('compares a wave with another wave of the same questionnaire version, per aspect with interval, n and the difference with its interval', async () => {
    const res = await get(`/admin/results/compare?wave=${realistic.id}&with=${tiny.id}`);
    expect(res.statusCode).toBe(200);
    const rows = table(res.body, 'Gemiddelde score per aspect: Veiligheidshuis Proefregio');
    expect(texts(rows[0]!)).toEqual(['Aspect', 'Deze ronde', 'n', 'Andere ronde', 'n', 'Verschil', '95%-interval verschil', 'Wat het interval zegt']);
    const data = await loadWaveResponses(t.app.db, realistic.id);
    const report = analyze(waveQuestionnaire(realistic), data.responses, { by: [] });
    const selectie = report.scales[0]!;
    const ci = meanInterval(selectie.scoreMean, selectie.scoreSd, selectie.scoreN).value!;
    const shown = texts(row(rows, 'Selectie'));
    expect(shown.slice(0, 6)).toEqual([
      'Selectie',
      `${formatDecimal(selectie.scoreMean)} ${formatInterval(ci)}`,
      formatCount(selectie.scoreN),
      // the tiny wave: 4, 3, 3, 2, 2, 1 → 2.5, SD 1.049, t(0.975; 5) = 2.571 → [1,40; 3,60]
      '2,50 [1,40; 3,60]',
      '6',
      formatSigned(selectie.scoreMean! - 2.5),
    ]);
    const w = welchInterval({ mean: selectie.scoreMean, sd: selectie.scoreSd, n: selectie.scoreN }, { mean: 2.5, sd: Math.sqrt(1.1), n: 6 }).interval.value!;
    expect(shown[6]).toBe(formatInterval(w));
    expect(shown[7]).toMatch(/toeval/);
    expect(res.body).toContain('bij veel vergelijkingen tegelijk');
    checkWellFormed(svgs(res.body).find((s) => s.includes('cmp-waves'))!);
  });

  it('compares a house with the benchmark of the other houses’ closed waves, lists them, and leaves a small house out', async () => {
    const q = await storedQuestionnaire(t.app, 'stappenmeter-doelbereik');
    const DAY = 24 * 3600 * 1000;
    const closedWave = { opens_at: new Date(t.app.now().getTime() - 60 * DAY).toISOString(), closes_at: new Date(t.app.now().getTime() - 30 * DAY).toISOString() };
    const other = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Buurhuis', house: 'Veiligheidshuis Buurregio', ...closedWave });
    await storeResponses(t.app, other, [3, 3, 4, 4, 2, 3].map((v) => uniformStappenmeter(q.variables, v, { Q2: 1, Q3: 1, Q63: 2 })));
    const third = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Derde huis', house: 'Veiligheidshuis Derderegio', ...closedWave });
    await storeResponses(t.app, third, [1, 2, 2, 3, 2, 2, 1].map((v) => uniformStappenmeter(q.variables, v, { Q2: 1, Q3: 1, Q63: 2 })));
    const small = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Klein huis', house: 'Veiligheidshuis Kleinregio', ...closedWave });
    await storeResponses(t.app, small, [uniformStappenmeter(q.variables, 1, { Q2: 1, Q3: 1, Q63: 2 })]);

    const res = await get(`/admin/results/compare?wave=${realistic.id}`);
    expect(res.statusCode).toBe(200);
    const data = await loadWaveResponses(t.app.db, realistic.id);
    const mine = analyze(waveQuestionnaire(realistic), data.responses, { by: [] });
    // the open tiny wave and the small house are not in it, nor this house
    const pooled = analyze(waveQuestionnaire(realistic), [...(await loadWaveResponses(t.app.db, other.id)).responses, ...(await loadWaveResponses(t.app.db, third.id)).responses], { by: [] });
    const rows = table(res.body, 'en de andere huizen');
    expect(texts(rows[0]!).slice(0, 7)).toEqual([
      'Aspect',
      'Veiligheidshuis Proefregio',
      'n',
      'Andere huizen, gepoold (elke respondent telt even zwaar)',
      'n',
      'Gemiddelde van de huisgemiddelden (elk huis telt even zwaar)',
      'Huizen',
    ]);
    const selectie = texts(row(rows, 'Selectie'));
    const p = pooled.scales[0]!;
    expect(selectie.slice(1, 7)).toEqual([
      `${formatDecimal(mine.scales[0]!.scoreMean)} ${formatInterval(meanInterval(mine.scales[0]!.scoreMean, mine.scales[0]!.scoreSd, mine.scales[0]!.scoreN).value)}`,
      formatCount(mine.scales[0]!.scoreN),
      `${formatDecimal(p.scoreMean)} ${formatInterval(meanInterval(p.scoreMean, p.scoreSd, p.scoreN).value)}`,
      '13',
      // (19/6 + 13/7) / 2
      formatDecimal((19 / 6 + 13 / 7) / 2),
      '2',
    ]);
    // every wave considered, by house, period and n; the small one without its n and not counted
    const waves = table(res.body, 'De rondes in het gemiddelde van de andere huizen');
    expect(waves.slice(1).map((r) => [r[0]!.text, r[1]!.text, r[3]!.text, r[4]!.text, r[4]!.mark, r[5]!.text])).toEqual([
      ['Veiligheidshuis Buurregio', 'Buurhuis', 'gesloten', '6', null, 'ja'],
      ['Veiligheidshuis Derderegio', 'Derde huis', 'gesloten', '7', null, 'ja'],
      ['Veiligheidshuis Kleinregio', 'Klein huis', 'gesloten', '–', 'a', 'nee, te weinig respondenten'],
      // the downloads tests' closed wave of 3 responses in the factory's house
      ['Veiligheidshuis Testregio', 'Te kleine ronde', 'gesloten', '–', 'a', 'nee, te weinig respondenten'],
    ]);
    expect(res.body).not.toContain('Kleine ronde</td>');
    // to fit the page, a period breaks only after its dash and each aspect's heading (its full name) is set on its side
    expect(waves[1]![2]!.text).toMatch(/^\d{1,2} [a-z]+ \d{4} – \d{1,2} [a-z]+ \d{4}$/);
    expect(res.body).toMatch(/<td><span class="nowrap">\d{1,2} [a-z]+ \d{4} –<\/span> <span class="nowrap">\d{1,2} [a-z]+ \d{4}<\/span><\/td>/);
    for (const heading of ['Selectie', 'Rendement', 'Alle aspecten']) expect(res.body).toContain(`<th scope="col" class="num sideways"><span>${heading}</span></th>`);
    // the chart's bars carry no more digits than the table
    const chart = svgs(res.body).find((s) => s.includes('cmp-houses'))!;
    checkWellFormed(chart);
    expect(chart).toContain(`Andere huizen (gepoold): ${formatDecimal(p.scoreMean)}`);
  });

  it('offers only waves of the same questionnaire version', async () => {
    const scan = await makeWave(t.app, 'breedtescan-ketenmanagers', { title: 'Breedtescan', house: 'Landelijk' });
    await storeResponses(t.app, scan, [{ Q1: 'Veiligheidshuis Testregio', Q2: 1 }]);
    const res = await get(`/admin/results/compare?wave=${realistic.id}`);
    expect(res.body).not.toContain(scan.id);
    const scanPage = await get(`/admin/results/compare?wave=${scan.id}`);
    expect(scanPage.statusCode).toBe(200);
    expect(scanPage.body).toContain('geen aspecten');
  });
});

describe('the trend', () => {
  it('shows per aspect the house’s mean over its waves with interval and n, and the national trend per year, as a chart too', async () => {
    const q = await storedQuestionnaire(t.app, 'stappenmeter-doelbereik');
    const DAY = 24 * 3600 * 1000;
    const at = (d: number) => new Date(t.app.now().getTime() + d * DAY).toISOString();
    const before = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Proef vorig jaar', house_id: realistic.house_id, opens_at: at(-400), closes_at: at(-370) });
    // 4, 3, 3, 2, 2, 1 as in the tiny wave: 2.5 [1,40; 3,60]
    await storeResponses(t.app, before, [4, 3, 3, 2, 2, 1].map((v) => uniformStappenmeter(q.variables, v, { Q2: 1, Q3: 1, Q63: 2 })));
    const res = await get(`/admin/results/trend?wave=${realistic.id}`);
    expect(res.statusCode).toBe(200);
    const rows = table(res.body, 'Gemiddelde score per aspect per ronde: Veiligheidshuis Proefregio');
    expect(texts(rows[0]!).slice(0, 5)).toEqual(['Ronde', 'Periode', 'Status', 'n', 'Selectie']);
    expect(rows.slice(1).map((r) => r[0]!.text)).toEqual(['Proef vorig jaar', 'Realistische ronde (deze ronde)']);
    expect(texts(rows[1]!).slice(2, 5)).toEqual(['gesloten', '6', '2,50 [1,40; 3,60]']);
    const data = await loadWaveResponses(t.app.db, realistic.id);
    const mine = analyze(waveQuestionnaire(realistic), data.responses, { by: [] }).scales[0]!;
    expect(rows[2]![4]!.text).toBe(`${formatDecimal(mine.scoreMean)} ${formatInterval(meanInterval(mine.scoreMean, mine.scoreSd, mine.scoreN).value)}`);
    expect(rows[2]![4]!.n).toBe(formatCount(mine.scoreN));
    // the national trend: the closed waves of every house that opened in a year (here the previous year's only)
    const national = table(res.body, 'Landelijk: gepoold gemiddelde van alle huizen per jaar');
    expect(national.length).toBeGreaterThan(1);
    const charts = svgs(res.body).filter((x) => x.includes('trend-trend-'));
    expect(charts).toHaveLength(8);
    for (const c of charts) checkWellFormed(c);
    expect(charts[0]).toContain('Veiligheidshuis Proefregio, ' + before.opens_at.slice(0, 4) + ': 2,50 [1,40; 3,60], n = 6');
    // without a wave: the waves to follow a house from
    const chooser = await get('/admin/results/trend');
    expect(chooser.body).toContain(`/admin/results/trend?wave=${realistic.id}`);
  });
});

describe('the breedtescan', () => {
  it('shows the frequency tables of Bijlage 4 computed from the stored answers', async () => {
    const scan = await makeWave(t.app, 'breedtescan-ketenmanagers', { title: 'Breedtescan 2', house: 'Alle huizen', anonymous: 0 });
    // Q15 as in Tabel 9: niet of nauwelijks 2, af en toe 12, structureel 17 (n = 31)
    const answers = [...Array(2).fill(1), ...Array(12).fill(2), ...Array(17).fill(3)].map((Q15, i) => ({ Q1: `Huis ${i + 1}`, Q15 }));
    await storeResponses(t.app, scan, answers);
    const res = await get(`/admin/results/${scan.id}`);
    expect(res.statusCode).toBe(200);
    const rows = table(res.body, 'In hoeverre vervult het veiligheidshuis in de praktijk een expertfunctie');
    expect(texts(rows[0]!)).toEqual(['Antwoord', 'Aantal', '%']);
    expect(texts(row(rows, 'Niet of nauwelijks'))).toEqual(['Niet of nauwelijks', '2', '6 %']);
    expect(texts(row(rows, 'Af en toe'))).toEqual(['Af en toe', '12', '39 %']);
    expect(texts(row(rows, 'Structureel'))).toEqual(['Structureel', '17', '55 %']);
    expect(texts(row(rows, 'Totaal'))).toEqual(['Totaal', '31', '100 %']);
    // no aspects: no reliability or group tables
    expect(res.body).not.toContain('Betrouwbaarheid per aspect');
  });
});
