/**
 * Migrations that move data: what was stored before them is still there afterwards. Each test
 * migrates a fresh SQLite file up to the migration before the one under test, stores rows the way
 * the code of that time did, then runs the migration under test.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { findInvitationContext } from '../../server/db/repositories/invitations.js';
import { hashToken } from '../../server/security/tokens.js';
import { columns, databaseAt, migrateTo } from '../helpers/migrations.js';

describe('2026_11_22_2100_snapshot_last', () => {
  it('keeps every wave, its snapshot and its settings, with the snapshot now the last column of the row', async () => {
    const db = await databaseAt('2026_11_22_1600_contacts_without_date');
    const before = await columns(db, 'waves');
    expect(before.indexOf('questionnaire_json')).toBe(3);
    const snapshot = JSON.stringify({ id: 'stappenmeter-doelbereik', pages: Array.from({ length: 200 }, (_, i) => ({ id: `p${i}`, text: 'x'.repeat(100) })) });
    const wave = {
      id: 'W1',
      questionnaire_id: 'stappenmeter-doelbereik',
      questionnaire_version: '2026-1',
      questionnaire_json: snapshot,
      title: 'Ronde 2026',
      house: 'Veiligheidshuis Twente',
      opens_at: '2026-11-01T00:00:00.000Z',
      closes_at: '2026-12-01T00:00:00.000Z',
      anonymous: 1 as const,
      allow_edit: 0 as const,
      reminder_days: '[7]',
      sender_name: 'Onderzoek',
      sender_email: 'onderzoek@example.nl',
      invitation_subject: 'Uitnodiging',
      invitation_template: 'Beste {{naam}}',
      reminder_subject: 'Herinnering',
      reminder_template: 'Nogmaals',
      min_cell_size: 5,
      retention_days: 365,
      open_link_hash: null,
      purged_at: null,
      created_at: '2026-10-30T10:00:00.000Z',
    };
    await db.insertInto('waves').values(wave).execute();
    await db.insertInto('waves').values({ ...wave, id: 'W2', questionnaire_json: null }).execute();
    await db
      .insertInto('participants')
      .values({ id: 1, wave_id: 'W1', email: 'a@example.nl', name: 'A', created_at: wave.created_at })
      .execute();
    const token = 'T'.repeat(43);
    await db
      .insertInto('invitations')
      .values({ id: 1, wave_id: 'W1', participant_id: 1, token_hash: hashToken(token), token_nonce: 'n', status: 'started', responses_count: 0, completed_at: null, created_at: wave.created_at })
      .execute();
    await db
      .insertInto('drafts')
      .values({ id: 'D1', wave_id: 'W1', invitation_id: 1, values_json: '{"Q2":1}', page: 2, updated_at: wave.created_at, response_id: null })
      .execute();

    await migrateTo(db, '2026_11_22_2100_snapshot_last');

    const after = await columns(db, 'waves');
    expect(after.at(-1)).toBe('questionnaire_json');
    expect([...after].sort()).toEqual([...before].sort());
    const rows = await db.selectFrom('waves').selectAll().orderBy('id').execute();
    expect(rows).toEqual([wave, { ...wave, id: 'W2', questionnaire_json: null }]);
    // with every later migration too (the query reads their columns), the respondent's session query
    // still finds the invitation, its wave (with a snapshot) and draft
    await migrateToLatest(db as Db);
    const context = await findInvitationContext(db as Db, token);
    expect(context?.wave).toMatchObject({ id: 'W1', title: 'Ronde 2026', house: 'Veiligheidshuis Twente', has_snapshot: 1 });
    expect(context?.draft).toMatchObject({ id: 'D1', page: 2, values_json: '{"Q2":1}' });
    const flags = await sql<{ id: string; has: number }>`select id, typeof(questionnaire_json) <> 'null' as has from waves order by id`.execute(db);
    expect(flags.rows).toEqual([
      { id: 'W1', has: 1 },
      { id: 'W2', has: 0 },
    ]);
  });
});
