/**
 * From a token in the URL to the respondent's session: the wave, its frozen questionnaire, the
 * invitation (or open-link draft) and the current draft. Every refusal is a Dutch page with a fitting
 * status: unknown link 404, not yet open 403, closed / opted out 410. Nothing here logs the token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findOpenDraft, findWaveByOpenLink } from '../../db/repositories/drafts.js';
import { findInvitationContext, type RespondentDraft, type RespondentInvitation } from '../../db/repositories/invitations.js';
import { openedWaveQuestionnaire, type RespondentWave } from '../../db/repositories/waves.js';
import { waveState } from '../../domain/fieldwork/waveState.js';
import type { Questionnaire } from '../../domain/questionnaire/normalize.js';
import { notEligible, notYetOpen, optedOut, respondentFormInvalid, surveyClosed, surveyPurged, unknownSurveyLink } from '../../errors.js';
import { csrfTokens } from '../../security/csrf.js';
import { hashToken } from '../../security/tokens.js';

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

/** The value of the hidden `_csrf` field on this session's forms. */
export function csrfToken(app: FastifyInstance, s: Pick<Session, 'csrfSubject'>): string {
  return csrfTokens(app.secrets, CSRF_PURPOSE).token(s.csrfSubject);
}

/** Refuse a POST whose `_csrf` field is missing or not this session's. */
export function checkCsrf(app: FastifyInstance, s: Pick<Session, 'csrfSubject'>, body: unknown): void {
  const presented = body && typeof body === 'object' ? (body as Record<string, unknown>)._csrf : undefined;
  if (!csrfTokens(app.secrets, CSRF_PURPOSE).check(s.csrfSubject, presented)) throw respondentFormInvalid();
}

const dateFormat = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });

/** A moment as Dutch respondents read it: "1 december 2026 om 09:00". */
export function dutchDateTime(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** Refuse a wave that is not accepting answers now. */
function assertWaveOpen(wave: RespondentWave, now: Date, completed: boolean): void {
  if (!wave.has_snapshot) throw notYetOpen();
  if (wave.purged_at) throw surveyPurged();
  const state = waveState(wave, now);
  if (state === 'scheduled') throw notYetOpen(dutchDateTime(wave.opens_at));
  if (state === 'closed') throw surveyClosed(dutchDateTime(wave.closes_at), completed);
}

/** The session of an invitation link, or the Dutch refusal. */
export async function invitationSession(app: FastifyInstance, token: string): Promise<Session> {
  const found = await findInvitationContext(app.db, token);
  if (!found) throw unknownSurveyLink();
  const { invitation, wave, participant, draft } = found;
  if (participant.opted_out_at) throw optedOut();
  if (participant.eligible === 0) throw notEligible();
  assertWaveOpen(wave, app.now(), invitation.status === 'completed');
  const questionnaire = await openedWaveQuestionnaire(app.db, wave, app.now());
  if (!questionnaire) throw unknownSurveyLink();
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
  if (!wave) throw unknownSurveyLink();
  assertWaveOpen(wave, app.now(), false);
  const questionnaire = await openedWaveQuestionnaire(app.db, wave, app.now());
  if (!questionnaire) throw unknownSurveyLink();
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
