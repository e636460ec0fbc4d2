import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, useCliEnvironment } from '../helpers/cli.js';
import { openDatabase } from '../../server/db/connection.js';
import { waveQuestionnaire } from '../../server/db/repositories/waves.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vhcli-'));
});
useCliEnvironment(() => ({ DATABASE_FILE: join(dir, 'cli.db'), BASE_URL: 'https://enquete.example.nl' }));
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('wave create', () => {
  it('creates a concept wave with the questionnaire snapshot and prints it as JSON with its id', async () => {
    const house = JSON.parse((await cli('house', 'create', '--name', 'Veiligheidshuis Noord-Holland Noord', '--json')).stdout);
    const res = await cli('wave', 'create', '--questionnaire', 'stappenmeter-doelbereik', '--house', 'Veiligheidshuis Noord-Holland Noord', '--opens', '2030-11-15', '--closes', '2030-12-20', '--reminders', '7,14,21', '--anonymous', '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const wave = JSON.parse(res.stdout);
    expect(wave).toMatchObject({
      id: expect.stringMatching(/^[A-Za-z2-9]{10}$/),
      house: 'Veiligheidshuis Noord-Holland Noord',
      house_id: house.id,
      questionnaire_id: 'stappenmeter-doelbereik',
      opens_at: '2030-11-14T23:00:00.000Z',
      closes_at: '2030-12-20T22:59:59.999Z',
      state: 'concept',
      launched_at: null,
      questionnaire_version: '1.0',
      anonymous: true,
      allow_edit: false,
      reminder_days: [7, 14, 21],
      sender_name: 'Veiligheidshuis Noord-Holland Noord',
      sender_email: 'noreply@enquete.example.nl',
      min_cell_size: 5,
    });
    const { db } = openDatabase(join(dir, 'cli.db'));
    try {
      const row = await db.selectFrom('waves').selectAll().where('id', '=', wave.id).executeTakeFirstOrThrow();
      expect(waveQuestionnaire(row).id).toBe('stappenmeter-doelbereik');
      expect(row.invitation_template).toContain('ongeveer 10 minuten');
    } finally {
      await db.destroy();
    }

    const list = await cli('wave', 'list', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id: wave.id, participants: 0 })]);
  });

  it('never opens "now" on its own: --opens is required; defaults to non-anonymous and to the questionnaire’s own texts', async () => {
    const house = JSON.parse((await cli('house', 'create', '--name', 'Alle Veiligheidshuizen', '--json')).stdout);
    const undated = await cli('wave', 'create', '--questionnaire', 'breedtescan-ketenmanagers', '--house', 'Alle Veiligheidshuizen', '--closes', '2099-01-31');
    expect(undated.code).toBe(2);
    expect(undated.stderr).toContain('--opens <date> is required');
    // the house by its id this time
    const res = await cli('wave', 'create', '--questionnaire', 'breedtescan-ketenmanagers@1.1', '--house', String(house.id), '--opens', '2099-01-01', '--closes', '2099-01-31', '--json');
    expect(res.code).toBe(0);
    const wave = JSON.parse(res.stdout);
    expect(wave).toMatchObject({ state: 'concept', anonymous: false, reminder_days: [7, 14, 21], questionnaire_version: '1.1' });
    const { db } = openDatabase(join(dir, 'cli.db'));
    try {
      const row = await db.selectFrom('waves').selectAll().where('id', '=', wave.id).executeTakeFirstOrThrow();
      expect(row.invitation_template).toContain("Beste <%= it.name || 'ketenmanager' %>");
      expect(row.invitation_subject).not.toContain('it.house');
    } finally {
      await db.destroy();
    }
  });

  it('refuses bad options with exit code 2 and an unknown questionnaire with 1', async () => {
    await cli('house', 'create', '--name', 'X');
    const missing = await cli('wave', 'create', '--house', 'X', '--opens', '2099-01-01', '--closes', '2099-01-01');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--questionnaire <id>[@<version>] is required');
    const bad = await cli('wave', 'create', '--questionnaire', 'stappenmeter-doelbereik', '--house', 'X', '--opens', '2099-01-01', '--closes', '2099-13-01', '--reminders', '7,zeven');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--closes: Vul een geldige datum in');
    expect(bad.stderr).toContain('--reminders:');
    // a house that is not a record: refused with the way to make it, nothing created
    const noHouse = await cli('wave', 'create', '--questionnaire', 'stappenmeter-doelbereik', '--house', 'VHH Nergens', '--opens', '2099-01-01', '--closes', '2099-01-01');
    expect(noHouse.code).toBe(1);
    expect(noHouse.stderr).toContain('No house "VHH Nergens"');
    expect(noHouse.stderr).toContain('house create --name');
    expect(JSON.parse((await cli('wave', 'list', '--json')).stdout)).toEqual([]);
    const unknown = await cli('wave', 'create', '--questionnaire', 'bestaat-niet', '--house', 'X', '--opens', '2099-01-01', '--closes', '2099-01-31');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No questionnaire "bestaat-niet" in the store');
  });
});

