/**
 * The round form (Landelijke rondes): the houses as an uploaded CSV file besides the pasted lines and
 * the checkboxes, and the mail texts every wave of the round starts with. A bad file or a bad text
 * gives a Dutch fault beside its field, keeps every other field as filled in, and creates nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfidentialInvitationTemplate, defaultInvitationSubject } from '../../../server/domain/fieldwork/defaultTexts.js';
import { MAX_ROUND_FILE_BYTES } from '../../../server/domain/fieldwork/roundHousesCsv.js';
import { createTestApp, storedQuestionnaire, type TestApp } from '../../helpers/app.js';
import { loginAs, type LoggedIn } from '../../helpers/auth.js';
import { appEnvironment, cli, useCliEnvironment } from '../../helpers/cli.js';
import { makeHouse } from '../../helpers/factories.js';
import { multipartBody } from '../../helpers/multipart.js';
import { decode } from '../../helpers/resultsPage.js';

const QID = 'stappenmeter-doelbereik';
const HOUSES = ['Veiligheidshuis Noord', 'Veiligheidshuis Oost', 'Veiligheidshuis Zuid'];

let t: TestApp;
let researcher: LoggedIn;
let version: string;
beforeEach(async () => {
  t = await createTestApp();
  t.setNow('2026-11-23T09:00:00Z');
  for (const name of HOUSES) await makeHouse(t.app, name);
  researcher = await loginAs(t.app, 'researcher');
  version = (await storedQuestionnaire(t.app, QID)).version;
});
afterEach(async () => t.close());
useCliEnvironment(() => appEnvironment(t));

const count = async (table: 'waves' | 'users' | 'national_rounds') =>
  Number((await t.app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** The form as the browser sends it: the pasted lines and the texts come after the file input. */
function submit(fields: Record<string, string>, file?: Buffer) {
  const below = new Set(['houseList', 'invitationSubject', 'invitationTemplate', 'reminderSubject', 'reminderTemplate']);
  const pick = (keep: boolean) => Object.fromEntries(Object.entries(fields).filter(([k]) => below.has(k) === keep));
  const { payload, contentType } = multipartBody({ _csrf: researcher.csrf, ...pick(false) }, file ? { name: 'huizen.csv', content: file, field: 'housesFile' } : undefined, pick(true));
  return t.app.inject({ method: 'POST', url: '/admin/rounds', headers: { cookie: researcher.cookie, accept: 'text/html', 'content-type': contentType }, payload });
}

/** The text of the field's error beside it, or null. */
function fieldError(html: string, name: string): string | null {
  const m = new RegExp(`<p class="field-error" id="${name}-error">([^<]*)</p>`).exec(html);
  return m ? decode(m[1]!) : null;
}

const base = () => ({ questionnaire: `${QID}@${version}`, opens: '2026-12-01', closes: '2027-01-15', reminders: '7, 14' });
const windows1252 = (text: string) => Buffer.from(text, 'latin1');

describe('the houses as a CSV file', () => {
  it('makes a round from an uploaded file (Windows-1252, ; and a header row) with the coordinators it names', async () => {
    const file = windows1252('huis;e-mail coördinator\r\nVeiligheidshuis Noord;noord@regio.test\r\nVeiligheidshuis Zuid;\r\n');
    const res = await submit(base(), file);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('2 conceptrondes');
    const waves = await t.app.db.selectFrom('waves').innerJoin('houses', 'houses.id', 'waves.house_id').select(['houses.name', 'waves.round_id']).orderBy('houses.name').execute();
    expect(waves.map((w) => w.name)).toEqual(['Veiligheidshuis Noord', 'Veiligheidshuis Zuid']);
    expect(res.body).toContain('noord@regio.test');
  });

  it('refuses a bad file with a Dutch fault beside it, keeps the other fields and creates nothing', async () => {
    const fields = { ...base(), houseList: 'Veiligheidshuis Oost;oost@regio.test', invitationSubject: 'Eigen onderwerp <%= it.house %>' };
    const cases: Array<[string, Buffer, RegExp]> = [
      ['a workbook', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 0)]), /geen CSV-tekstbestand/],
      ['UTF-16 without its BOM', Buffer.from('huis;e-mail\nVeiligheidshuis Noord;\n', 'utf16le'), /geen CSV-tekstbestand/],
      ['too large', Buffer.alloc(MAX_ROUND_FILE_BYTES + 10, 'a'), /te groot: hoogstens 64 kB/],
      ['wrong columns', Buffer.from('e-mail;huis\nnoord@regio.test;Veiligheidshuis Noord\n'), /verwacht de kolommen "huis" en "e-mail coördinator"/],
      ['three columns', Buffer.from('Veiligheidshuis Noord;noord@regio.test;extra\n'), /verwacht twee kolommen/],
      ['too many lines', Buffer.from('\n'.repeat(1200)), /1201 regels/],
    ];
    for (const [what, file, message] of cases) {
      const res = await submit(fields, file);
      expect(res.statusCode, what).toBe(422);
      expect(fieldError(res.body, 'housesFile'), what).toMatch(message);
      // every other field as filled in
      expect(res.body, what).toContain('value="2026-12-01"');
      expect(res.body, what).toContain('Veiligheidshuis Oost;oost@regio.test</textarea>');
      expect(res.body, what).toContain('value="Eigen onderwerp &lt;%= it.house %&gt;"');
      expect(res.body, what).toMatch(/<option value="stappenmeter-doelbereik@[^"]+" selected>/);
    }
    // an unknown house: named, nothing created, and the page asks for the file again
    const unknown = await submit(fields, Buffer.from('Veiligheidshuis Nergens;x@regio.test\nVeiligheidshuis Noord;\n'));
    expect(unknown.statusCode).toBe(422);
    expect(decode(unknown.body)).toContain('Onbekende huizen: Veiligheidshuis Nergens.');
    expect(fieldError(unknown.body, 'housesFile')).toContain('Kies het bestand opnieuw');
    expect({ waves: await count('waves'), users: await count('users'), rounds: await count('national_rounds') }).toEqual({ waves: 0, users: 1, rounds: 0 });
  });
});

