/**
 * The respondent's use cases: from a link token to what it opens (the wave, its frozen
 * questionnaire, the invitation or open-link draft, the current draft), or the Dutch refusal
 * (unknown link 404, a concept wave or not yet open 403, closed / opted out / purged 410, not eligible 403); saving a
 * page; the final submit; starting a repeat, an edit or an open-link visitor's draft. Nothing here
 * logs a token.
 */
import type { Db } from '../db/connection.js';
import { createDraft, draftValues, findOpenDraft, findWaveByOpenLink, startDraft, storePage } from '../db/repositories/drafts.js';
import { findInvitationContext, type RespondentDraft, type RespondentInvitation } from '../db/repositories/invitations.js';
import { answersOf, responsesOfInvitation, submitResponse } from '../db/repositories/responses.js';
import { findWaveAbout, keptWaveQuestionnaire, openedWaveQuestionnaire, type RespondentWave, type WaveAbout } from '../db/repositories/waves.js';
import { scheduleWalScrub } from '../db/scrub.js';

export type { WaveAbout };
import { waveState } from '../domain/fieldwork/waveState.js';
import { dutchDay } from '../domain/format/nl.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import type { Values } from '../domain/questionnaire/variables.js';
import { isComplete } from '../domain/respondent/completion.js';
import { firstPage } from '../domain/respondent/pages.js';
import { repeatRound, type RepeatRound } from '../domain/respondent/repeat.js';
import { notEligible, notLaunched, notYetOpen, optedOut, surveyClosed, surveyPurged, unknownSurveyLink } from '../errors.js';
import { hashToken } from '../security/tokens.js';
import type { SentResponse } from './sentAnswers.js';

/** What a respondent's link opens. */
export interface RespondentLink {
  /** An invitation link, an open link, or a preview (which stores nothing: services/preview.ts). */
  kind: 'invitation' | 'open' | 'preview';
  wave: RespondentWave;
  questionnaire: Questionnaire;
  invitation: RespondentInvitation | null;
  participantId: number | null;
  draft: RespondentDraft | undefined;
  /** What the CSRF field is an HMAC of: the invitation's token hash, or the open-link draft id. */
  csrfSubject: string;
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
  if (state === 'concept') throw notLaunched();
  if (state === 'scheduled') throw notYetOpen(dutchDateTime(wave.opens_at));
  if (state === 'closed') throw surveyClosed(dutchDateTime(wave.closes_at), completed);
}

async function frozenQuestionnaire(db: Db, wave: RespondentWave, now: Date): Promise<Questionnaire> {
  const questionnaire = await openedWaveQuestionnaire(db, wave, now);
  if (!questionnaire) throw unknownSurveyLink();
  return questionnaire;
}

/** What an invitation link opens, or the Dutch refusal. */
export async function openInvitationLink(db: Db, token: string, now: Date): Promise<RespondentLink> {
  const found = await findInvitationContext(db, token);
  if (!found) throw unknownSurveyLink();
  const { invitation, wave, participant, draft } = found;
  if (participant.opted_out_at) throw optedOut();
  if (participant.eligible === 0) throw notEligible();
  assertWaveOpen(wave, now, invitation.status === 'completed');
  // kept since the wave opened: no promise (every respondent request asks)
  const questionnaire = keptWaveQuestionnaire(db, wave, now) ?? (await frozenQuestionnaire(db, wave, now));
  return { kind: 'invitation', wave, questionnaire, invitation, participantId: participant.id, draft, csrfSubject: invitation.token_hash };
}

/** What an open link opens for a visitor whose cookie holds `draftId` (if any), or the Dutch refusal. */
export async function openOpenLink(db: Db, token: string, draftId: string | undefined, now: Date): Promise<RespondentLink> {
  const wave = await findWaveByOpenLink(db, token);
  if (!wave) throw unknownSurveyLink();
  assertWaveOpen(wave, now, false);
  // kept since the wave opened: no promise (every respondent request asks)
  const questionnaire = keptWaveQuestionnaire(db, wave, now) ?? (await frozenQuestionnaire(db, wave, now));
  const draft = draftId ? await findOpenDraft(db, draftId, wave.id) : undefined;
  return {
    kind: 'open',
    wave,
    questionnaire,
    invitation: null,
    participantId: null,
    draft,
    // before a draft exists the only form is "Beginnen"; its token is bound to the link itself
    csrfSubject: draft ? draft.id : `open:${hashToken(token)}`,
  };
}

/**
 * What a draft records as its save time: the moment in a non-anonymous wave, only the day in an
 * anonymous one (nothing anonymous is stored with a time finer than the day).
 */
export function draftTime(wave: { anonymous: 0 | 1 }, now: Date): string {
  return wave.anonymous === 1 ? dutchDay(now) : now.toISOString();
}

/** Who asks and what happens to the data: for the intro page and the statements. */
export async function waveAbout(db: Db, waveId: string): Promise<WaveAbout> {
  const about = await findWaveAbout(db, waveId);
  if (!about) throw unknownSurveyLink();
  return about;
}

/** What a link is about, for the privacy and accessibility statements: also when the wave is not open (yet), but never for an unknown link. */
export async function linkStatement(db: Db, kind: 'invitation' | 'open', token: string): Promise<{ wave: RespondentWave; about: WaveAbout; participantId: number | null }> {
  if (kind === 'invitation') {
    const found = await findInvitationContext(db, token);
    if (!found) throw unknownSurveyLink();
    return { wave: found.wave, about: await waveAbout(db, found.wave.id), participantId: found.participant.id };
  }
  const wave = await findWaveByOpenLink(db, token);
  if (!wave) throw unknownSurveyLink();
  return { wave, about: await waveAbout(db, wave.id), participantId: null };
}

