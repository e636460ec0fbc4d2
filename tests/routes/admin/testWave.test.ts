/** A test round on the admin pages: the form's "Testronde" checkbox, the mark wherever the wave is named, the locked checkbox of a closed test wave. */
import { afterEach, describe, expect, it } from 'vitest';
import { findWave, waveQuestionnaire } from '../../../server/db/repositories/waves.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { formBody, loginAs, type LoggedIn } from '../../helpers/auth.js';
import { makeHouse, makeWave } from '../../helpers/factories.js';
import { storeResponses, uniformStappenmeter } from '../../helpers/resultsPage.js';
import { validWaveForm } from '../../helpers/waveForm.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});
const QID = 'stappenmeter-doelbereik';
const TAG = '<span class="state state-test">Testronde</span>';

const get = (who: LoggedIn, url: string) => t!.app.inject({ url, headers: { cookie: who.cookie, accept: 'text/html' } });
const post = (who: LoggedIn, url: string, fields: Record<string, string | undefined>) =>
  t!.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: who.csrf, ...fields }) });

const form = (house: number) => ({ ...validWaveForm, title: 'Proef najaar', house: String(house), senderName: 'Onderzoeksteam' });

describe('test rounds on the admin pages', () => {
  it('creates a test wave from the form and names it "Testronde" on the wave list and page; the edit form can unmark a concept', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const res = await post(who, '/admin/waves', { ...form(await makeHouse(t.app, 'Veiligheidshuis Proef')), test: 'on' });
    expect(res.statusCode).toBe(303);
    const id = String(res.headers.location).split('/').pop()!;
    expect((await findWave(t.app.db, id))!.is_test).toBe(1);
    expect((await get(who, '/admin/waves')).body).toMatch(new RegExp(`Proef najaar</a>\\s*${TAG}`));
    expect((await get(who, `/admin/waves/${id}`)).body).toMatch(new RegExp(`<h1>Proef najaar <span class="state state-concept">concept</span>\\s*${TAG}\\s*</h1>`));
    const edit = await get(who, `/admin/waves/${id}/edit`);
    expect(edit.body).toMatch(/<input type="checkbox" id="test" name="test"[^>]* checked/);

    // the audit log's wave column marks it too
    expect((await get(who, '/admin/audit')).body).toContain(`<td>Proef najaar ${TAG}</td>`);

    const unmark = await post(who, `/admin/waves/${id}`, { ...form((await findWave(t.app.db, id))!.house_id), test: undefined });
    expect(unmark.statusCode).toBe(303);
    expect((await findWave(t.app.db, id))!.is_test).toBe(0);
    const audit = (await get(who, '/admin/audit')).body;
    expect(audit).toContain('<td>Proef najaar</td>');
    expect(audit).not.toContain(TAG);
  });

  it('keeps a closed test wave a test wave (its checkbox disabled) and marks its results page, report and trend', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const day = 24 * 3600 * 1000;
    const now = t.app.now().getTime();
    const wave = await makeWave(t.app, QID, { title: 'Proef gesloten', is_test: 1, opens_at: new Date(now - 20 * day).toISOString(), closes_at: new Date(now - 10 * day).toISOString() });
    await storeResponses(t.app, wave, [3, 4, 3, 4, 3, 4].map((v) => uniformStappenmeter(waveQuestionnaire(wave).variables, v, { Q2: 1, Q3: 1, Q63: 2 })));
    const edit = await get(who, `/admin/waves/${wave.id}/edit`);
    expect(edit.body).toMatch(/<input type="checkbox" id="test" name="test"[^>]* checked[^>]* disabled|<input type="checkbox" id="test" name="test"[^>]* disabled[^>]* checked/);
    expect(edit.body).toContain('Een gesloten testronde blijft een testronde');
    // the disabled box is not posted: the wave stays a test wave
    const fields = { ...form(wave.house_id), title: 'Proef gesloten', opens: undefined, closes: '2026-12-31' };
    const saved = await post(who, `/admin/waves/${wave.id}`, { ...fields, test: undefined });
    expect(saved.statusCode).toBe(303);
    expect((await findWave(t.app.db, wave.id))!.is_test).toBe(1);

    expect((await get(who, '/admin/results')).body).toMatch(new RegExp(`Proef gesloten</a>\\s*${TAG}`));
    expect((await get(who, `/admin/results/${wave.id}`)).body).toMatch(new RegExp(`<h1>Proef gesloten\\s*${TAG}\\s*</h1>`));
    expect((await get(who, `/admin/results/${wave.id}/rapport`)).body).toContain('Proef gesloten (Testronde),');
    expect((await get(who, `/admin/results/trend?wave=${wave.id}`)).body).toContain('Proef gesloten (Testronde) (deze ronde)');
  });
});
