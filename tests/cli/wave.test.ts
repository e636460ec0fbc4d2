import { mkdtempSync, rmSync } from 'node:fs';
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
  it('creates a wave with the questionnaire snapshot and prints it as JSON with its id', async () => {
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
      state: 'scheduled',
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

  it('opens now when --opens is left out and defaults to non-anonymous', async () => {
    const house = JSON.parse((await cli('house', 'create', '--name', 'Veiligheidshuis Twente', '--json')).stdout);
    const before = Date.now();
    // the house by its id this time
    const res = await cli('wave', 'create', '--questionnaire', 'breedtescan-ketenmanagers', '--house', String(house.id), '--closes', '2099-01-31', '--json');
    expect(res.code).toBe(0);
    const wave = JSON.parse(res.stdout);
    expect(Date.parse(wave.opens_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(wave).toMatchObject({ state: 'open', anonymous: false, reminder_days: [7, 14, 21] });
  });

  it('refuses bad options with exit code 2 and an unknown questionnaire with 1', async () => {
    await cli('house', 'create', '--name', 'X');
    const missing = await cli('wave', 'create', '--house', 'X', '--closes', '2099-01-01');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--questionnaire <id> is required');
    const bad = await cli('wave', 'create', '--questionnaire', 'stappenmeter-doelbereik', '--house', 'X', '--closes', '2099-13-01', '--reminders', '7,zeven');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--closes: Vul een geldige datum in');
    expect(bad.stderr).toContain('--reminders:');
    // a house that is not a record: refused with the way to make it, nothing created
    const noHouse = await cli('wave', 'create', '--questionnaire', 'stappenmeter-doelbereik', '--house', 'VHH Nergens', '--closes', '2099-01-01');
    expect(noHouse.code).toBe(1);
    expect(noHouse.stderr).toContain('No house "VHH Nergens"');
    expect(noHouse.stderr).toContain('house create --name');
    expect(JSON.parse((await cli('wave', 'list', '--json')).stdout)).toEqual([]);
    const unknown = await cli('wave', 'create', '--questionnaire', 'bestaat-niet', '--house', 'X', '--closes', '2099-01-01');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No questionnaire "bestaat-niet"');
  });
});