/** The answers saved so far ({} without a draft). */
export function savedAnswers(link: Pick<RespondentLink, 'draft'>): Values {
  return link.draft ? draftValues(link.draft) : {};
}

/** Save a page of answers (creating the invitation's draft on its first save); returns the draft id. */
export async function savePage(db: Db, link: RespondentLink, values: Values, page: number, now: Date): Promise<string> {
  const target = link.draft
    ? { draft: link.draft, started: link.invitation !== null && link.invitation.status !== 'invited' }
    : { create: { waveId: link.wave.id, invitationId: link.invitation?.id ?? null } };
  return storePage(db, target, values, page, draftTime(link.wave, now));
}

/**
 * Store the response of the draft `draftId` (the whole response re-checked by the caller): its
 * answers, and the contact answers apart. A second submit of the same draft changes nothing.
 * Returns whether this call stored it (not a second click) and whether it is complete under the
 * questionnaire's completion rule. In an anonymous wave the log is truncated soon after, so no old
 * page image of the draft stays in it.
 */
export async function submit(
  db: Db,
  link: RespondentLink,
  draftId: string,
  answers: { answers: Values; contact: Values },
  now: Date,
): Promise<{ stored: boolean; complete: boolean }> {
  const complete = isComplete(link.questionnaire, answers.answers);
  if (link.wave.anonymous === 1) scheduleWalScrub(db);
  const outcome = await submitResponse(db, {
    wave: link.wave,
    questionnaire: link.questionnaire,
    draft: { id: draftId, invitation_id: link.invitation?.id ?? null, response_id: link.draft?.response_id ?? null },
    participantId: link.participantId,
    answers: answers.answers,
    contact: answers.contact,
    complete,
    now,
  });
  return { stored: outcome.status === 'submitted', complete };
}

/**
 * The answers of the responses sent earlier under this invitation, oldest first: from the database
 * where responses are linked to it, else (anonymous waves) only what this browser session sent.
 */
async function earlierAnswers(db: Db, link: RespondentLink, session: readonly SentResponse[]): Promise<Values[]> {
  if (!link.invitation) return [];
  if (link.wave.anonymous === 1) return session.map((r) => r.values);
  const responses = await responsesOfInvitation(db, link.invitation.id);
  return Promise.all(responses.map((r) => answersOf(db, r.id)));
}

/**
 * The round of a repeat draft (the second, third, … response under the invitation), or null for any
 * other draft. `session` (what this browser sent) is only asked for a repeat: most pages are not one.
 */
export function repeatOf(db: Db, link: RespondentLink, session: () => readonly SentResponse[]): Promise<RepeatRound | null> | null {
  const { invitation, draft } = link;
  // most drafts are no repeat: answered without a promise
  if (!invitation || !draft || draft.response_id !== null || invitation.responses_count < 1 || !link.questionnaire.repeat?.enabled) return null;
  return earlierAnswers(db, link, session()).then((earlier) => repeatRound(link.questionnaire, invitation.responses_count + 1, earlier));
}

/** What the thank-you page offers: another response (repeat for another target, saying which were done) and editing the responses given. */
export async function afterSubmitOptions(
  db: Db,
  link: RespondentLink,
  session: readonly SentResponse[] = [],
): Promise<{ repeat: boolean; done: string[]; edits: Array<{ id: string; submittedOn: string }> }> {
  const { invitation } = link;
  if (!invitation) return { repeat: false, done: [], edits: [] };
  const repeat = link.questionnaire.repeat;
  const canRepeat = repeat?.enabled === true && invitation.responses_count < repeat.maxResponses;
  const done = canRepeat ? repeatRound(link.questionnaire, invitation.responses_count + 1, await earlierAnswers(db, link, session)).doneLabels : [];
  // anonymous responses carry no link to the invitation, so they cannot be found again to edit
  const canEdit = link.wave.anonymous === 0 && link.wave.allow_edit === 1;
  const edits = canEdit ? (await responsesOfInvitation(db, invitation.id)).map((r) => ({ id: r.id, submittedOn: r.submitted_on })) : [];
  return { repeat: canRepeat, done, edits };
}

/** Start a fresh draft under the invitation (a repeat); returns its first page. */
export async function startRepeat(db: Db, link: RespondentLink, now: Date): Promise<number> {
  const page = firstPage(link.questionnaire, {});
  await startDraft(db, { waveId: link.wave.id, invitationId: link.invitation?.id ?? null, values: {}, page }, draftTime(link.wave, now));
  return page;
}

/** Start a draft that edits the given response, with its stored answers; returns its first page. */
export async function startEdit(db: Db, link: RespondentLink, responseId: string, now: Date): Promise<number> {
  const values = await answersOf(db, responseId);
  const page = firstPage(link.questionnaire, values);
  await startDraft(db, { waveId: link.wave.id, invitationId: link.invitation?.id ?? null, values, page, responseId }, draftTime(link.wave, now));
  return page;
}

/** An open-link visitor's new draft, on the first page; returns its id (for the visitor's cookie) and the page. */
export async function startOpenDraft(db: Db, link: RespondentLink, now: Date): Promise<{ draftId: string; page: number }> {
  const page = firstPage(link.questionnaire, {});
  const draft = await createDraft(db, { waveId: link.wave.id, invitationId: null, values: {}, page }, draftTime(link.wave, now));
  return { draftId: draft.id, page };
}