describe('wave launch', () => {
  it('is refused with the checklist’s open points while the wave is not ready, then launches it', async () => {
    expect((await cli('house', 'create', '--name', 'Veiligheidshuis Twente')).code).toBe(0);
    const created = JSON.parse((await cli('wave', 'create', '--questionnaire', 'stappenmeter-doelbereik', '--house', 'Veiligheidshuis Twente', '--opens', '2099-01-04', '--closes', '2099-01-31', '--anonymous', '--json')).stdout);
    const refused = await cli('wave', 'launch', '--wave', created.id);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('Not launched: the wave is not ready.\n  - Deelnemers: Importeer de deelnemers: er is nog niemand om uit te nodigen.\n');
    const refusedJson = JSON.parse((await cli('wave', 'launch', '--wave', created.id, '--json')).stdout);
    expect(refusedJson).toMatchObject({ launched: false, code: 'NOT_READY', open: ['Deelnemers: Importeer de deelnemers: er is nog niemand om uit te nodigen.'] });

    const csv = join(dir, 'deelnemers.csv');
    writeFileSync(csv, 'email;naam\nanna@example.nl;Anna\nbert@example.nl;Bert\n');
    expect((await cli('participants', 'import', '--wave', created.id, csv)).code).toBe(0);
    // nothing goes out before the launch, whenever the pass runs
    const before = JSON.parse((await cli('mail', 'run', '--now', '2099-01-10T12:00:00Z', '--json')).stdout);
    expect(before.sent).toBe(0);

    const launched = await cli('wave', 'launch', '--wave', created.id, '--json');
    expect(launched.code).toBe(0);
    expect(JSON.parse(launched.stdout)).toMatchObject({ launched: true, invitations: 2, firstAt: '2099-01-03T23:00:00.000Z', immediately: false, wave: { state: 'scheduled' } });
    const again = await cli('wave', 'launch', '--wave', created.id);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Not launched: Deze ronde is al verstuurd of gepland.');
    const sent = JSON.parse((await cli('mail', 'run', '--now', '2099-01-10T12:00:00Z', '--json')).stdout);
    expect(sent.sent).toBe(2);
    expect((await cli('wave', 'launch', '--wave', 'bestaatniet')).stderr).toContain('No wave "bestaatniet"');
  });
});

describe('wave copy', () => {
  it('makes a concept round from an earlier one: its settings, a year later, with the participants who can be invited again', async () => {
    expect((await cli('house', 'create', '--name', 'Veiligheidshuis Twente')).code).toBe(0);
    const created = JSON.parse((await cli('wave', 'create', '--questionnaire', 'stappenmeter-doelbereik', '--house', 'Veiligheidshuis Twente', '--opens', '2030-03-01', '--closes', '2030-03-31', '--reminders', '10', '--min-cell-size', '7', '--anonymous', '--json')).stdout);
    const csv = join(dir, 'deelnemers.csv');
    writeFileSync(csv, 'email;organisatie\nanna@example.nl;Politie\nbert@example.nl;Gemeente\n');
    await cli('participants', 'import', '--wave', created.id, csv);
    const { db } = openDatabase(join(dir, 'cli.db'));
    try {
      await db.updateTable('participants').set({ opted_out_at: '2030-03-02T10:00:00.000Z' }).where('email', '=', 'bert@example.nl').execute();
    } finally {
      await db.destroy();
    }
    const res = await cli('wave', 'copy', '--from', created.id, '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({
      from: created.id,
      participants: 1,
      left: [{ email: 'bert@example.nl', reason: 'heeft zich afgemeld; wordt niet opnieuw uitgenodigd' }],
      wave: { state: 'concept', title: `${created.title} (nieuwe ronde)`, reminder_days: [10], min_cell_size: 7, anonymous: true, questionnaire_version: '1.0' },
    });
    expect(Date.parse(out.wave.opens_at)).toBeGreaterThan(Date.now());
    expect(out.wave.opens_at.slice(5, 10)).toBe('02-28');
    const list = JSON.parse((await cli('wave', 'list', '--json')).stdout);
    expect(list.find((w: { id: string }) => w.id === out.wave.id)).toMatchObject({ participants: 1 });
    const dated = JSON.parse((await cli('wave', 'copy', '--from', created.id, '--opens', '2099-05-01', '--closes', '2099-05-31', '--no-participants', '--json')).stdout);
    expect(dated).toMatchObject({ participants: 0, wave: { opens_at: '2099-04-30T22:00:00.000Z', closes_at: '2099-05-31T21:59:59.999Z' } });
  });
});

describe('test waves on the command line', () => {
  it('wave create --test makes a test wave; wave mark-test --off and on change it, audit-logged before and after', async () => {
    await cli('house', 'create', '--name', 'Veiligheidshuis Proef', '--json');
    const res = await cli('wave', 'create', '--questionnaire', 'stappenmeter-doelbereik', '--house', 'Veiligheidshuis Proef', '--opens', '2030-11-15', '--closes', '2030-12-20', '--test', '--json');
    expect(res.code).toBe(0);
    const wave = JSON.parse(res.stdout);
    expect(wave.test).toBe(true);
    expect((await cli('wave', 'list')).stdout).toContain('[testronde]');

    const off = await cli('wave', 'mark-test', '--wave', wave.id, '--off', '--json');
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout).test).toBe(false);
    const on = await cli('wave', 'mark-test', '--wave', wave.id);
    expect(on.code).toBe(0);
    expect(on.stdout).toContain('is a test wave');

    const { db } = openDatabase(join(dir, 'cli.db'));
    try {
      const entries = await db.selectFrom('audit_log').select(['action', 'details']).where('action', 'in', ['wave_created', 'wave_updated']).orderBy('id').execute();
      expect(entries.map((e) => [e.action, JSON.parse(e.details).is_test ?? JSON.parse(e.details).changes?.is_test])).toEqual([
        ['wave_created', 1],
        ['wave_updated', { before: 1, after: 0 }],
        ['wave_updated', { before: 0, after: 1 }],
      ]);
    } finally {
      await db.destroy();
    }
    expect((await cli('wave', 'mark-test', '--wave', 'nietbestaand')).code).toBe(1);
  });
});
