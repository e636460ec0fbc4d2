import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { loginAs } from '../../helpers/auth.js';
import { makeInvitee, makeWave } from '../../helpers/factories.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

/**
 * 24 invited: politie 12 (6 complete), OM 4 (1 complete, 1 ineligible), zorg 8 (5 complete, 1
 * started); 13 responses (one person answered twice).
 */
async function wave(anonymous: 0 | 1) {
  const w = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Ronde Twente', anonymous, min_cell_size: 5 });
  const plan: Array<[string, number, number, number]> = [
    ['Politie', 12, 6, 0],
    ['OM', 4, 1, 0],
    ['Zorg', 8, 5, 1],
  ];
  for (const [organisatie, n, complete, started] of plan) {
    for (let i = 0; i < n; i++) {
      const p = await makeInvitee(t.app, w, { attributes: { organisatie } });
      const status = i < complete ? 'completed' : i < complete + started ? 'started' : 'invited';
      await t.app.db.updateTable('invitations').set({ status }).where('id', '=', p.invitationId).execute();
      if (organisatie === 'OM' && i === n - 1) await t.app.db.updateTable('participants').set({ eligible: 0 }).where('id', '=', p.participant.id).execute();
    }
  }
  await t.app.mailer.runPass();
  const responses = Array.from({ length: 13 }, () => ({ id: randomBytes(16).toString('hex'), wave_id: w.id, invitation_id: null, participant_id: null, submitted_on: '2026-11-23', submitted_at: null }));
  await t.app.db.insertInto('responses').values(responses).execute();
  return w;
}

describe('rates page', () => {
  it('shows RR1, RR2, responses, dispositions, the curve and the breakdown with small cells hidden', async () => {
    const w = await wave(1);
    const me = await loginAs(t.app);
    const res = await t.app.inject({ url: `/admin/waves/${w.id}/rates`, headers: { accept: 'text/html', cookie: me.cookie } });
    expect(res.statusCode).toBe(200);
    // 12 complete of 23 eligible; RR2 with the one started
    expect(res.body).toContain('<strong>52,2 %</strong> (12 van 23)');
    expect(res.body).toContain('56,5 % (13 van 23)');
    expect(res.body).toMatch(/Ingevulde vragenlijsten<\/dt><dd>13 /);
    expect(res.body).toContain('Niet tot de doelgroep');
    // the shared cumulative chart, with the invitation marked
    expect(res.body).toContain('aria-labelledby="respons-curve-title respons-curve-desc"');
    expect(res.body).toContain('class="line"');
    expect(res.body).toContain('>Uitnodiging</text>');
    // Politie (6 and 6) is shown; OM is too small, and Zorg goes with it
    const table = res.body.slice(res.body.indexOf('<h3>organisatie</h3>'));
    expect(table).toMatch(/<th scope="row">Politie<\/th>\s*<td class="num">12<\/td>\s*<td class="num">0<\/td>\s*<td class="num">6<\/td>/);
    expect(table.match(/verborgen \(kleine groep\)/g)).toHaveLength(2);
    expect(res.body).toContain('minimale groepsgrootte 5');
  });

  it('shows every cell in a wave that is not anonymous, and is open to evaluators', async () => {
    const w = await wave(0);
    const evaluator = await loginAs(t.app, 'evaluator');
    const res = await t.app.inject({ url: `/admin/waves/${w.id}/rates`, headers: { accept: 'text/html', cookie: evaluator.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('verborgen (kleine groep)');
    expect(res.body).toMatch(/<th scope="row">OM<\/th>\s*<td class="num">4<\/td>\s*<td class="num">1<\/td>\s*<td class="num">1<\/td>/);
  });

  it('is not shown without signing in, and 404 for an unknown wave', async () => {
    const w = await wave(1);
    expect((await t.app.inject({ url: `/admin/waves/${w.id}/rates`, headers: { accept: 'text/html' } })).statusCode).not.toBe(200);
    const me = await loginAs(t.app);
    expect((await t.app.inject({ url: '/admin/waves/nope/rates', headers: { accept: 'text/html', cookie: me.cookie } })).statusCode).toBe(404);
  });
});
