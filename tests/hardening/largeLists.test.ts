/**
 * Finding 8 of issue 15: a participant CSV with 60,000 columns was accepted; afterwards the results
 * page took 22 s (blocking every other request) and the workbook 49 s and 790 MB, because every
 * attribute became a response breakdown. The file is refused now, with a Dutch error naming its
 * line, from the import page and the command line. A list that has such attributes anyway (imported
 * before the bound) gives pages and downloads whose size is bounded: at most 50 breakdowns, none
 * with more than 50 groups, the others named in a note. Sizes are counted, not timed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTRIBUTES } from '../../server/domain/fieldwork/participantsCsv.js';
import { MAX_BREAKDOWN_GROUPS, MAX_BREAKDOWNS } from '../../server/domain/fieldwork/responseRates.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { formBody, loginAs, type LoggedIn } from '../helpers/auth.js';
import { appEnvironment, cli, useCliEnvironment } from '../helpers/cli.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { textOf } from '../helpers/formClient.js';

const COLUMNS = 60_000;
let t: TestApp;
let researcher: LoggedIn;

beforeAll(async () => {
  t = await createTestApp();
  researcher = await loginAs(t.app, 'researcher');
});
afterAll(async () => {
  await t?.close();
});
useCliEnvironment(() => appEnvironment(t));

const wide = () => {
  const names = Array.from({ length: COLUMNS }, (_, i) => `kenmerk${i}`);
  return `email;naam;${names.join(';')}\npartner@politie.nl;Partner;${names.map(() => 'x').join(';')}\n`;
};

describe('a participant list with 60,000 columns', () => {
  it('is refused on the import page with a Dutch error naming the line, and nothing is imported', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    const res = await t.app.inject({
      method: 'POST',
      url: `/admin/waves/${wave.id}/participants/import`,
      headers: { cookie: researcher.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: researcher.csrf, csv: wide() }),
    });
    expect(res.statusCode).toBe(422);
    expect(textOf(res.body)).toContain(`Regel 1: het bestand heeft ${COLUMNS} kolommen met kenmerken (naast e-mailadres en naam); dat mogen er hoogstens ${MAX_ATTRIBUTES} zijn.`);
    expect(await t.app.db.selectFrom('participants').select('id').where('wave_id', '=', wave.id).execute()).toEqual([]);
  });

  it('is refused by `participants import` too, as are over-long column names and values (by line)', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    const file = join(t.dir, 'breed.csv');
    writeFileSync(file, wide());
    const res = await cli('participants', 'import', '--wave', wave.id, file, '--json');
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).fileErrors).toEqual([expect.stringContaining(`Regel 1: het bestand heeft ${COLUMNS} kolommen met kenmerken`)]);

    writeFileSync(file, `email;${'k'.repeat(101)}\na@politie.nl;x\n`);
    expect(JSON.parse((await cli('participants', 'import', '--wave', wave.id, file, '--json')).stdout).fileErrors).toEqual([
      'Regel 1: de naam van kolom 2 is langer dan 100 tekens.',
    ]);
    writeFileSync(file, `email;organisatie\na@politie.nl;Politie\nb@politie.nl;${'x'.repeat(501)}\n`);
    const long = JSON.parse((await cli('participants', 'import', '--wave', wave.id, file, '--json')).stdout);
    expect(long.rejected).toEqual([{ line: 3, email: 'b@politie.nl', message: 'Kolom "organisatie" is langer dan 500 tekens' }]);
    expect(await t.app.db.selectFrom('participants').select('id').where('wave_id', '=', wave.id).execute()).toEqual([]);
  });
});

describe('a list that holds such attributes anyway', () => {
  it('gives the rates page, the results page, the workbook and `wave rates` at most 50 breakdowns of at most 50 groups, and says what is left out', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { anonymous: 0 });
    const organisaties = ['Politie', 'Gemeente', 'OM', 'Reclassering'];
    for (let i = 0; i < 120; i++) await makeInvitee(t.app, wave, { attributes: { organisatie: organisaties[i % 4]!, regio: `Regio-${i}` } });
    // one participant written straight into the table, as a list imported before the bound could be
    const legacy = await makeInvitee(t.app, wave);
    const attributes = Object.fromEntries(Array.from({ length: COLUMNS }, (_, i) => [`kenmerk${i}`, 'x']));
    await t.app.db.updateTable('participants').set({ attributes: JSON.stringify(attributes) }).where('id', '=', legacy.participant.id).execute();
    const omitted = COLUMNS + 1 - (MAX_BREAKDOWNS - 1);

    const get = (url: string) => t.app.inject({ url, headers: { cookie: researcher.cookie, accept: 'text/html' } });
    const rates = await get(`/admin/waves/${wave.id}/rates`);
    expect(rates.statusCode).toBe(200);
    expect(rates.body.length).toBeLessThan(500_000);
    const breakdowns = [...rates.body.matchAll(/<h3>([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(breakdowns).toHaveLength(MAX_BREAKDOWNS);
    expect(breakdowns).toContain('organisatie');
    expect(breakdowns).not.toContain('regio');
    expect(textOf(rates.body)).toContain(`${omitted} kenmerken van de deelnemerslijst zijn niet uitgesplitst: meer dan ${MAX_BREAKDOWN_GROUPS} verschillende waarden`);

    const results = await get(`/admin/results/${wave.id}`);
    expect(results.statusCode).toBe(200);
    expect(results.body.length).toBeLessThan(1_000_000);
    expect(textOf(results.body)).toContain(`${omitted} kenmerken van de deelnemerslijst zijn niet uitgesplitst`);

    const xlsx = await get(`/admin/results/${wave.id}/download/xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const respons = workbook.getWorksheet('Respons')!;
    expect(respons.rowCount).toBeLessThan(MAX_BREAKDOWNS * (MAX_BREAKDOWN_GROUPS + 6) + 100);

    const participants = await get(`/admin/waves/${wave.id}/participants`);
    expect(participants.statusCode).toBe(200);
    expect(participants.body.length).toBeLessThan(1_000_000);

    const json = JSON.parse((await cli('wave', 'rates', '--wave', wave.id, '--json')).stdout);
    expect(json.breakdowns).toHaveLength(MAX_BREAKDOWNS);
    expect(json.omittedBreakdowns.count).toBe(omitted);
    expect(json.breakdowns.every((b: { cells: unknown[] }) => b.cells.length <= MAX_BREAKDOWN_GROUPS)).toBe(true);
  });
});
