import type { FastifyInstance } from 'fastify';
import type { Participant, Wave } from '../../server/db/database.js';
import { createInvitation } from '../../server/db/repositories/invitations.js';
import { findHouseByName, insertHouse } from '../../server/db/repositories/houses.js';
import { createWave, type WaveInput } from '../../server/db/repositories/waves.js';
import { defaultWaveTexts } from '../../server/domain/fieldwork/defaultTexts.js';
import { storedQuestionnaire } from './app.js';

/** The house of this name, created when it is not there yet; its id. */
export async function makeHouse(app: FastifyInstance, name = 'Veiligheidshuis Testregio'): Promise<number> {
  const existing = await findHouseByName(app.db, name);
  return existing ? existing.id : (await insertHouse(app.db, { name, region: null, municipalities: [] }, app.now())).id;
}

/**
 * A launched wave of a loaded questionnaire, open from a day before the app's clock to a month after,
 * of the house `house` (a name; created when new) or `house_id` (`launched_at: null` for a concept).
 */
export async function makeWave(app: FastifyInstance, questionnaireId: string, overrides: Partial<WaveInput> & { house?: string } = {}): Promise<Wave> {
  const questionnaire = await storedQuestionnaire(app, questionnaireId);
  const now = app.now();
  const day = 24 * 3600 * 1000;
  const { house, ...rest } = overrides;
  const houseId = rest.house_id ?? (await makeHouse(app, house));
  return createWave(
    app.db,
    questionnaire,
    {
      title: 'Testronde',
      house_id: houseId,
      opens_at: new Date(now.getTime() - day).toISOString(),
      closes_at: new Date(now.getTime() + 30 * day).toISOString(),
      anonymous: 1,
      allow_edit: 0,
      reminder_days: '[7,14,21]',
      sender_name: 'Onderzoeksteam',
      sender_email: 'onderzoek@veiligheidshuis.test',
      ...defaultWaveTexts,
      retention_days: null,
      open_link_hash: null,
      purged_at: null,
      launched_at: now.toISOString(),
      ...rest,
    },
    now,
  );
}

let counter = 0;

/** A participant with an invitation; returns the participant and the token of its link. */
export async function makeInvitee(
  app: FastifyInstance,
  wave: Wave,
  overrides: Partial<{ email: string; name: string | null; attributes: Record<string, string> }> = {},
): Promise<{ participant: Participant; token: string; invitationId: number }> {
  counter += 1;
  const participant = await app.db
    .insertInto('participants')
    .values({
      wave_id: wave.id,
      email: overrides.email ?? `partner${counter}@example.test`,
      name: overrides.name === undefined ? `Partner ${counter}` : overrides.name,
      attributes: JSON.stringify(overrides.attributes ?? {}),
      ineligible_reason: null,
      opted_out_at: null,
      bounced_at: null,
      bounce_reason: null,
      created_at: app.now().toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const { invitation, token } = await createInvitation(app.db, app.secrets, wave.id, participant.id, app.now());
  return { participant, token, invitationId: invitation.id };
}
