/**
 * 2026_12_02_0648_launch: waves that existed before concepts did count as launched (they were
 * running under the old rules, mail and all), the snapshot stays the last column of the row, and the
 * questionnaire store and review links exist. At the first start afterwards, the snapshots of those
 * waves become versions of the store, so they can be listed, previewed and compared.
 */
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/db/migrate.js';
import { waveState } from '../../server/domain/fieldwork/waveState.js';
import { adoptWaveSnapshots, findVersion, listQuestionnaires } from '../../server/services/questionnaires.js';
import { proef } from '../helpers/proefQuestionnaire.js';
import { columns, databaseAt, migrateTo } from '../helpers/migrations.js';


describe('2026_12_02_0648_launch', () => {
  it('marks the waves that exist as launched when they were created, keeps the snapshot last, and adds the store', async () => {
    const db = await databaseAt('2026_12_02_0647_wave_sealed');
    await db.insertInto('houses').values({ id: 7, name: 'Veiligheidshuis Twente', created_at: '2026-10-30T10:00:00.000Z' }).execute();
    const snapshot = JSON.stringify(proef());
    const wave = {
      id: 'W1',
      questionnaire_id: 'proef',
      questionnaire_version: '1',
      title: 'Ronde 2026',
      house_id: 7,
      opens_at: '2026-11-01T00:00:00.000Z',
      closes_at: '2026-12-01T00:00:00.000Z',
      anonymous: 1 as const,
      allow_edit: 0 as const,
      reminder_days: '[7]',
      sender_name: 'Onderzoek',
      sender_organisation: '',
      sender_email: 'onderzoek@example.nl',
      invitation_subject: 'Uitnodiging',
      invitation_template: 'Beste',
      reminder_subject: 'Herinnering',
      reminder_template: 'Nogmaals',
      min_cell_size: 5,
      retention_days: 365,
      open_link_hash: null,
      purged_at: null,
      sealed_on: null,
      created_at: '2026-10-30T10:00:00.000Z',
      questionnaire_json: snapshot,
    };
    await db.insertInto('waves').values(wave as never).execute();

    await migrateTo(db, '2026_12_02_0648_launch');

    const after = await columns(db, 'waves');
    expect(after.at(-1)).toBe('questionnaire_json');
    expect(after).toEqual(expect.arrayContaining(['launched_at', 'launched_by']));
    const row = await db.selectFrom('waves').selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual({ ...wave, launched_at: wave.created_at, launched_by: 'migratie' });
    expect(waveState(row as typeof wave & { launched_at: string | null }, new Date('2026-11-15T00:00:00Z'))).toBe('open');
    expect(await db.selectFrom('questionnaire_versions').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('review_links').selectAll().execute()).toEqual([]);

    // the first start, with every later migration (the wave's house becomes a record): the wave's
    // snapshot becomes version proef@1 of the store
    await migrateToLatest(db);
    const ctx = { db, now: new Date('2026-12-02T06:00:00Z'), actor: { system: 'questionnaire-folder' as const } };
    expect(await adoptWaveSnapshots(ctx)).toEqual(['proef@1']);
    expect(await adoptWaveSnapshots(ctx)).toEqual([]);
    const version = await findVersion(db, 'proef', '1');
    expect(version).toMatchObject({ source: 'ronde', sourceName: 'W1', title: 'Proefvragenlijst' });
    expect(version!.questionnaire).toEqual(JSON.parse(snapshot));
    const [listed] = await listQuestionnaires(db, ctx.now);
    expect(listed!.versions[0]!.waves).toEqual([{ id: 'W1', title: 'Ronde 2026', house: 'Veiligheidshuis Twente', state: 'gesloten', is_test: 0 }]);

    await migrateTo(db, '2026_12_02_0647_wave_sealed');
    expect(await columns(db, 'waves')).not.toContain('launched_at');
  });
});
