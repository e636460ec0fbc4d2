/**
 * From a token in the URL to the respondent's session: the wave, its frozen questionnaire, the
 * invitation (or open-link draft) and the current draft. Every refusal is a Dutch page with a fitting
 * status: unknown link 404, not yet open 403, closed / opted out 410. Nothing here logs the token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findOpenDraft, findWaveByOpenLink } from '../../db/repositories/drafts.js';
import { findInvitationContext, type RespondentDraft, type RespondentInvitation } from '../../db/repositories/invitations.js';
import { openedWaveQuestionnaire, type RespondentWave } from '../../db/repositories/waves.js';
import { waveState } from '../../domain/fieldwork/waveState.js';
import { formatDutchDateTime } from '../../domain/format/nl.js';
import type { Questionnaire } from '../../domain/questionnaire/normalize.js';
import { AppError, forbidden, gone } from '../../errors.js';
import { hashToken } from '../../plugins/secrets.js';

export interface Session {
  kind: 'invitation' | 'open';
  /** URL prefix of every page of this link: `/r/<token>` or `/o/<token>`. */
  base: string;
  wave: RespondentWave;
  questionnaire: Questionnaire;
  invitation: RespondentInvitation | null;
  participantId: number | null;
  draft: RespondentDraft | undefined;
  /** What the CSRF field is an HMAC of: the invitation's token hash, or the open-link draft id. */
  csrfSubject: string;
}

const CSRF_PURPOSE = 'csrf-respondent';

/** Signed CSRF values kept per secret and subject; past this many subjects the cache starts afresh. */
const CSRF_CACHE_SIZE = 10_000;
const csrfCache = new WeakMap<FastifyInstance['secrets'], Map<string, Buffer>>();

// the HMAC of a subject never changes, and every page GET signs it and every POST checks it again
function expectedCsrf(app: FastifyInstance, subject: string): Buffer {
  let cache = csrfCache.get(app.secrets);
  if (!cache) {
    cache = new Map();
    csrfCache.set(app.secrets, cache);
  }
  let value = cache.get(subject);
  if (!value) {
    if (cache.size >= CSRF_CACHE_SIZE) cache.clear();
    value = Buffer.from(app.secrets.sign(CSRF_PURPOSE, subject));
    cache.set(subject, value);
  }
  return value;
}

/** The value of the hidden `_csrf` field on this session's forms. */
export function csrfToken(app: FastifyInstance, s: Pick<Session, 'csrfSubject'>): string {
  return expectedCsrf(app, s.csrfSubject).toString();
}

/** Refuse a POST whose `_csrf` field is missing or not this session's. */
export function checkCsrf(app: FastifyInstance, s: Pick<Session, 'csrfSubject'>, body: unknown): void {
  const presented = body && typeof body === 'object' ? (body as Record<string, unknown>)._csrf : undefined;
  const expected = expectedCsrf(app, s.csrfSubject);
  const given = typeof presented === 'string' && presented !== '' ? Buffer.from(presented) : undefined;
  // constant-time comparison, as app.secrets.verify does
  if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw forbidden(
      'Dit formulier kon niet worden verwerkt: het is verlopen of niet via deze vragenlijst verstuurd. Open de link uit de e-mail opnieuw; uw eerder opgeslagen antwoorden zijn bewaard.',
    );
  }
}

function unknownLink(): AppError {
  return new AppError(
    404,
    'UNKNOWN_LINK',
    'Deze link is niet (meer) geldig. Controleer of u de volledige link uit de uitnodiging hebt gebruikt; soms breekt een e-mailprogramma een lange link af.',
    'Link niet gevonden',
  );
}

