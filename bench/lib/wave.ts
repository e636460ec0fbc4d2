/**
 * The wave the benchmarks run on: an anonymous (unless told otherwise) Stappenmeter wave of a Veiligheidshuis that opened a
 * moment ago (so invitations are due at once) and stays open for five weeks (unless told other dates), with the Dutch default
 * texts and three reminders.
 */
import type { Db } from '../../server/db/connection.js';
import type { Wave } from '../../server/db/database.js';
import { createWave } from '../../server/db/repositories/waves.js';
import { defaultWaveTexts } from '../../server/domain/fieldwork/defaultTexts.js';
import type { Questionnaire } from '../../server/domain/questionnaire/normalize.js';

const DAY = 24 * 3600 * 1000;

export function createBenchWave(db: Db, questionnaire: Questionnaire, now: Date, options: { anonymous?: boolean; opens?: Date; closes?: Date } = {}): Promise<Wave> {
  return createWave(
    db,
    questionnaire,
    {
      title: 'Partnerenquête 2026',
      house: 'Veiligheidshuis Noord-Holland Noord',
      opens_at: (options.opens ?? new Date(now.getTime() - 60_000)).toISOString(),
      closes_at: (options.closes ?? new Date(now.getTime() + 35 * DAY)).toISOString(),
      anonymous: options.anonymous === false ? 0 : 1,
      allow_edit: 0,
      reminder_days: '[7,14,21]',
      sender_name: 'Veiligheidshuis Noord-Holland Noord',
      sender_email: 'onderzoek@veiligheidshuis.example',
      ...defaultWaveTexts,
      retention_days: null,
      open_link_hash: null,
      purged_at: null,
    },
    now,
  );
}
