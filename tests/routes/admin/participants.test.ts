import { afterEach, describe, expect, it } from 'vitest';
import { findInvitationContext } from '../../../server/db/repositories/invitations.js';
import { invitationToken } from '../../../server/security/tokens.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { formBody, loginAs, type LoggedIn } from '../../helpers/auth.js';
import { makeInvitee, makeWave } from '../../helpers/factories.js';
import { startSmtpServer } from '../../helpers/smtp.js';
import { createSmtpTransport } from '../../../server/mail/transport.js';
import { multipartBody } from '../../helpers/multipart.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const QID = 'stappenmeter-doelbereik';
const bom = Buffer.from([0xef, 0xbb, 0xbf]);

function upload(app: TestApp['app'], who: LoggedIn, waveId: string, content: Buffer, extra: Record<string, string> = {}) {
  const { payload, contentType } = multipartBody({ _csrf: who.csrf, ...extra }, { name: 'deelnemers.csv', content });
  return app.inject({ method: 'POST', url: `/admin/waves/${waveId}/participants/import`, headers: { cookie: who.cookie, accept: 'text/html', 'content-type': contentType }, payload });
}

function post(app: TestApp['app'], who: LoggedIn, url: string, fields: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: who.csrf, ...fields }),
  });
}

const participantsOf = (app: TestApp['app'], waveId: string) =>
  app.db.selectFrom('participants').selectAll().where('wave_id', '=', waveId).orderBy('id').execute();

describe('CSV import page', () => {
  it('imports a UTF-8 comma file with an invitation per participant', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const wave = await makeWave(t.app, QID, { anonymous: 0 });
    const csv = 'email,naam,organisatie,beroepsgroep,overleg,geslacht\njan@politie.nl,Jan Jansen,Politie,politie,jeugd,m\nPiet@OM.nl,,OM,OM,volwassenen,v\n';
    const res = await upload(t.app, who, wave.id, Buffer.from(csv));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/waves/${wave.id}/participants?geimporteerd=2`);
    const rows = await participantsOf(t.app, wave.id);
    expect(rows.map((r) => [r.email, r.name, JSON.parse(r.attributes)])).toEqual([
      ['jan@politie.nl', 'Jan Jansen', { organisatie: 'Politie', beroepsgroep: 'politie', overleg: 'jeugd', geslacht: 'm' }],
      ['piet@om.nl', null, { organisatie: 'OM', beroepsgroep: 'OM', overleg: 'volwassenen', geslacht: 'v' }],
    ]);
    const invitations = await t.app.db.selectFrom('invitations').selectAll().where('wave_id', '=', wave.id).execute();
    expect(invitations.map((i) => i.participant_id).sort()).toEqual(rows.map((r) => r.id).sort());
    // the stored nonce yields a token that finds the invitation back, as createInvitation's do
    const token = invitationToken(t.app.secrets, invitations[0]!.token_nonce);
    expect((await findInvitationContext(t.app.db, token))?.invitation.id).toBe(invitations[0]!.id);

    const list = await t.app.inject({ url: `/admin/waves/${wave.id}/participants?geimporteerd=2`, headers: { cookie: who.cookie, accept: 'text/html' } });
    expect(list.body).toContain('2 deelnemers geïmporteerd.');
    expect(list.body).toContain('jan@politie.nl');
    expect(list.body).toContain('niet begonnen');
    expect(list.body).toContain('<th scope="col">beroepsgroep</th>');
  });

  it("imports Excel's semicolon CSV with BOM from the pasted text too", async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const wave = await makeWave(t.app, QID);
    const excel = Buffer.concat([bom, Buffer.from('E-mailadres;Naam;Organisatie\r\nanna@gemeente.nl;Anna de Vries;Gemeente Alkmaar\r\n')]);
    expect((await upload(t.app, who, wave.id, excel)).statusCode).toBe(303);
    const pasted = await post(t.app, who, `/admin/waves/${wave.id}/participants/import`, { csv: 'email;naam\nkees@reclassering.nl;Kees' });
    expect(pasted.statusCode).toBe(303);
    expect((await participantsOf(t.app, wave.id)).map((r) => r.email)).toEqual(['anna@gemeente.nl', 'kees@reclassering.nl']);
  });

  it('reports bad rows by line and imports nothing, unless told to skip them', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const wave = await makeWave(t.app, QID);
    await makeInvitee(t.app, wave, { email: 'bestaand@gemeente.nl' });
    const csv = Buffer.from('email;naam\ngoed@politie.nl;Goed\nfout-adres;Fout\ngoed@politie.nl;Dubbel\nbestaand@gemeente.nl;Bestaand\nook.goed@om.nl;Ook goed\n');

    const refused = await upload(t.app, who, wave.id, csv);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Er is niets geïmporteerd');
    expect(refused.body).toMatch(/<td class="num">3<\/td><td>fout-adres<\/td><td>Ongeldig e-mailadres &quot;fout-adres&quot;<\/td>/);
    expect(refused.body).toMatch(/<td class="num">4<\/td>.*komt al voor op regel 2/);
    expect(refused.body).toMatch(/<td class="num">5<\/td>.*staat al in deze ronde/);
    expect(await participantsOf(t.app, wave.id)).toHaveLength(1);

    const skipped = await upload(t.app, who, wave.id, csv, { skipInvalid: 'on' });
    expect(skipped.statusCode).toBe(200);
    expect(skipped.body).toContain('2 deelnemers geïmporteerd.');
    expect(skipped.body).toContain('3 regels zijn overgeslagen');
    expect((await participantsOf(t.app, wave.id)).map((r) => r.email)).toEqual(['bestaand@gemeente.nl', 'goed@politie.nl', 'ook.goed@om.nl']);
  });

  it('refuses a file without an e-mail column and an empty form with 422', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const wave = await makeWave(t.app, QID);
    const noEmail = await upload(t.app, who, wave.id, Buffer.from('naam,organisatie\nJan,Politie\n'));
    expect(noEmail.statusCode).toBe(422);
    expect(noEmail.body).toContain('geen kolom met het e-mailadres gevonden');
    const empty = await post(t.app, who, `/admin/waves/${wave.id}/participants/import`, { csv: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Kies een CSV-bestand');
  });

  it('is closed to evaluators and needs the CSRF token', async () => {
    t = await createTestApp();
    const wave = await makeWave(t.app, QID);
    const evaluator = await loginAs(t.app, 'evaluator');
    const csv = Buffer.from('email\na@b.nl\n');
    expect((await upload(t.app, evaluator, wave.id, csv)).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/admin/waves/${wave.id}/participants/import`, headers: { cookie: evaluator.cookie, accept: 'text/html' } })).statusCode).toBe(403);
    const researcher = await loginAs(t.app);
    const { payload, contentType } = multipartBody({ _csrf: 'fout' }, { name: 'x.csv', content: csv });
    const forged = await t.app.inject({
      method: 'POST',
      url: `/admin/waves/${wave.id}/participants/import`,
      headers: { cookie: researcher.cookie, 'content-type': contentType },
      payload,
    });
    expect(forged.statusCode).toBe(403);
    expect(await participantsOf(t.app, wave.id)).toHaveLength(0);
  });
});