/** Refuse a wave that is not accepting answers now. */
function assertWaveOpen(wave: RespondentWave, now: Date, completed: boolean): void {
  if (!wave.has_snapshot) throw new AppError(403, 'NOT_YET_OPEN', 'Deze vragenlijst is nog niet geopend.', 'Nog niet geopend');
  if (wave.purged_at) throw gone('Dit onderzoek is afgesloten en de gegevens zijn verwijderd.');
  const state = waveState(wave, now);
  if (state === 'scheduled') {
    throw new AppError(403, 'NOT_YET_OPEN', `De vragenlijst is nog niet geopend. U kunt haar invullen vanaf ${formatDutchDateTime(wave.opens_at)}.`, 'Nog niet geopend');
  }
  if (state === 'closed') {
    const thanks = completed ? ' U hebt de vragenlijst ingevuld: hartelijk dank voor uw deelname.' : '';
    throw new AppError(410, 'CLOSED', `De vragenlijst is gesloten sinds ${formatDutchDateTime(wave.closes_at)}.${thanks}`, 'Vragenlijst gesloten');
  }
}

/** The session of an invitation link, or the Dutch refusal. */
export async function invitationSession(app: FastifyInstance, token: string): Promise<Session> {
  const found = await findInvitationContext(app.db, token);
  if (!found) throw unknownLink();
  const { invitation, wave, participant, draft } = found;
  if (participant.opted_out_at) {
    throw new AppError(410, 'OPTED_OUT', 'U hebt zich afgemeld voor dit onderzoek. U ontvangt hierover geen berichten meer en deze link werkt niet meer.', 'Afgemeld');
  }
  if (participant.eligible === 0) {
    throw new AppError(403, 'NOT_ELIGIBLE', 'Volgens onze gegevens valt u buiten de groep voor wie deze vragenlijst bedoeld is. Denkt u dat dit niet klopt, neem dan contact op met de afzender van de uitnodiging.', 'Geen toegang');
  }
  assertWaveOpen(wave, app.now(), invitation.status === 'completed');
  const questionnaire = await openedWaveQuestionnaire(app.db, wave, app.now());
  if (!questionnaire) throw unknownLink();
  return {
    kind: 'invitation',
    base: `/r/${token}`,
    wave,
    questionnaire,
    invitation,
    participantId: participant.id,
    draft,
    csrfSubject: invitation.token_hash,
  };
}

/** Name of the cookie that holds an open-link visitor's draft id (scoped to the link's path). */
export const OPEN_DRAFT_COOKIE = 'vh_concept';

/** The session of an open link; the draft comes from the visitor's cookie. */
export async function openSession(app: FastifyInstance, token: string, request: FastifyRequest): Promise<Session> {
  const wave = await findWaveByOpenLink(app.db, token);
  if (!wave) throw unknownLink();
  assertWaveOpen(wave, app.now(), false);
  const questionnaire = await openedWaveQuestionnaire(app.db, wave, app.now());
  if (!questionnaire) throw unknownLink();
  const draftId = request.cookies[OPEN_DRAFT_COOKIE];
  const draft = draftId ? await findOpenDraft(app.db, draftId, wave.id) : undefined;
  return {
    kind: 'open',
    base: `/o/${token}`,
    wave,
    questionnaire,
    invitation: null,
    participantId: null,
    draft,
    // before a draft exists the only form is "Beginnen"; its token is bound to the link itself
    csrfSubject: draft ? draft.id : `open:${hashToken(token)}`,
  };
}

/** Set the open-link draft cookie: httpOnly, only sent to this link's pages, until the wave closes. */
export function setOpenDraftCookie(app: FastifyInstance, reply: FastifyReply, s: Session, draftId: string): void {
  reply.setCookie(OPEN_DRAFT_COOKIE, draftId, {
    path: s.base,
    httpOnly: true,
    sameSite: 'lax',
    secure: app.config.baseUrl.startsWith('https:'),
    expires: new Date(s.wave.closes_at),
  });
}

export function clearOpenDraftCookie(reply: FastifyReply, s: Session): void {
  reply.clearCookie(OPEN_DRAFT_COOKIE, { path: s.base });
}
