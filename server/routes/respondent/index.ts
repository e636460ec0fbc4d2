import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FormInput } from '../../domain/questionnaire/types/form.js';
import type { Values } from '../../domain/questionnaire/variables.js';
import { route, type Route } from '../../domain/questionnaire/routing.js';
import { checkPage, firstFault, firstPage, isOnRoute, nextPage, parsePage, previousPage, splitContact } from '../../domain/respondent/pages.js';
import { repeatFault, type RepeatRound } from '../../domain/respondent/repeat.js';
import { noEdit, noRepeat, notFound, sentAnswersGone, tooManyOpenStarts } from '../../errors.js';
import { windowCounter } from '../../security/windowCounter.js';
import { afterSubmitOptions, linkStatement, repeatOf, savedAnswers, savePage, startEdit, startOpenDraft, startRepeat, submit, waveAbout } from '../../services/respondent.js';
import { optOutToken } from '../../security/tokens.js';
import { renderAccessibility, renderAnswers, renderCheck, renderIntro, renderPage, renderPrivacy, renderThanks, type ThanksOptions } from './render.js';
import {
  checkCsrf,
  clearOpenDraftCookie,
  invitationSession,
  openSession,
  pageUrl,
  rememberSent,
  sessionSent,
  setOpenDraftCookie,
  type Session,
} from './session.js';

export interface RespondentRoutesOptions {
  /** Requests per minute per IP on token routes (token lookups are rate-limited). */
  rateLimitMax?: number;
}

/**
 * New drafts one client address may start per open link per hour: enough for an office behind one
 * address where everyone starts at once, far below a script's hundreds a second (a "Beginnen"
 * without the visitor's cookie makes a new draft each time).
 */
export const OPEN_STARTS_PER_HOUR = 50;

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;
type PageRequest = FastifyRequest<{ Params: { token: string; n: string } }>;
/** A page request of any kind of link (a preview's URLs have other parameters besides the page). */
export type AnyPageRequest = FastifyRequest<{ Params: { n: string } }>;

/** The page index of the URL's page number (404 for anything else). */
export function pageIndex(n: string): number {
  if (!/^[1-9]\d{0,3}$/.test(n)) throw notFound();
  return Number(n) - 1;
}

function formOf(body: unknown): FormInput {
  return body && typeof body === 'object' ? (body as FormInput) : {};
}

/** Has the respondent reached the check page (from then on they return to it)? */
export function atCheck(s: Session): boolean {
  return s.draft?.page === checkPage(s.questionnaire);
}

/** Where the respondent is: the check page, or the page they are on. */
export function resumeUrl(s: Session, values: Values): string {
  return atCheck(s) ? `${s.base}/controle` : pageUrl(s, currentPage(s, values));
}

/** The page the respondent is on: the draft's page, or the nearest earlier page still on the route. */
export function currentPage(s: Session, values: Values, r: Route = route(s.questionnaire, values)): number {
  const pages = r.pages;
  const at = s.draft?.page;
  if (at === undefined) return pages[0] ?? 0;
  return pages.includes(at) ? at : (pages.filter((p) => p < at).at(-1) ?? pages[0] ?? 0);
}

export function see(reply: FastifyReply, url: string) {
  return reply.redirect(url, 303);
}

/** Save a page of answers (creating the invitation's draft on its first save; a preview keeps them in memory); returns the draft id. */
function store(app: FastifyInstance, s: Session, values: Values, page: number): Promise<string> {
  return s.storage ? s.storage.save(values, page) : savePage(app.db, s, values, page, app.now());
}

/** GET a page: only pages on the route up to where the respondent is; anything else leads back there. */
async function showPage(app: FastifyInstance, request: PageRequest, reply: FastifyReply, s: Session) {
  const page = pageIndex(request.params.n);
  const values = savedAnswers(s);
  const r = route(s.questionnaire, values);
  const current = currentPage(s, values, r);
  if (page > current || !isOnRoute(s.questionnaire, values, page, r)) return see(reply, pageUrl(s, current));
  const query = request.query as Record<string, string | undefined>;
  const repeat = await repeatOf(app.db, s, () => sessionSent(app, request, s));
  return renderPage(app, reply, s, page, values, { notice: noticeOf(s, query), route: r, toCheck: atCheck(s), repeat });
}

/** A repeat must be about a target the earlier responses were not: the message for the target question when it is. */
function withRepeatFault(q: Session['questionnaire'], repeat: RepeatRound | null, values: Values, stored: Values, errors: Map<string, string>): Values {
  const fault = repeat ? repeatFault(q, repeat, values) : undefined;
  if (!fault || errors.has(fault.code)) return values;
  errors.set(fault.code, fault.error);
  // the refused choice is not stored: the question keeps its earlier answer
  return { ...values, [fault.code]: stored[fault.code] ?? null };
}

