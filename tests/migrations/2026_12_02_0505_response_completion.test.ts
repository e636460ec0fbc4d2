/**
 * Responses sent before completion rules existed stay complete, and an anonymous wave's totals start
 * from its completed invitations; nothing is added to the invitations.
 */
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../server/db/migrate.js';
import { columns, databaseAt } from '../helpers/migrations.js';

it('marks earlier responses complete, counts the completed invitations of anonymous waves, and adds the sender organisation before the snapshot', async () => {
  const db = await databaseAt('2026_11_22_2100_snapshot_last');
  const invitationsBefore = await columns(db, 'invitations');
  const wave = (id: string, anonymous: 0 | 1) => ({
    id,
    questionnaire_id: 'q',
    questionnaire_version: '1',
    questionnaire_json: '{"id":"q"}',
    title: 'Ronde',
    house: 'Huis',
    opens_at: '2026-11-01T00:00:00.000Z',
    closes_at: '2026-12-01T00:00:00.000Z',
    anonymous,
    allow_edit: 0 as const,
    reminder_days: '[]',
    sender_name: 'Onderzoek',
    sender_email: 'o@example.nl',
    invitation_subject: 's',
    invitation_template: 't',
    reminder_subject: 's',
    reminder_template: 't',
    retention_days: null,
    open_link_hash: null,
    purged_at: null,
    created_at: '2026-10-30T10:00:00.000Z',
  });
  await db.insertInto('waves').values([wave('A', 1), wave('N', 0)]).execute();
  for (const [i, w] of ['A', 'A', 'A', 'N'].entries()) {
    await db.insertInto('participants').values({ id: i + 1, wave_id: w, email: `p${i}@example.nl`, name: null, created_at: '2026-11-02T00:00:00.000Z' }).execute();
    await db
      .insertInto('invitations')
      .values({ id: i + 1, wave_id: w, participant_id: i + 1, token_hash: `h${i}`, token_nonce: 'n', status: i === 2 ? 'started' : 'completed', responses_count: i === 2 ? 0 : 1, completed_at: null, created_at: '2026-11-02T00:00:00.000Z' })
      .execute();
  }
  await db.insertInto('responses').values({ id: 'r1', wave_id: 'A', invitation_id: null, participant_id: null, submitted_on: '2026-11-03', submitted_at: null }).execute();

  await migrateToLatest(db);

  expect(await db.selectFrom('responses').select(['id', 'complete']).execute()).toEqual([{ id: 'r1', complete: 1 }]);
  expect(await db.selectFrom('submission_counts').selectAll().execute()).toEqual([{ wave_id: 'A', complete_persons: 2, partial_persons: 0 }]);
  expect(await columns(db, 'invitations')).toEqual(invitationsBefore);
  const waveColumns = await columns(db, 'waves');
  expect(waveColumns.at(-1)).toBe('questionnaire_json');
  expect(waveColumns).toContain('sender_organisation');
  expect(await db.selectFrom('waves').select(['id', 'sender_organisation', 'questionnaire_json']).orderBy('id').execute()).toEqual([
    { id: 'A', sender_organisation: '', questionnaire_json: '{"id":"q"}' },
    { id: 'N', sender_organisation: '', questionnaire_json: '{"id":"q"}' },
  ]);
});