describe('participant pages', () => {
  it('adds a participant with attributes and rejects a duplicate address', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const wave = await makeWave(t.app, QID);
    const res = await post(t.app, who, `/admin/waves/${wave.id}/participants`, { email: 'Nieuw@Zorg.nl', name: 'Nieuw', attributes: 'Organisatie: Zorg\noverleg = jeugd' });
    expect(res.statusCode).toBe(303);
    const [row] = await participantsOf(t.app, wave.id);
    expect(row).toMatchObject({ email: 'nieuw@zorg.nl', name: 'Nieuw', attributes: '{"organisatie":"Zorg","overleg":"jeugd"}' });
    expect(await t.app.db.selectFrom('invitations').selectAll().where('participant_id', '=', row!.id).execute()).toHaveLength(1);

    const dup = await post(t.app, who, `/admin/waves/${wave.id}/participants`, { email: 'nieuw@zorg.nl', name: 'Nog eens', attributes: 'zonder dubbele punt' });
    expect(dup.statusCode).toBe(422);
    expect(dup.body).toContain('Dit e-mailadres staat al in deze ronde.');
    expect(dup.body).toContain('Regel 1: schrijf een kenmerk als');
    expect(dup.body).toContain('value="Nog eens"');
  });

  it('edits, marks ineligible with a reason, restores and removes a participant', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const wave = await makeWave(t.app, QID);
    const { participant, token } = await makeInvitee(t.app, wave, { email: 'oud@politie.nl', name: 'Oud', attributes: { organisatie: 'Politie' } });
    const base = `/admin/waves/${wave.id}/participants/${participant.id}`;

    const form = await t.app.inject({ url: `${base}/edit`, headers: { cookie: who.cookie, accept: 'text/html' } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('organisatie: Politie');

    expect((await post(t.app, who, base, { email: 'nieuw@politie.nl', name: 'Nieuw', attributes: 'organisatie: Politie\nbasisteam: Noord' })).statusCode).toBe(303);
    let [row] = await participantsOf(t.app, wave.id);
    expect(row).toMatchObject({ email: 'nieuw@politie.nl', name: 'Nieuw', attributes: '{"organisatie":"Politie","basisteam":"Noord"}' });
    // the personal link still works after the edit
    expect((await findInvitationContext(t.app.db, token))?.participant.id).toBe(participant.id);

    const noReason = await post(t.app, who, `${base}/ineligible`, { reason: ' ' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('Geef een reden op');
    expect((await post(t.app, who, `${base}/ineligible`, { reason: 'Geen overleg bijgewoond in de afgelopen 3 maanden' })).statusCode).toBe(303);
    [row] = await participantsOf(t.app, wave.id);
    expect(row).toMatchObject({ eligible: 0, ineligible_reason: 'Geen overleg bijgewoond in de afgelopen 3 maanden' });
    const list = await t.app.inject({ url: `/admin/waves/${wave.id}/participants`, headers: { cookie: who.cookie, accept: 'text/html' } });
    expect(list.body).toContain('niet in aanmerking');
    expect(list.body).toContain('Geen overleg bijgewoond');

    expect((await post(t.app, who, `${base}/eligible`, {})).statusCode).toBe(303);
    [row] = await participantsOf(t.app, wave.id);
    expect(row).toMatchObject({ eligible: 1, ineligible_reason: null });

    const confirm = await t.app.inject({ url: `${base}/remove`, headers: { cookie: who.cookie, accept: 'text/html' } });
    expect(confirm.body).toContain('Weet u zeker');
    expect((await post(t.app, who, `${base}/remove`, {})).statusCode).toBe(303);
    expect(await participantsOf(t.app, wave.id)).toHaveLength(0);
    expect(await findInvitationContext(t.app.db, token)).toBeUndefined();
    expect((await t.app.inject({ url: `${base}/edit`, headers: { cookie: who.cookie, accept: 'text/html' } })).statusCode).toBe(404);
  });

  it('marks a late bounce by hand, and sends the invitation again to a corrected address', async () => {
    const smtp = await startSmtpServer();
    const transport = createSmtpTransport(smtp.url);
    try {
      t = await createTestApp({}, { mailTransport: transport });
      let who = await loginAs(t.app);
      const wave = await makeWave(t.app, QID, { reminder_days: '[7]' });
      const late = await makeInvitee(t.app, wave, { email: 'anne@politie.nl' });
      const typo = await makeInvitee(t.app, wave, { email: 'bert@politie.nll' });
      smtp.rejectRecipient('bert@politie.nll', 550, Infinity);
      expect(await t.app.mailer.runPass()).toMatchObject({ sent: 1, bounced: 1 });
      const start = t.app.now().getTime();

      // Anne's server accepted the invitation and returned it a day later: marked by hand
      const lateBase = `/admin/waves/${wave.id}/participants/${late.participant.id}`;
      const edit = await t.app.inject({ url: `${lateBase}/edit`, headers: { cookie: who.cookie, accept: 'text/html' } });
      expect(edit.body).toContain('Onbereikbaar (bounce)');
      const empty = await post(t.app, who, `${lateBase}/bounced`, { bounceReason: '' });
      expect(empty.statusCode).toBe(422);
      expect(empty.body).toContain('Geef de melding uit het bouncebericht op');
      expect((await post(t.app, who, `${lateBase}/bounced`, { bounceReason: '550 5.1.1 mailbox unavailable' })).statusCode).toBe(303);
      let rows = await participantsOf(t.app, wave.id);
      expect(rows[0]).toMatchObject({ bounce_reason: '550 5.1.1 mailbox unavailable', bounced_at: new Date(start).toISOString() });
      const shown = await t.app.inject({ url: `${lateBase}/edit`, headers: { cookie: who.cookie, accept: 'text/html' } });
      expect(shown.body).toContain('Melding: 550 5.1.1 mailbox unavailable');
      // her reminder is skipped, and she counts as unreachable in the response rates
      t.setNow(new Date(start + 7 * 86_400_000 + 1000));
      expect(await t.app.mailer.runPass()).toMatchObject({ sent: 0, skipped: 1 });
      // a week later: a new session (sessions last 8 hours)
      who = await loginAs(t.app);
      const reminder = await t.app.db.selectFrom('mail_jobs').selectAll().where('participant_id', '=', late.participant.id).where('kind', '=', 'reminder').executeTakeFirstOrThrow();
      expect(reminder).toMatchObject({ status: 'skipped', last_error: 'e-mailadres onbereikbaar (bounce)' });
      const rates = await t.app.inject({ url: `/admin/waves/${wave.id}/rates`, headers: { cookie: who.cookie, accept: 'text/html' } });
      expect(rates.statusCode, rates.body.slice(0, 300)).toBe(200);
      expect(rates.body).toMatch(/Onbereikbaar \(bounce\)<\/td>\s*<td>[^<]+<\/td>\s*<td>3\.3<\/td>\s*<td class="num">2<\/td>/);

      // Bert's address had a typo: correcting it clears the bounce and sends the invitation again, same link
      const typoBase = `/admin/waves/${wave.id}/participants/${typo.participant.id}`;
      expect((await post(t.app, who, typoBase, { email: 'bert@politie.nl', name: '', attributes: '' })).statusCode).toBe(303);
      rows = await participantsOf(t.app, wave.id);
      expect(rows[1]).toMatchObject({ email: 'bert@politie.nl', bounced_at: null, bounce_reason: null });
      expect(await t.app.mailer.runPass()).toMatchObject({ sent: 1 });
      const resent = smtp.messages.at(-1)!;
      expect(resent.envelopeTo).toEqual(['bert@politie.nl']);
      expect(resent.subject).toMatch(/^Uitnodiging:/);
      expect(resent.text).toContain(`/r/${typo.token}`);
      // and his reminder is planned from this send
      const planned = await t.app.db.selectFrom('mail_jobs').selectAll().where('participant_id', '=', typo.participant.id).where('kind', '=', 'reminder').executeTakeFirstOrThrow();
      expect(Date.parse(planned.due_at)).toBe(t.app.now().getTime() + 7 * 86_400_000);

      // editing a reachable participant's address sends nothing again
      expect((await post(t.app, who, typoBase, { email: 'bert.b@politie.nl', name: '', attributes: '' })).statusCode).toBe(303);
      expect(await t.app.mailer.runPass()).toMatchObject({ sent: 0 });

      // "Toch bereikbaar" undoes a bounce marked by mistake
      expect((await post(t.app, who, `${lateBase}/reachable`, {})).statusCode).toBe(303);
      expect((await participantsOf(t.app, wave.id))[0]).toMatchObject({ bounced_at: null, bounce_reason: null });
    } finally {
      await t?.close();
      t = undefined;
      await transport.close();
      await smtp.close();
    }
  });

  it('shows statuses from invitations and participant columns (an anonymous wave: tests/hardening/adminPages.test.ts)', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const wave = await makeWave(t.app, QID, { anonymous: 0 });
    const done = await makeInvitee(t.app, wave, { email: 'klaar@om.nl' });
    const started = await makeInvitee(t.app, wave, { email: 'bezig@om.nl' });
    const opted = await makeInvitee(t.app, wave, { email: 'weg@om.nl' });
    const bounced = await makeInvitee(t.app, wave, { email: 'bounce@om.nl' });
    await t.app.db.updateTable('invitations').set({ status: 'completed', responses_count: 1 }).where('id', '=', done.invitationId).execute();
    await t.app.db.updateTable('invitations').set({ status: 'started' }).where('id', '=', started.invitationId).execute();
    await t.app.db.updateTable('participants').set({ opted_out_at: '2026-11-24T00:00:00Z' }).where('id', '=', opted.participant.id).execute();
    await t.app.db.updateTable('participants').set({ bounced_at: '2026-11-24T00:00:00Z' }).where('id', '=', bounced.participant.id).execute();
    const list = await t.app.inject({ url: `/admin/waves/${wave.id}/participants`, headers: { cookie: who.cookie, accept: 'text/html' } });
    const statusOf = (email: string) => new RegExp(`${email.replace('.', '\\.')}</td>[\\s\\S]*?class="status[^"]*">([^<]+)<`).exec(list.body)?.[1];
    expect(statusOf('klaar@om.nl')).toBe('voltooid');
    expect(statusOf('bezig@om.nl')).toBe('gestart');
    expect(statusOf('weg@om.nl')).toBe('afgemeld');
    expect(statusOf('bounce@om.nl')).toBe('bounced');
    expect(list.body).not.toContain('Anonieme ronde');
  });

  it('searches and pages the list', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const wave = await makeWave(t.app, QID);
    await makeInvitee(t.app, wave, { email: 'a@politie.nl', attributes: { organisatie: 'Politie' } });
    await makeInvitee(t.app, wave, { email: 'b@om.nl', attributes: { organisatie: 'OM' } });
    const res = await t.app.inject({ url: `/admin/waves/${wave.id}/participants?q=politie`, headers: { cookie: who.cookie, accept: 'text/html' } });
    expect(res.body).toContain('a@politie.nl');
    expect(res.body).not.toContain('b@om.nl');
    expect(res.body).toContain('1 deelnemer gevonden');
  });
});
