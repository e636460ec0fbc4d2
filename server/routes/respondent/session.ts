/**
 * The HTTP side of a respondent's link: the session of a request (what services/respondent.ts
 * opens for the token, plus the link's URL prefix), the CSRF field of its forms and the open-link
 * visitor's draft cookie. Nothing here logs the token.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { respondentFormInvalid } from '../../errors.js';
import { csrfTokens } from '../../security/csrf.js';
import type { AnswerStorage } from '../../services/preview.js';
import { openInvitationLink, openOpenLink, type RespondentLink } from '../../services/respondent.js';
import type { SentResponse } from '../../services/sentAnswers.js';

export interface Session extends RespondentLink {
  /** URL prefix of every page of this link: `/r/<token>` or `/o/<token>` (a preview has its own). */
  base: string;
  /** Where answers go; the database (drafts and responses) when absent. */
  storage?: AnswerStorage;
  /** The `_csrf` value of this session's forms when it is not the respondent's own (an admin preview uses the admin session's). */
  csrf?: string;
  /** The preview's banner and panel (views/pages/respondent/_preview.eta), shown on every page of a preview. */
  preview?: unknown;
}

const CSRF_PURPOSE = 'csrf-respondent';

/** URL of page index `page` (1-based in the URL: /pagina/1 is the first page of the questionnaire). */
export function pageUrl(s: Pick<Session, 'base'>, page: number): string {
  return `${s.base}/pagina/${page + 1}`;
}

/** The value of the hidden `_csrf` field on this session's forms. */
export function csrfToken(app: Pick<FastifyInstance, 'secrets'>, s: Pick<Session, 'csrfSubject' | 'csrf'>): string {
  return s.csrf ?? csrfTokens(app.secrets, CSRF_PURPOSE).token(s.csrfSubject);
}

/** Refuse a POST whose `_csrf` field is missing or not this session's. */
export function checkCsrf(app: FastifyInstance, s: Pick<Session, 'csrfSubject'>, body: unknown): void {
  const presented = body && typeof body === 'object' ? (body as Record<string, unknown>)._csrf : undefined;
  if (!csrfTokens(app.secrets, CSRF_PURPOSE).check(s.csrfSubject, presented)) throw respondentFormInvalid();
}

/** The session of an invitation link, or the Dutch refusal. */
export async function invitationSession(app: FastifyInstance, token: string): Promise<Session> {
  // the link object is made for this request: given its base rather than copied (every respondent request)
  return Object.assign(await openInvitationLink(app.db, token, app.now()), { base: `/r/${token}` });
}

/** Name of the cookie that holds an open-link visitor's draft id (scoped to the link's path). */
export const OPEN_DRAFT_COOKIE = 'vh_concept';

/** The session of an open link; the draft comes from the visitor's cookie. */
export async function openSession(app: FastifyInstance, token: string, request: FastifyRequest): Promise<Session> {
  return { ...(await openOpenLink(app.db, token, request.cookies[OPEN_DRAFT_COOKIE], app.now())), base: `/o/${token}` };
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

/** Name of the session cookie that finds what this browser sent (services/sentAnswers.ts), scoped to the link's path. */
export const SENT_COOKIE = 'vh_verstuurd';

/** The link as the in-memory store knows it: a hash, so the token itself is not kept. */
function linkKey(s: Pick<Session, 'base'>): string {
  return createHash('sha256').update(s.base).digest('base64url');
}

/** The responses this browser sent on this link in this session (in memory only), oldest first. */
export function sessionSent(app: FastifyInstance, request: FastifyRequest, s: Pick<Session, 'base'>): SentResponse[] {
  return app.sentAnswers.sent(request.cookies[SENT_COOKIE], linkKey(s));
}

/** Keep a sent response for this browser session: a session cookie (gone when the browser closes), httpOnly, for this link only. */
export function rememberSent(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, s: Session, response: SentResponse): void {
  const id = app.sentAnswers.remember(request.cookies[SENT_COOKIE], linkKey(s), response);
  reply.setCookie(SENT_COOKIE, id, { path: s.base, httpOnly: true, sameSite: 'lax', secure: app.config.baseUrl.startsWith('https:') });
}
