/**
 * Finding 4 of issue 15: in an anonymous wave the researcher saw per person when their status turned
 * to voltooid and could download the raw CSV at any moment, so the new row and the changed status
 * matched. Attacked here the same way: a researcher keeps the admin pages open while invitees finish
 * one by one, and tries every download. The pages that show persons do not change at all when
 * someone finishes (only counts do), the outbox keeps no reminders (who gets one has not finished),
 * and respondent-level data (CSV, SPSS, the workbook's raw sheet) are released only after closing,
 * with a Dutch explanation until then.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWNLOAD_FORMATS } from '../../server/services/downloads.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { loginAs, type LoggedIn } from '../helpers/auth.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { Client, pageForm, textOf } from '../helpers/formClient.js';
import { completeProef, page1 } from '../helpers/proefAnswers.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';

const DAY = 24 * 3600 * 1000;
let t: TestApp;
let waveId: string;
let closesAt: number;
const invitees: Array<{ token: string; participantId: number }> = [];

beforeAll(async () => {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
  const wave = await makeWave(t.app, 'proef', { anonymous: 1, min_cell_size: 2, reminder_days: '[7]' });
  waveId = wave.id;
  closesAt = Date.parse(wave.closes_at);
  for (let i = 0; i < 6; i++) {
    const { token, participant } = await makeInvitee(t.app, wave, { email: `persoon${i}@example.test`, attributes: { organisatie: i % 2 ? 'Politie' : 'Gemeente' } });
    invitees.push({ token, participantId: participant.id });
  }
  await t.app.mailer.runPass();
});
afterAll(async () => {
  await t?.close();
});

/** Everything a researcher can open about the persons of the wave, page by page. */
async function personPages(researcher: LoggedIn): Promise<Record<string, string>> {
  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: { cookie: researcher.cookie, accept: 'text/html' } });
    expect(res.statusCode, url).toBe(200);
    return res.body;
  };
  const pages: Record<string, string> = {};
  pages.list = await get(`/admin/waves/${waveId}/participants`);
  pages.search = await get(`/admin/waves/${waveId}/participants?q=politie`);
  for (const p of invitees) {
    pages[`edit-${p.participantId}`] = await get(`/admin/waves/${waveId}/participants/${p.participantId}/edit`);
    pages[`remove-${p.participantId}`] = await get(`/admin/waves/${waveId}/participants/${p.participantId}/remove`);
  }
  pages.outbox = await get(`/admin/outbox?ronde=${waveId}`);
  pages.mail = await get(`/admin/waves/${waveId}/mail`);
  // the overviews across waves and the audit log: nobody's answering is an event on them
  pages.allParticipants = await get('/admin/participants');
  pages.allMail = await get('/admin/mail');
  pages.audit = await get('/admin/audit');
  return pages;
}

