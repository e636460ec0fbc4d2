/**
 * The migration to houses and grants keeps every wave, account and audit entry: free-text houses
 * become house records (identical names one house, near duplicates listed for a researcher to
 * merge), researchers and evaluators become landelijk onderzoeker and landelijk evaluator.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { findInvitationContext } from '../../server/db/repositories/invitations.js';
import { findWave } from '../../server/db/repositories/waves.js';
import { hashToken } from '../../server/security/tokens.js';
import { allHouses, nearDuplicates } from '../../server/services/houses.js';
import { columns, databaseAt } from '../helpers/migrations.js';

describe('2026_12_02_0640_houses_grants', () => {
  it('turns free-text houses into houses, merging identical names and listing near duplicates', async () => {
    const db = await databaseAt('2026_11_22_2100_snapshot_last');
    const wave = (id: string, house: string) => ({
      id,
      questionnaire_id: 'stappenmeter-doelbereik',
      questionnaire_version: '2026-1',
      title: `Ronde ${id}`,
      house,
      opens_at: '2026-11-01T00:00:00.000Z',
      closes_at: '2026-12-01T00:00:00.000Z',
      anonymous: 1,
      allow_edit: 0,
      reminder_days: '[7]',
      sender_name: 'Onderzoek',
      sender_email: 'onderzoek@example.nl',
      invitation_subject: 'Uitnodiging',
      invitation_template: 'Beste',
      reminder_subject: 'Herinnering',
      reminder_template: 'Nogmaals',
      min_cell_size: 5,
      retention_days: null,
      open_link_hash: null,
      purged_at: null,
      created_at: `2026-10-${10 + id.length}T10:00:00.000Z`,
      questionnaire_json: JSON.stringify({ id: 'stappenmeter-doelbereik', pages: [] }),
    });
    const spellings = {
      W1: 'Veiligheidshuis Twente',
      W2: 'Veiligheidshuis Twente',
      W3: 'veiligheidshuis  twente',
      W4: 'VHH Twente',
      W5: 'Veiligheidshuis Noord-Holland Noord',
      W6: 'Veiligheidshuis Noord',
    };
    for (const [id, house] of Object.entries(spellings)) await db.insertInto('waves').values(wave(id, house)).execute();
    await db.insertInto('users').values({ id: 1, email: 'r@example.nl', name: 'R', role: 'researcher', password_hash: 'x', created_at: '2026-01-01T00:00:00.000Z' }).execute();
    await db.insertInto('users').values({ id: 2, email: 'e@example.nl', name: 'E', role: 'evaluator', password_hash: 'x', created_at: '2026-01-01T00:00:00.000Z' }).execute();
    await db.insertInto('audit_log').values({ at: '2026-11-02T10:00:00.000Z', actor: 'r@example.nl', action: 'wave_updated', details: JSON.stringify({ waveId: 'W4' }) }).execute();
    await db.insertInto('audit_log').values({ at: '2026-11-02T11:00:00.000Z', actor: 'e@example.nl', action: 'results.download', details: JSON.stringify({ wave: 'W5', format: 'csv' }) }).execute();
    await db.insertInto('participants').values({ id: 1, wave_id: 'W1', email: 'a@example.nl', name: 'A', created_at: '2026-10-30T10:00:00.000Z' }).execute();
    const token = 'T'.repeat(43);
    await db
      .insertInto('invitations')
      .values({ id: 1, wave_id: 'W1', participant_id: 1, token_hash: hashToken(token), token_nonce: 'n', status: 'invited', responses_count: 0, completed_at: null, created_at: '2026-10-30T10:00:00.000Z' })
      .execute();

    await migrateToLatest(db as Db);

    const houses = await allHouses(db as Db);
    // identical names are one house; the other spellings stay separate until a researcher merges them
    expect(houses.map((h) => [h.name, h.waves])).toEqual([
      ['veiligheidshuis  twente', 1],
      ['Veiligheidshuis Noord', 1],
      ['Veiligheidshuis Noord-Holland Noord', 1],
      ['Veiligheidshuis Twente', 2],
      ['VHH Twente', 1],
    ]);
    expect(nearDuplicates(houses).map((g) => g.map((h) => h.name))).toEqual([['veiligheidshuis  twente', 'Veiligheidshuis Twente', 'VHH Twente']]);
    const twente = houses.find((h) => h.name === 'Veiligheidshuis Twente')!;
    expect((await findWave(db as Db, 'W1'))).toMatchObject({ house_id: twente.id, house: 'Veiligheidshuis Twente' });
    expect((await findWave(db as Db, 'W2'))!.house_id).toBe(twente.id);
    // the oldest wave of a house gives its creation time
    expect(twente.created_at).toBe(wave('W1', '').created_at);

    const waveColumns = await columns(db, 'waves');
    expect(waveColumns).not.toContain('house');
    expect(waveColumns.at(-1)).toBe('questionnaire_json');
    await expect(sql`update waves set house_id = null where id = 'W1'`.execute(db)).rejects.toThrow(/house_id is required/);
    const context = await findInvitationContext(db as Db, token);
    expect(context?.wave).toMatchObject({ id: 'W1', house: 'Veiligheidshuis Twente', has_snapshot: 1 });

    expect(await columns(db, 'users')).not.toContain('role');
    expect(await db.selectFrom('grants').select(['user_id', 'kind', 'house_id']).orderBy('user_id').execute()).toEqual([
      { user_id: 1, kind: 'national-researcher', house_id: null },
      { user_id: 2, kind: 'national-evaluator', house_id: null },
    ]);

    const log = await db.selectFrom('audit_log').select(['user_id', 'wave_id', 'house_id']).orderBy('id').execute();
    expect(log).toEqual([
      { user_id: 1, wave_id: 'W4', house_id: houses.find((h) => h.name === 'VHH Twente')!.id },
      { user_id: 2, wave_id: 'W5', house_id: houses.find((h) => h.name === 'Veiligheidshuis Noord-Holland Noord')!.id },
    ]);
    // from now on the log is append-only
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set actor = 'x'`.execute(db)).rejects.toThrow(/append-only/);
  });
});
