/**
 * A closed Stappenmeter wave with many responses, stored the way respondents store them (a draft,
 * then the final submit: the repositories' own statements), in transactions of 500 responses so
 * that 100,000 take seconds rather than minutes. Each response gets a participant and an invitation
 * (so the response rates have a participant list), and a few participants more never answered.
 */
import type { FastifyInstance } from 'fastify';
import { transaction } from '../../server/db/connection.js';
import type { Wave } from '../../server/db/database.js';
import { storePage } from '../../server/db/repositories/drafts.js';
import { insertParticipants } from '../../server/db/repositories/participants.js';
import { submitResponse } from '../../server/db/repositories/responses.js';
import type { Values } from '../../server/domain/questionnaire/variables.js';
import { isComplete } from '../../server/domain/respondent/completion.js';
import { latestVersion } from '../../server/services/questionnaires.js';
import { draftTime } from '../../server/services/respondent.js';
import { stappenmeterResponses } from '../analysis/synthetic.js';
import { log } from './child.js';
import { createBenchWave } from './wave.js';

const DAY = 24 * 3600 * 1000;
const CHUNK = 500;

export interface ClosedWaveOptions {
  anonymous?: boolean;
  /** The house (by name; made when missing) and the wave's title; default the bench wave's. */
  house?: string;
  title?: string;
  /** The fieldwork period; default from 36 days to one day before the app's clock. */
  opens?: Date;
  closes?: Date;
  /** People on the list (default n + n/10). */
  participants?: number;
  /** Seed of the synthetic answers (default the analysis benchmark's). */
  seed?: number;
}

/** The wave, closed a day before the app's clock (unless told other dates), with `n` responses and n + n/10 participants (unless told). */
export async function closedWaveWithResponses(app: FastifyInstance, n: number, options: ClosedWaveOptions = {}): Promise<{ wave: Wave; responses: Values[] }> {
  const questionnaire = (await latestVersion(app.db, 'stappenmeter-doelbereik'))?.questionnaire;
  if (!questionnaire) throw new Error('no Stappenmeter questionnaire');
  const now = app.now();
  const start = performance.now();
  const closes = options.closes ?? new Date(now.getTime() - DAY);
  const opens = options.opens ?? new Date(closes.getTime() - 35 * DAY);
  const wave = await createBenchWave(app.db, questionnaire, new Date(opens.getTime() - 4 * DAY), {
    anonymous: options.anonymous !== false,
    opens,
    closes,
    ...(options.house ? { house: options.house } : {}),
    ...(options.title ? { title: options.title } : {}),
  });
  const people = Array.from({ length: options.participants ?? n + Math.ceil(n / 10) }, (_, i) => ({
    email: `partner.${i}@organisatie${i % 50}.example.nl`,
    name: `Partner ${i}`,
    attributes: { organisatie: `Organisatie ${i % 50}`, beroepsgroep: ['politie', 'OM', 'gemeente', 'zorg'][i % 4]! },
  }));
  const participantIds = await insertParticipants(app.db, app.secrets, wave.id, people, opens);
  const invitations = new Map(
    (await app.db.selectFrom('invitations').select(['id', 'participant_id']).where('wave_id', '=', wave.id).execute()).map((i) => [i.participant_id, i.id]),
  );
  const responses = stappenmeterResponses(questionnaire, n, options.seed);
  for (let from = 0; from < n; from += CHUNK) {
    await transaction(app.db, async (trx) => {
      for (let i = from; i < Math.min(n, from + CHUNK); i++) {
        const at = new Date(opens.getTime() + (i / n) * (closes.getTime() - opens.getTime()) * 0.9);
        const participantId = participantIds[i]!;
        const invitationId = invitations.get(participantId)!;
        const draftId = await storePage(trx, { create: { waveId: wave.id, invitationId } }, responses[i]!, 1, draftTime(wave, at));
        const outcome = await submitResponse(trx, {
          wave,
          questionnaire,
          draft: { id: draftId, invitation_id: invitationId, response_id: null },
          participantId,
          answers: responses[i]!,
          complete: isComplete(questionnaire, responses[i]!),
          contact: {},
          now: at,
        });
        if (outcome.status !== 'submitted') throw new Error('a response was not stored');
      }
    });
  }
  log(`closed wave with ${n.toLocaleString('en')} responses stored in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return { wave, responses };
}