describe('the texts of the round', () => {
  it('are prefilled with the defaults and land in every wave of the round', async () => {
    const form = await t.app.inject({ url: '/admin/rounds', headers: { cookie: researcher.cookie, accept: 'text/html' } });
    expect(form.body).toContain(`value="${defaultInvitationSubject.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`);
    // not anonymous by default: the confidential invitation, which promises no anonymity
    expect(decode(form.body)).toContain(decode(defaultConfidentialInvitationTemplate.replace(/</g, '&lt;').replace(/>/g, '&gt;')));

    const body = 'Beste collega,\n\nDe link: <%= it.link %>\nAfmelden: <%= it.optOutLink %>\n';
    const res = await submit({ ...base(), 'house-1': 'on', 'house-2': 'on', invitationSubject: 'Landelijke meting <%= it.house %>', invitationTemplate: body });
    expect(res.statusCode).toBe(200);
    const waves = await t.app.db.selectFrom('waves').select(['invitation_subject', 'invitation_template', 'reminder_subject']).execute();
    expect(waves).toHaveLength(2);
    for (const w of waves) expect(w).toMatchObject({ invitation_subject: 'Landelijke meting <%= it.house %>', invitation_template: body });
    // the reminder subject was left as prefilled: the default
    expect(waves[0]!.reminder_subject).toContain('Herinnering');
  });

  it('are checked by the wave form\'s rules: a text without the link is refused beside its field, nothing is created', async () => {
    const res = await submit({ ...base(), 'house-1': 'on', invitationSubject: 'Onderwerp', invitationTemplate: 'Beste collega, vul de vragenlijst in. <%= it.optOutLink %>', reminderSubject: '' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'invitationTemplate')).toMatch(/De tekst moet .*link/);
    expect(fieldError(res.body, 'reminderSubject')).not.toBeNull();
    expect(res.body).toContain('Beste collega, vul de vragenlijst in.');
    expect(res.body).toMatch(/id="house-1" name="house-1" value="on" checked/);
    expect(await count('waves')).toBe(0);
  });

  it('come from a JSON file on the command line, checked the same way', async () => {
    const houses = join(t.dir, 'huizen.csv');
    writeFileSync(houses, 'Veiligheidshuis Noord;\nVeiligheidshuis Oost;\n');
    const texts = join(t.dir, 'teksten.json');
    writeFileSync(texts, JSON.stringify({ invitationSubject: 'Meting <%= it.house %>', invitation: 'Link: <%= it.link %> Afmelden: <%= it.optOutLink %>' }));
    const args = ['round', 'create', '--questionnaire', `${QID}@${version}`, '--houses', houses, '--opens', '2026-12-01', '--closes', '2027-01-15', '--texts', texts, '--json'];
    const created = await cli(...args);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const waves = await t.app.db.selectFrom('waves').select(['invitation_subject', 'invitation_template', 'reminder_template']).execute();
    expect(waves.map((w) => [w.invitation_subject, w.invitation_template])).toEqual([
      ['Meting <%= it.house %>', 'Link: <%= it.link %> Afmelden: <%= it.optOutLink %>'],
      ['Meting <%= it.house %>', 'Link: <%= it.link %> Afmelden: <%= it.optOutLink %>'],
    ]);
    expect(waves[0]!.reminder_template).toContain('<%= it.link %>');

    writeFileSync(texts, JSON.stringify({ invitation: 'Geen link hier. <%= it.optOutLink %>' }));
    const refused = await cli(...args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/De tekst moet .*link/);
    writeFileSync(texts, JSON.stringify({ invitatie: 'x' }));
    const unknownKey = await cli(...args);
    expect(unknownKey.code).toBe(1);
    expect(unknownKey.stderr).toContain('keys: invitationSubject, invitation, reminderSubject, reminder');
    expect(await count('waves')).toBe(2);
  });
});
