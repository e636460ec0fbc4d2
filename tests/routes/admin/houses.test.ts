/** The houses page and the audit log page of the national team. */
import { afterEach, describe, expect, it } from 'vitest';
import { insertHouse } from '../../../server/db/repositories/houses.js';
import { defaultWaveTexts } from '../../../server/domain/fieldwork/defaultTexts.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { formBody, loginAs, type LoggedIn } from '../../helpers/auth.js';
import { makeHouse, makeWave } from '../../helpers/factories.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const get = (who: LoggedIn, url: string) => t!.app.inject({ url, headers: { accept: 'text/html', cookie: who.cookie } });
const post = (who: LoggedIn, url: string, fields: Record<string, string>) =>
  t!.app.inject({ method: 'POST', url, headers: { accept: 'text/html', cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: who.csrf, ...fields }) });

describe('houses page', () => {
  it('lists the near duplicates the migration left, merges them, and creates and renames houses', async () => {
    t = await createTestApp();
    const researcher = await loginAs(t.app);
    // spellings as free text had them before houses were records
    const a = await makeHouse(t.app, 'Veiligheidshuis Twente');
    const b = (await insertHouse(t.app.db, { name: 'VHH Twente', region: null, municipalities: [] }, t.app.now())).id;
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { house_id: b, title: 'Oude ronde' });
    const page = await get(researcher, '/admin/houses');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mogelijk dubbele huizen');
    expect(page.body).toContain('Veiligheidshuis Twente / VHH Twente');

    const merged = await post(researcher, '/admin/houses/merge', { from: String(b), into: String(a) });
    expect(merged.headers.location).toBe('/admin/houses?samengevoegd');
    expect((await t.app.db.selectFrom('waves').select('house_id').where('id', '=', wave.id).executeTakeFirstOrThrow()).house_id).toBe(a);
    const after = await get(researcher, '/admin/houses?samengevoegd');
    expect(after.body).toContain('De huizen zijn samengevoegd.');
    expect(after.body).not.toContain('Mogelijk dubbele huizen');
    expect((await post(researcher, '/admin/houses/merge', { from: String(b), into: String(a) })).statusCode).toBe(404);

    const dup = await post(researcher, '/admin/houses', { name: 'veiligheidshuis twente', region: '', municipalities: '' });
    expect(dup.statusCode).toBe(422);
    expect(dup.body).toContain('Er is al een huis met (bijna) dezelfde naam: Veiligheidshuis Twente.');
    const empty = await post(researcher, '/admin/houses', { name: ' ', region: '', municipalities: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Vul de naam van het huis in.');
    const created = await post(researcher, '/admin/houses', { name: 'Veiligheidshuis IJsselland', region: 'Oost', municipalities: 'Zwolle\nDeventer, Kampen' });
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('Veiligheidshuis IJsselland is aangemaakt.');
    expect(created.body).toContain('Zwolle, Deventer, Kampen');

    const renamed = await post(researcher, `/admin/houses/${a}`, { name: 'Veiligheidshuis Twente en Achterhoek', region: '', municipalities: '' });
    expect(renamed.statusCode).toBe(303);
    const log = await t.app.db.selectFrom('audit_log').select(['action', 'details', 'house_id']).where('action', 'like', 'house_%').orderBy('id').execute();
    expect(log.map((e) => e.action)).toEqual(['house_merged', 'house_created', 'house_updated']);
    expect(JSON.parse(log[2]!.details).changes).toEqual({ name: { before: 'Veiligheidshuis Twente', after: 'Veiligheidshuis Twente en Achterhoek' } });
  });
});

describe('audit log page', () => {
  it('shows the national team who did what, with before and after values, filtered by user, house, kind and period', async () => {
    t = await createTestApp();
    const researcher = await loginAs(t.app);
    const own = await makeHouse(t.app, 'Veiligheidshuis Eigen');
    const other = await makeHouse(t.app, 'Veiligheidshuis Ander');
    const coordinator = await loginAs(t.app, [{ kind: 'coordinator', houseId: own }], { email: 'coordinator@example.test' });
    const ownWave = await makeWave(t.app, 'stappenmeter-doelbereik', { house_id: own, title: 'Ronde Eigen', opens_at: new Date(t.app.now().getTime() + 86400_000).toISOString() });
    await makeWave(t.app, 'stappenmeter-doelbereik', { house_id: other, title: 'Ronde Ander' });
    // the coordinator edits their wave: the minimum cell size and the closing date change
    const saved = await post(coordinator, `/admin/waves/${ownWave.id}`, {
      title: 'Ronde Eigen',
      house: String(own),
      opens: '2026-11-24',
      closes: '2027-01-15',
      anonymous: 'on',
      reminders: '7, 14, 21',
      senderName: 'Onderzoeksteam',
      senderEmail: 'onderzoek@veiligheidshuis.test',
      ...{ invitationSubject: defaultWaveTexts.invitation_subject, invitationTemplate: defaultWaveTexts.invitation_template },
      ...{ reminderSubject: defaultWaveTexts.reminder_subject, reminderTemplate: defaultWaveTexts.reminder_template },
      minCellSize: '8',
      retentionDays: '',
    });
    expect(saved.statusCode).toBe(303);

    expect((await get(coordinator, '/admin/audit')).statusCode).toBe(403);
    const page = await get(researcher, `/admin/audit?gebruiker=${coordinator.user.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ronde gewijzigd');
    expect(page.body).toContain('minimale groepsgrootte: 5 → 8');
    expect(page.body).toMatch(/sluit: [^<]+ → 2027-01-15T22:59:59\.999Z/);
    expect(page.body).toContain('tweede stap: code');
    expect(page.body).toContain('Veiligheidshuis Eigen');
    expect(page.body).toContain('ingelogd');
    expect(page.body).not.toContain('Ronde Ander');

    const byHouse = await get(researcher, `/admin/audit?huis=${own}&soort=waves`);
    expect(byHouse.body).toContain('Ronde Eigen');
    expect(byHouse.body).not.toContain('ingelogd');
    expect(byHouse.body).toContain('1 regel');
    const logins = await get(researcher, '/admin/audit?soort=logins&van=2026-11-23&tot=2026-11-23');
    expect((logins.body.match(/<td>ingelogd<\/td>/g) ?? []).length).toBe(2);
    const none = await get(researcher, '/admin/audit?soort=logins&van=2026-11-24');
    expect(none.body).toContain('0 regels');
  });
});