function noticeOf(s: Session, query: Record<string, string | undefined>): string | undefined {
  if (s.draft?.response_id != null) return 'U wijzigt uw eerder verstuurde antwoorden. Verstuur de vragenlijst opnieuw om de wijzigingen op te slaan.';
  if (query.verder !== undefined) return 'Welkom terug. U gaat verder waar u gebleven was; uw eerdere antwoorden zijn bewaard.';
  return undefined;
}

/**
 * POST a page. `_action=back` saves what is valid without requiring anything and goes back;
 * `next` validates the page (422 with the messages and every answer kept when it fails), saves it and
 * goes on, after the last page to the check page; `check` (offered once the respondent has been on
 * the check page) saves and returns there. A respondent who has reached the check page keeps it as
 * where they are, so every page stays open to them.
 */
export async function postPage(app: FastifyInstance, request: AnyPageRequest, reply: FastifyReply, s: Session) {
  const page = pageIndex(request.params.n);
  const form = formOf(request.body);
  const action = form._action === 'back' ? 'back' : form._action === 'check' ? 'check' : 'next';
  const q = s.questionnaire;
  const stored = savedAnswers(s);
  const storedRoute = route(q, stored);
  const current = currentPage(s, stored, storedRoute);
  // a stale tab posting a page that is off the route or ahead: take nothing, show where the respondent is
  if (page > current || !isOnRoute(q, stored, page, storedRoute)) return see(reply, resumeUrl(s, stored));
  const reached = atCheck(s);
  const check = checkPage(q);

  if (action === 'back') {
    const { values, route: newRoute } = parsePage(q, page, form, stored, false);
    const target = previousPage(q, values, page, newRoute) ?? page;
    await store(app, s, values, reached ? check : target);
    return see(reply, pageUrl(s, target));
  }

  const parsed = parsePage(q, page, form, stored, true);
  const { errors, route: newRoute } = parsed;
  const repeat = await repeatOf(app.db, s, () => sessionSent(app, request, s));
  const values = repeat?.target && q.pages[page]?.blocks.some((b) => b.type !== 'text' && b.code === repeat.target) ? withRepeatFault(q, repeat, parsed.values, stored, errors) : parsed.values;
  if (errors.size > 0) {
    await store(app, s, values, reached ? check : page);
    return renderPage(app, reply, s, page, values, { form, errors, status: 422, route: newRoute, toCheck: reached, repeat });
  }
  const next = nextPage(q, values, page, newRoute);
  if (next === undefined || (action === 'check' && reached)) {
    await store(app, s, values, check);
    return see(reply, `${s.base}/controle`);
  }
  await store(app, s, values, reached ? check : next);
  return see(reply, pageUrl(s, next));
}

/** GET the check page: only once the respondent has come past the last page. */
export async function showCheck(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, s: Session) {
  const values = savedAnswers(s);
  if (!atCheck(s)) return see(reply, resumeUrl(s, values));
  const repeat = await repeatOf(app.db, s, () => sessionSent(app, request, s));
  return renderCheck(app, reply, s, values, { notice: noticeOf(s, request.query as Record<string, string | undefined>), repeat });
}

/**
 * POST the check page: `back` returns to the last page; `submit` re-checks the whole response (a
 * required question left open sends the respondent to it) and stores it (a preview only notes it).
 */
export async function postCheck(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, s: Session, onSubmitted: () => string) {
  const values = savedAnswers(s);
  if (!atCheck(s)) return see(reply, resumeUrl(s, values));
  const q = s.questionnaire;
  const r = route(q, values);
  if (formOf(request.body)._action === 'back') return see(reply, pageUrl(s, r.pages.at(-1) ?? 0));
  const repeat = await repeatOf(app.db, s, () => sessionSent(app, request, s));
  const fault = firstFault(q, r.values) ?? withPage(q, repeat ? repeatFault(q, repeat, r.values) : undefined);
  if (fault) {
    return renderPage(app, reply, s, fault.page, r.values, { errors: new Map([[fault.code, fault.error]]), status: 422, toCheck: true, repeat });
  }
  if (s.storage) {
    await s.storage.submit(s.draft!.id);
    return see(reply, onSubmitted());
  }
  const { stored, complete } = await submit(app.db, s, s.draft!.id, splitContact(q, r.values), app.now());
  if (stored) rememberSent(app, request, reply, s, { values: r.values, complete });
  // a second submit of the same draft finds it gone and changes nothing: both end on the thank-you page
  return see(reply, onSubmitted());
}