describe('an anonymous wave during fieldwork', () => {
  it('shows persons without progress: their pages do not change when someone starts or finishes', async () => {
    const researcher = await loginAs(t.app, 'researcher');
    const before = await personPages(researcher);
    expect(textOf(before.list!)).toContain('per persoon ziet u niet of iemand begonnen of klaar is');
    // one person starts, two finish, one after the other
    const starter = new Client(t.app);
    await starter.submit(pageForm(await starter.get(`/r/${invitees[5]!.token}/pagina/1`)), page1, 'Volgende');
    for (const [name, html] of Object.entries(await personPages(researcher))) expect(html, name).toBe(before[name]);
    for (const p of invitees.slice(0, 2)) {
      expect((await completeProef(new Client(t.app), `/r/${p.token}`)).url).toBe(`/r/${p.token}/klaar`);
      const after = await personPages(researcher);
      for (const [name, html] of Object.entries(after)) expect(html, name).toBe(before[name]);
    }
    for (const html of Object.values(before)) expect(textOf(html)).not.toMatch(/\b(voltooid|gestart)\b/);
    // the counts do change, as counts
    const wave = await t.app.inject({ url: `/admin/waves/${waveId}`, headers: { cookie: researcher.cookie, accept: 'text/html' } });
    expect(textOf(wave.body)).toMatch(/voltooid/);
  });

  it('keeps no reminders in the outbox: who gets one has not finished', async () => {
    t.setNow(new Date(t.app.now().getTime() + 8 * DAY));
    const pass = await t.app.mailer.runPass();
    expect(pass.sent).toBe(4);
    const copies = await t.app.db.selectFrom('outbox').innerJoin('mail_jobs', 'mail_jobs.id', 'outbox.job_id').select(['mail_jobs.kind']).where('mail_jobs.wave_id', '=', waveId).execute();
    expect(copies.map((c) => c.kind)).toEqual(Array(6).fill('invitation'));
  });

  it('releases no respondent-level data before the wave closes, and says why; after closing it does', async () => {
    const researcher = await loginAs(t.app, 'researcher');
    const get = (url: string) => t.app.inject({ url, headers: { cookie: researcher.cookie, accept: 'text/html' } });
    // every respondent-level format (all but the workbook, which withholds its raw sheet, and the codebook)
    const respondentLevel = DOWNLOAD_FORMATS.filter((f) => f !== 'xlsx' && f !== 'codebook');
    expect(respondentLevel).toEqual(['csv-excel', 'csv', 'sps', 'r']);
    for (const format of respondentLevel) {
      const res = await get(`/admin/results/${waveId}/download/${format}`);
      expect(res.statusCode, format).toBe(403);
      expect(textOf(res.body)).toContain('De gegevens per respons (de ruwe data en de open antwoorden) van deze anonieme ronde komen beschikbaar zodra de ronde gesloten is');
    }
    const xlsx = await get(`/admin/results/${waveId}/download/xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(JSON.stringify(workbook.getWorksheet('Ruwe data')!.getSheetValues())).toContain('komen beschikbaar zodra de ronde gesloten is');
    const page = await get(`/admin/results/${waveId}`);
    expect(textOf(page.body)).toContain('Ruwe data met komma’s (CSV): niet beschikbaar');
    expect(textOf(page.body)).toContain('komen beschikbaar zodra de ronde gesloten is');
    // the open answers are respondent-level data too (page4's Q7 is "Goed overleg" for everyone)
    expect(textOf(page.body)).not.toContain('Goed overleg');

    t.setNow(new Date(closesAt + 3600_000));
    const later = await loginAs(t.app, 'researcher');
    const csv = await t.app.inject({ url: `/admin/results/${waveId}/download/csv`, headers: { cookie: later.cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split('\n')).toHaveLength(3);
    const closed = await t.app.inject({ url: `/admin/results/${waveId}`, headers: { cookie: later.cookie, accept: 'text/html' } });
    expect(textOf(closed.body)).toContain('Goed overleg');
  });
});

describe("an anonymous wave's mail page", () => {
  it('names no recipient of a reminder (who gets one has not finished) and decides reminders of unknown fate per round', async () => {
    const researcher = await loginAs(t.app, 'researcher');
    const wave = await makeWave(t.app, 'proef', { anonymous: 1, reminder_days: '[7]', title: 'Herinneringen anoniem' });
    const emails = [0, 1, 2, 3].map((i) => `herinnering${i}@example.test`);
    for (const email of emails) await makeInvitee(t.app, wave, { email });
    await t.app.mailer.runPass({ waveId: wave.id });
    const reminders = await t.app.db.selectFrom('mail_jobs').select('id').where('wave_id', '=', wave.id).where('kind', '=', 'reminder').orderBy('id').execute();
    expect(reminders).toHaveLength(4);
    // the reminder day during an SMTP outage and a crash: waiting for a retry, failed, in flight, fate unknown
    const handedOver = new Date(t.app.now().getTime() - 3600_000).toISOString();
    const states = ['retry', 'failed', 'sending', 'unknown'] as const;
    for (const [i, job] of reminders.entries()) {
      await t.app.db.updateTable('mail_jobs').set({ status: states[i]!, attempts: 1, sending_at: handedOver, last_error: '421 probeer later' }).where('id', '=', job.id).execute();
    }
    const mailPage = async () => (await t.app.inject({ url: `/admin/waves/${wave.id}/mail`, headers: { cookie: researcher.cookie, accept: 'text/html' } })).body;
    const page = await mailPage();
    for (const email of emails) expect(page).not.toContain(email);
    expect(page).not.toContain('/mail/jobs/');
    expect(textOf(page)).toContain('Herinnering 1 1');
    expect(textOf(page)).toContain('In een anonieme ronde staan herinneringen hier per verzending, niet per persoon');

    const post = (url: string, form: Record<string, string>) =>
      t.app.inject({ method: 'POST', url, headers: { cookie: researcher.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: researcher.csrf, ...form }).toString() });
    // a reminder's job cannot be decided (or probed) one by one
    const single = await post(`/admin/waves/${wave.id}/mail/jobs/${reminders[3]!.id}`, { decision: 'skip' });
    expect(single.statusCode).toBe(404);
    const round = await post(`/admin/waves/${wave.id}/mail/reminders`, { round: '1', decision: 'resend' });
    expect(round.statusCode).toBe(303);
    expect((await t.app.db.selectFrom('mail_jobs').select('status').where('id', '=', reminders[3]!.id).executeTakeFirstOrThrow()).status).toBe('pending');
    expect(textOf(await mailPage())).toContain('Berichten met onbekende afloop (0)');
    const entry = await t.app.db.selectFrom('audit_log').select('details').where('action', '=', 'mail.unknown.resend').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details)).toEqual({ waveId: wave.id, reminderRound: 1, messages: 1 });
    expect((await post(`/admin/waves/${wave.id}/mail/reminders`, { round: '1', decision: 'skip' })).statusCode).toBe(404);
  });
});
