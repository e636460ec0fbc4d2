import { afterEach, describe, expect, it } from 'vitest';
import { findWave, waveQuestionnaire } from '../../../server/db/repositories/waves.js';
import { defaultInvitationTemplate } from '../../../server/domain/fieldwork/defaultTexts.js';
import { hashToken } from '../../../server/security/tokens.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { formBody, loginAs, type LoggedIn } from '../../helpers/auth.js';
import { makeHouse, makeWave } from '../../helpers/factories.js';
import { instrument } from '../../helpers/questionnaire.js';
import { validWaveForm } from '../../helpers/waveForm.js';
import { waveTextsFor } from '../../../server/domain/fieldwork/defaultTexts.js';

async function instrumentTexts(id: string) {
  return waveTextsFor(instrument(id), true);
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const QID = 'stappenmeter-doelbereik';

function post(app: TestApp['app'], who: LoggedIn, url: string, fields: Record<string, string | undefined>) {
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: who.csrf, ...fields }),
  });
}

const validForm = validWaveForm;

/** The valid form with the house as the form sends it: its id. */
async function formFor(app: TestApp['app'], house = 'Veiligheidshuis Noord-Holland Noord') {
  return { ...validForm, house: String(await makeHouse(app, house)) };
}

describe('wave pages', () => {
  it('creates a concept wave from the form with the questionnaire snapshotted; the opening date is never filled in for the researcher', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const plain = await t.app.inject({ url: '/admin/waves/new', headers: { cookie: who.cookie, accept: 'text/html' } });
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toContain('<option value="breedtescan-ketenmanagers@1.1" selected>');
    const form = await t.app.inject({ url: `/admin/waves/new?vragenlijst=${QID}%401.0`, headers: { cookie: who.cookie, accept: 'text/html' } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Nieuwe veldwerkronde');
    expect(form.body).toContain('ongeveer 10 minuten');
    expect(form.body).toMatch(/<input type="date" id="opens" name="opens" value=""/);
    expect(form.body).toContain(`<option value="${QID}@1.0" selected>`);

    const res = await post(t.app, who, '/admin/waves', await formFor(t.app));
    expect(res.statusCode).toBe(303);
    const id = String(res.headers.location).split('/').pop()!;
    const wave = (await findWave(t.app.db, id))!;
    expect(wave).toMatchObject({
      title: 'Stappenmeter najaar 2026',
      house: 'Veiligheidshuis Noord-Holland Noord',
      questionnaire_id: QID,
      questionnaire_version: '1.0',
      anonymous: 1,
      allow_edit: 0,
      reminder_days: '[7,14,21]',
      min_cell_size: 5,
      retention_days: null,
      launched_at: null,
      // start of 30 Nov and end of 20 Dec, Dutch winter time (UTC+1)
      opens_at: '2026-11-29T23:00:00.000Z',
      closes_at: '2026-12-20T22:59:59.999Z',
    });
    expect(waveQuestionnaire(wave).id).toBe(QID);

    const detail = await t.app.inject({ url: `/admin/waves/${id}`, headers: { cookie: who.cookie, accept: 'text/html' } });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('<span class="state state-concept">concept</span>');
    expect(detail.body).toContain('Voor het versturen');
    expect(detail.body).toContain('Importeer de deelnemers: er is nog niemand om uit te nodigen.');
    expect(detail.body).toContain('Nog niet te versturen');
    expect(detail.body).not.toContain('Uitnodigingen versturen (');
    expect(detail.body).toContain('Andere versie kiezen');
    expect(detail.body).toContain('20 december 2026');
    const list = await t.app.inject({ url: '/admin/waves', headers: { cookie: who.cookie, accept: 'text/html' } });
    expect(list.body).toContain('Stappenmeter najaar 2026');
    expect(list.body).toContain('<span class="state state-concept">concept</span>');
    // a form without an opening date is refused, not opened "now"
    const undated = await post(t.app, who, '/admin/waves', { ...validForm, opens: '' });
    expect(undated.statusCode).toBe(422);
    expect(undated.body).toContain('Vul een geldige datum in (jjjj-mm-dd).');
  });

  it("starts a new wave's texts from the chosen questionnaire's own, and follows a change of questionnaire", async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const form = await t.app.inject({ url: '/admin/waves/new?vragenlijst=breedtescan-ketenmanagers%401.1', headers: { cookie: who.cookie, accept: 'text/html' } });
    expect(form.body).toContain('Beste &lt;%= it.name || &#39;ketenmanager&#39; %&gt;');
    expect(form.body).not.toContain('netwerkpartner');
    const breedtescan = await instrumentTexts('breedtescan-ketenmanagers');
    // the form was filled for the breedtescan, then the Stappenmeter was chosen: unedited texts follow
    const res = await post(t.app, who, '/admin/waves', {
      ...(await formFor(t.app)),
      textsFrom: 'breedtescan-ketenmanagers@1.1',
      invitationSubject: breedtescan.invitation_subject,
      invitationTemplate: breedtescan.invitation_template,
      reminderSubject: breedtescan.reminder_subject,
      reminderTemplate: breedtescan.reminder_template,
    });
    expect(res.statusCode).toBe(303);
    const wave = (await findWave(t.app.db, String(res.headers.location).split('/').pop()!))!;
    expect(wave.invitation_template).toBe(defaultInvitationTemplate);
  });

  it('reports each invalid field next to it with 422 and keeps the input', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const res = await post(t.app, who, '/admin/waves', {
      ...(await formFor(t.app)),
      title: 'Mijn ronde',
      closes: '2026-11-01',
      reminders: '7, veertien',
      senderEmail: 'geen adres',
      allowEdit: 'on',
      invitationTemplate: 'Beste <%= it.name %>, vul de vragenlijst in. <% require("fs") %>',
      reminderTemplate: 'Geen link hier',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="Mijn ronde"');
    expect(res.body).toContain('De sluitingsdatum moet na de openingsdatum liggen.');
    expect(res.body).toContain('Geef dagen na de uitnodiging');
    expect(res.body).toContain('Vul een geldig e-mailadres in.');
    expect(res.body).toContain('alleen in een niet-anonieme ronde');
    expect(res.body).toContain('Niet toegestaan: &quot;&lt;% require(&quot;fs&quot;) %&gt;&quot;');
    expect(res.body).toContain('De tekst moet de link naar de vragenlijst');
    expect(await t.app.db.selectFrom('waves').selectAll().execute()).toHaveLength(0);
  });

  it('changes the version of a concept, refuses once launched, locks anonymity once open', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const concept = await makeWave(t.app, QID, { launched_at: null });
    const ok = await post(t.app, who, `/admin/waves/${concept.id}/questionnaire`, { version: 'breedtescan-ketenmanagers@1.1' });
    expect(ok.statusCode).toBe(303);
    expect(await findWave(t.app.db, concept.id)).toMatchObject({ questionnaire_id: 'breedtescan-ketenmanagers', questionnaire_version: '1.1' });
    const unknown = await post(t.app, who, `/admin/waves/${concept.id}/questionnaire`, { version: 'bestaat-niet@9' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('Kies een vragenlijstversie.');

    const open = await makeWave(t.app, QID);
    await t.app.db.updateTable('waves').set({ questionnaire_json: '{"id":"bevroren"}' }).where('id', '=', open.id).execute();
    const page = await t.app.inject({ url: `/admin/waves/${open.id}`, headers: { cookie: who.cookie, accept: 'text/html' } });
    expect(page.body).not.toContain('Andere versie kiezen');
    expect(page.body).toContain('ligt vast');
    const refused = await post(t.app, who, `/admin/waves/${open.id}/questionnaire`, { version: 'breedtescan-ketenmanagers@1.1' });
    expect(refused.statusCode).toBe(409);
    expect((await findWave(t.app.db, open.id))!.questionnaire_json).toBe('{"id":"bevroren"}');

    // an open anonymous wave stays anonymous whatever the form posts
    const edit = await post(t.app, who, `/admin/waves/${open.id}`, { ...(await formFor(t.app)), anonymous: undefined, closes: '2027-01-31', title: 'Verlengd' });
    expect(edit.statusCode).toBe(303);
    const after = (await findWave(t.app.db, open.id))!;
    expect(after).toMatchObject({ anonymous: 1, title: 'Verlengd', opens_at: open.opens_at, closes_at: '2027-01-31T22:59:59.999Z' });
  });

  it('shows a new open link once and stores only its hash', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const wave = await makeWave(t.app, QID);
    const res = await post(t.app, who, `/admin/waves/${wave.id}/open-link`, {});
    expect(res.statusCode).toBe(200);
    const link = /http:\/\/survey\.test\/o\/([A-Za-z0-9_-]+)/.exec(res.body);
    expect(link).not.toBeNull();
    const stored = (await findWave(t.app.db, wave.id))!;
    expect(stored.open_link_hash).toBe(hashToken(link![1]!));
    const again = await t.app.inject({ url: `/admin/waves/${wave.id}`, headers: { cookie: who.cookie, accept: 'text/html' } });
    expect(again.body).not.toContain(link![1]!);
    await post(t.app, who, `/admin/waves/${wave.id}/open-link/delete`, {});
    expect((await findWave(t.app.db, wave.id))!.open_link_hash).toBeNull();
  });

  it("links a wave's page to each of its pages: settings, participants, import, mail, response rates and results", async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const wave = await makeWave(t.app, QID);
    const page = await t.app.inject({ url: `/admin/waves/${wave.id}`, headers: { cookie: who.cookie, accept: 'text/html' } });
    const links = [...page.body.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]!);
    const pages = ['/edit', '/participants', '/participants/import', '/mail', '/rates'].map((p) => `/admin/waves/${wave.id}${p}`);
    for (const url of [...pages, `/admin/results/${wave.id}`]) {
      expect(links, url).toContain(url);
      expect((await t.app.inject({ url, headers: { cookie: who.cookie, accept: 'text/html' } })).statusCode, url).toBe(200);
    }
  });

  it('keeps evaluators and signed-out visitors away from fieldwork pages', async () => {
    t = await createTestApp();
    const evaluator = await loginAs(t.app, 'evaluator');
    const wave = await makeWave(t.app, QID);
    for (const url of ['/admin/waves', '/admin/waves/new', `/admin/waves/${wave.id}`, '/admin/participants', `/admin/waves/${wave.id}/participants`, '/admin/users', '/admin/questionnaires']) {
      const res = await t.app.inject({ url, headers: { cookie: evaluator.cookie, accept: 'text/html' } });
      expect(res.statusCode, url).toBe(403);
    }
    const create = await post(t.app, evaluator, '/admin/waves', await formFor(t.app));
    expect(create.statusCode).toBe(403);
    const anonymous = await t.app.inject({ url: '/admin/waves', headers: { accept: 'text/html' } });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/admin/login?next=%2Fadmin%2Fwaves');
    const api = await t.app.inject({ url: '/admin/waves' });
    expect(api.statusCode).toBe(401);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it('shows researchers every menu item and evaluators only results', async () => {
    t = await createTestApp();
    const researcher = await loginAs(t.app, 'researcher');
    const page = await t.app.inject({ url: '/admin/waves', headers: { cookie: researcher.cookie, accept: 'text/html' } });
    for (const label of ['Rondes', 'Vragenlijsten', 'Deelnemers per ronde', 'Mail/Outbox', 'Resultaten', 'Gebruikers', 'Uitloggen']) expect(page.body).toContain(label);
    const evaluator = await loginAs(t.app, 'evaluator');
    const home = await t.app.inject({ url: '/admin', headers: { cookie: evaluator.cookie, accept: 'text/html' } });
    expect(home.headers.location).toBe('/admin/results');
  });

  it('lets a coordinator create waves for their own house only, and lists only those', async () => {
    t = await createTestApp();
    const own = await makeHouse(t.app, 'Veiligheidshuis Eigen');
    const other = await makeHouse(t.app, 'Veiligheidshuis Ander');
    const otherWave = await makeWave(t.app, QID, { house_id: other, title: 'Ronde van een ander huis' });
    const coordinator = await loginAs(t.app, [{ kind: 'coordinator', houseId: own }]);
    const form = await t.app.inject({ url: '/admin/waves/new', headers: { cookie: coordinator.cookie, accept: 'text/html' } });
    expect(form.body).toContain('Veiligheidshuis Eigen');
    expect(form.body).not.toContain('Veiligheidshuis Ander');
    const refused = await post(t.app, coordinator, '/admin/waves', { ...validForm, house: String(other) });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Kies een Veiligheidshuis.');
    expect(await t.app.db.selectFrom('waves').select('id').where('house_id', '=', other).execute()).toHaveLength(1);
    const created = await post(t.app, coordinator, '/admin/waves', { ...validForm, house: String(own) });
    expect(created.statusCode).toBe(303);
    const list = await t.app.inject({ url: '/admin/waves', headers: { cookie: coordinator.cookie, accept: 'text/html' } });
    expect(list.body).toContain('Stappenmeter najaar 2026');
    expect(list.body).not.toContain('Ronde van een ander huis');
    expect((await t.app.inject({ url: `/admin/waves/${otherWave.id}`, headers: { cookie: coordinator.cookie, accept: 'text/html' } })).statusCode).toBe(404);
    // nor can they move their wave to a house that is not theirs
    const id = String(created.headers.location).split('/').pop()!;
    const moved = await post(t.app, coordinator, `/admin/waves/${id}`, { ...validForm, house: String(other) });
    expect(moved.statusCode).toBe(422);
    expect((await findWave(t.app.db, id))!.house_id).toBe(own);
  });
});
