/**
 * The wave the benchmarks run on: an anonymous (unless told otherwise) Stappenmeter wave of a Veiligheidshuis that opened a
 * moment ago (so invitations are due at once) and stays open for five weeks (unless told other dates), with the Dutch default
 * texts and three reminders.
 */
import type { Db } from '../../server/db/connection.js';
import type { Wave } from '../../server/db/database.js';
import { findHouseByName, insertHouse } from '../../server/db/repositories/houses.js';
import { createWave } from '../../server/db/repositories/waves.js';
import { defaultWaveTexts } from '../../server/domain/fieldwork/defaultTexts.js';
import type { Questionnaire } from '../../server/domain/questionnaire/normalize.js';

const DAY = 24 * 3600 * 1000;

const HOUSE = 'Veiligheidshuis Noord-Holland Noord';

/** The bench wave (of `options.house`, made if missing; default the Noord-Holland Noord house). */
export async function createBenchWave(
  db: Db,
  questionnaire: Questionnaire,
  now: Date,
  options: { anonymous?: boolean; opens?: Date; closes?: Date; house?: string; title?: string } = {},
): Promise<Wave> {
  const name = options.house ?? HOUSE;
  const house = (await findHouseByName(db, name)) ?? (await insertHouse(db, { name, region: null, municipalities: [] }, now));
  return createWave(
    db,
    questionnaire,
    {
      title: options.title ?? 'Partnerenquête 2026',
      house_id: house.id,
      opens_at: (options.opens ?? new Date(now.getTime() - 60_000)).toISOString(),
      closes_at: (options.closes ?? new Date(now.getTime() + 35 * DAY)).toISOString(),
      anonymous: options.anonymous === false ? 0 : 1,
      allow_edit: 0,
      reminder_days: '[7,14,21]',
      sender_name: name,
      sender_email: 'onderzoek@veiligheidshuis.example',
      ...defaultWaveTexts,
      retention_days: null,
      open_link_hash: null,
      launched_at: now.toISOString(),
      purged_at: null,
    },
    now,
  );
}