/** A fault of a question, with the page it is on. */
function withPage(q: Session['questionnaire'], fault: { code: string; error: string } | undefined) {
  const page = fault ? q.pages.findIndex((p) => p.blocks.some((b) => b.type !== 'text' && b.code === fault.code)) : -1;
  return fault && page >= 0 ? { ...fault, page } : undefined;
}

async function thanksOptions(app: FastifyInstance, request: FastifyRequest, s: Session): Promise<ThanksOptions> {
  const sent = sessionSent(app, request, s);
  return { ...(await afterSubmitOptions(app.db, s, sent)), answers: sent.length > 0 };
}

/** The answers this browser sent on the link in this session; nothing otherwise (never later, never by e-mail). */
function showAnswers(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, s: Session) {
  const sent = sessionSent(app, request, s);
  if (sent.length === 0) throw sentAnswersGone();
  return renderAnswers(app, reply, s, sent);
}

function invitationCompleted(s: Session): boolean {
  return !s.draft && s.invitation?.status === 'completed';
}

const NO_HEADERS_BELOW_LIMIT = { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false };

/** Respondent pages: /r/:token (invitation links) and /o/:token (open links). */
const respondentRoutes: FastifyPluginAsync<RespondentRoutesOptions> = async (app, opts) => {
  if (!app.hasRequestDecorator('cookies')) await app.register(fastifyCookie);
  // The limit holds as before; only the three X-RateLimit-* headers of every answer below it are left
  // out (a respondent's browser has no use for them; a refused request still gets Retry-After and
  // the X-RateLimit-* headers): three header calls and some 90 bytes less on every page.
  const limited = { config: { rateLimit: { max: opts.rateLimitMax ?? 300, timeWindow: '1 minute', addHeadersOnExceeding: NO_HEADERS_BELOW_LIMIT } } };
  const openStarts = windowCounter({ max: OPEN_STARTS_PER_HOUR, windowMs: 3600_000 });

  // the statements of a link, also before it opens or after it closes (a respondent may want them most then)
  for (const [prefix, kind] of [['r', 'invitation'], ['o', 'open']] as const) {
    app.get(`/${prefix}/:token/privacy`, limited, async (request: TokenRequest, reply) => {
      const { wave, about, participantId } = await linkStatement(app.db, kind, request.params.token);
      const base = `/${prefix}/${request.params.token}`;
      const optOutUrl = participantId === null ? null : `/optout/${optOutToken(app.secrets, participantId)}`;
      return renderPrivacy(reply, { base, kind, wave, about, optOutUrl });
    });
    app.get(`/${prefix}/:token/toegankelijkheid`, limited, async (request: TokenRequest, reply) => {
      const { about } = await linkStatement(app.db, kind, request.params.token);
      return renderAccessibility(reply, { base: `/${prefix}/${request.params.token}`, about });
    });
  }
  app.get('/toegankelijkheid', async (_request, reply) => renderAccessibility(reply, null));

  app.get('/r/:token', limited, async (request: TokenRequest, reply) => {
    const s = await invitationSession(app, request.params.token);
    if (s.draft) return see(reply, `${resumeUrl(s, savedAnswers(s))}?verder=1`);
    if (invitationCompleted(s)) return see(reply, `${s.base}/klaar`);
    return renderIntro(app, reply, s, pageUrl(s, firstPage(s.questionnaire, {})), await waveAbout(app.db, s.wave.id));
  });

  app.get('/r/:token/pagina/:n', limited, async (request: PageRequest, reply) => {
    const s = await invitationSession(app, request.params.token);
    if (invitationCompleted(s)) return see(reply, `${s.base}/klaar`);
    return showPage(app, request, reply, s);
  });

  app.post('/r/:token/pagina/:n', limited, async (request: PageRequest, reply) => {
    const s = await invitationSession(app, request.params.token);
    checkCsrf(app, s, request.body);
    // a completed link cannot submit again (unless the respondent started a repeat or an edit)
    if (invitationCompleted(s)) return see(reply, `${s.base}/klaar`);
    return postPage(app, request, reply, s);
  });

  app.get('/r/:token/controle', limited, async (request: TokenRequest, reply) => {
    const s = await invitationSession(app, request.params.token);
    if (!s.draft) return see(reply, invitationCompleted(s) ? `${s.base}/klaar` : s.base);
    return showCheck(app, request, reply, s);
  });

  app.post('/r/:token/controle', limited, async (request: TokenRequest, reply) => {
    const s = await invitationSession(app, request.params.token);
    checkCsrf(app, s, request.body);
    if (!s.draft) return see(reply, invitationCompleted(s) ? `${s.base}/klaar` : s.base);
    return postCheck(app, request, reply, s, () => `${s.base}/klaar`);
  });

  app.get('/r/:token/klaar', limited, async (request: TokenRequest, reply) => {
    const s = await invitationSession(app, request.params.token);
    if (s.draft) return see(reply, resumeUrl(s, savedAnswers(s)));
    if (!invitationCompleted(s)) return see(reply, s.base);
    return renderThanks(app, reply, s, await thanksOptions(app, request, s));
  });

  app.get('/r/:token/antwoorden', limited, async (request: TokenRequest, reply) => {
    return showAnswers(app, request, reply, await invitationSession(app, request.params.token));
  });

  app.post('/r/:token/opnieuw', limited, async (request: TokenRequest, reply) => {
    const s = await invitationSession(app, request.params.token);
    checkCsrf(app, s, request.body);
    if (s.draft) return see(reply, resumeUrl(s, savedAnswers(s)));
    const { repeat } = await thanksOptions(app, request, s);
    if (!invitationCompleted(s) || !repeat) throw noRepeat();
    return see(reply, pageUrl(s, await startRepeat(app.db, s, app.now())));
  });

  app.post('/r/:token/wijzigen', limited, async (request: TokenRequest, reply) => {
    const s = await invitationSession(app, request.params.token);
    checkCsrf(app, s, request.body);
    if (s.draft) return see(reply, resumeUrl(s, savedAnswers(s)));
    const { edits } = await thanksOptions(app, request, s);
    const responseId = formOf(request.body).response;
    if (!invitationCompleted(s) || typeof responseId !== 'string' || !edits.some((e) => e.id === responseId)) throw noEdit();
    return see(reply, pageUrl(s, await startEdit(app.db, s, responseId, app.now())));
  });

  app.get('/o/:token', limited, async (request: TokenRequest, reply) => {
    const s = await openSession(app, request.params.token, request);
    if (s.draft) return see(reply, `${resumeUrl(s, savedAnswers(s))}?verder=1`);
    return renderIntro(app, reply, s, `${s.base}/start`, await waveAbout(app.db, s.wave.id));
  });

  app.post('/o/:token/start', limited, async (request: TokenRequest, reply) => {
    const s = await openSession(app, request.params.token, request);
    if (s.draft) return see(reply, resumeUrl(s, savedAnswers(s)));
    checkCsrf(app, s, request.body);
    if (!openStarts.take(`${request.ip} ${s.wave.id}`, app.now().getTime())) throw tooManyOpenStarts();
    const { draftId, page } = await startOpenDraft(app.db, s, app.now());
    setOpenDraftCookie(app, reply, s, draftId);
    return see(reply, pageUrl(s, page));
  });

  app.get('/o/:token/pagina/:n', limited, async (request: PageRequest, reply) => {
    const s = await openSession(app, request.params.token, request);
    if (!s.draft) return see(reply, s.base);
    return showPage(app, request, reply, s);
  });

  app.post('/o/:token/pagina/:n', limited, async (request: PageRequest, reply) => {
    const s = await openSession(app, request.params.token, request);
    if (!s.draft) return see(reply, s.base);
    checkCsrf(app, s, request.body);
    return postPage(app, request, reply, s);
  });

  app.get('/o/:token/controle', limited, async (request: TokenRequest, reply) => {
    const s = await openSession(app, request.params.token, request);
    if (!s.draft) return see(reply, s.base);
    return showCheck(app, request, reply, s);
  });

  app.post('/o/:token/controle', limited, async (request: TokenRequest, reply) => {
    const s = await openSession(app, request.params.token, request);
    if (!s.draft) return see(reply, s.base);
    checkCsrf(app, s, request.body);
    return postCheck(app, request, reply, s, () => {
      clearOpenDraftCookie(reply, s);
      return `${s.base}/klaar`;
    });
  });

  app.get('/o/:token/klaar', limited, async (request: TokenRequest, reply) => {
    const s = await openSession(app, request.params.token, request);
    if (s.draft) return see(reply, resumeUrl(s, savedAnswers(s)));
    return renderThanks(app, reply, s, { repeat: false, done: [], edits: [], answers: sessionSent(app, request, s).length > 0 });
  });

  app.get('/o/:token/antwoorden', limited, async (request: TokenRequest, reply) => {
    return showAnswers(app, request, reply, await openSession(app, request.params.token, request));
  });
};

export default respondentRoutes;
