import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FormInput } from '../../domain/questionnaire/types/form.js';
import type { Values } from '../../domain/questionnaire/variables.js';
import { route, type Route } from '../../domain/questionnaire/routing.js';
import { firstFault, firstPage, isOnRoute, nextPage, parsePage, previousPage, splitContact } from '../../domain/respondent/pages.js';
import { noEdit, noRepeat, notFound, tooManyOpenStarts } from '../../errors.js';
import { windowCounter } from '../../security/windowCounter.js';
import { afterSubmitOptions, savedAnswers, savePage, startEdit, startOpenDraft, startRepeat, submit } from '../../services/respondent.js';
import { renderIntro, renderPage, renderThanks, type ThanksOptions } from './render.js';
import {
  checkCsrf,
  clearOpenDraftCookie,
  invitationSession,
  openSession,
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

/** URL of page index `page` (1-based in the URL: /pagina/1 is the first page of the questionnaire). */
export function pageUrl(s: Pick<Session, 'base'>, page: number): string {
  return `${s.base}/pagina/${page + 1}`;
}

function pageIndex(n: string): number {
  if (!/^[1-9]\d{0,3}$/.test(n)) throw notFound();
  return Number(n) - 1;
}

function formOf(body: unknown): FormInput {
  return body && typeof body === 'object' ? (body as FormInput) : {};
}

/** The page the respondent is on: the draft's page, or the nearest earlier page still on the route. */
function currentPage(s: Session, values: Values, r: Route = route(s.questionnaire, values)): number {
  const pages = r.pages;
  const at = s.draft?.page;
  if (at === undefined) return pages[0] ?? 0;
  return pages.includes(at) ? at : (pages.filter((p) => p < at).at(-1) ?? pages[0] ?? 0);
}

function see(reply: FastifyReply, url: string) {
  return reply.redirect(url, 303);
}

/** Save a page of answers (creating the invitation's draft on its first save); returns the draft id. */
function store(app: FastifyInstance, s: Session, values: Values, page: number): Promise<string> {
  return savePage(app.db, s, values, page, app.now());
}

/** GET a page: only pages on the route up to where the respondent is; anything else leads back there. */
async function showPage(app: FastifyInstance, request: PageRequest, reply: FastifyReply, s: Session) {
  const page = pageIndex(request.params.n);
  const values = savedAnswers(s);
  const r = route(s.questionnaire, values);
  const current = currentPage(s, values, r);
  if (page > current || !isOnRoute(s.questionnaire, values, page, r)) return see(reply, pageUrl(s, current));
  const query = request.query as Record<string, string | undefined>;
  const notice =
    s.draft?.response_id != null
      ? 'U wijzigt uw eerder verstuurde antwoorden. Verstuur de vragenlijst opnieuw om de wijzigingen op te slaan.'
      : query.verder !== undefined
        ? 'Welkom terug. U gaat verder waar u gebleven was; uw eerdere antwoorden zijn bewaard.'
        : undefined;
  return renderPage(app, reply, s, page, values, { notice, route: r });
}

/**
 * POST a page. `_action=back` saves what is valid without requiring anything and goes back;
 * `next` and `submit` validate the page (422 with the messages and every answer kept when it fails),
 * save it and go on; `submit` on the last page re-checks the whole response and stores it.
 */
async function postPage(app: FastifyInstance, request: PageRequest, reply: FastifyReply, s: Session, onSubmitted: () => string) {
  const page = pageIndex(request.params.n);
  const form = formOf(request.body);
  const action = form._action === 'back' ? 'back' : form._action === 'submit' ? 'submit' : 'next';
  const q = s.questionnaire;
  const stored = savedAnswers(s);
  const storedRoute = route(q, stored);
  const current = currentPage(s, stored, storedRoute);
  // a stale tab posting a page that is off the route or ahead: take nothing, show where the respondent is
  if (page > current || !isOnRoute(q, stored, page, storedRoute)) return see(reply, pageUrl(s, current));

  if (action === 'back') {
    const { values, route: newRoute } = parsePage(q, page, form, stored, false);
    const target = previousPage(q, values, page, newRoute) ?? page;
    await store(app, s, values, target);
    return see(reply, pageUrl(s, target));
  }

  const { values, errors, route: newRoute } = parsePage(q, page, form, stored, true);
  if (errors.size > 0) {
    await store(app, s, values, page);
    return renderPage(app, reply, s, page, values, { form, errors, status: 422, route: newRoute });
  }
  const next = nextPage(q, values, page, newRoute);
  if (next !== undefined || action !== 'submit') {
    // on the last page only an explicit "Versturen" submits; a plain "next" just shows it again
    const target = next ?? page;
    await store(app, s, values, target);
    return see(reply, pageUrl(s, target));
  }

  const fault = firstFault(q, values);
  const draftId = await store(app, s, values, fault?.page ?? page);
  if (fault) {
    return renderPage(app, reply, s, fault.page, values, { errors: new Map([[fault.code, fault.error]]), status: 422 });
  }
  await submit(app.db, s, draftId, splitContact(q, values), app.now());
  // a second submit of the same draft finds it gone and changes nothing: both end on the thank-you page
  return see(reply, onSubmitted());
}

function thanksOptions(app: FastifyInstance, s: Session): Promise<ThanksOptions> {
  return afterSubmitOptions(app.db, s);
}

function invitationCompleted(s: Session): boolean {
  return !s.draft && s.invitation?.status === 'completed';
}

/** Respondent pages: /r/:token (invitation links) and /o/:token (open links). */
const respondentRoutes: FastifyPluginAsync<RespondentRoutesOptions> = async (app, opts) => {
  if (!app.hasRequestDecorator('cookies')) await app.register(fastifyCookie);
  const limited = { config: { rateLimit: { max: opts.rateLimitMax ?? 300, timeWindow: '1 minute' } } };
  const openStarts = windowCounter({ max: OPEN_STARTS_PER_HOUR, windowMs: 3600_000 });

  app.get('/r/:token', limited, async (request: TokenRequest, reply) => {
    const s = await invitationSession(app, request.params.token);
    if (s.draft) return see(reply, `${pageUrl(s, currentPage(s, savedAnswers(s)))}?verder=1`);
    if (invitationCompleted(s)) return see(reply, `${s.base}/klaar`);
    return renderIntro(app, reply, s, pageUrl(s, firstPage(s.questionnaire, {})));
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
    return postPage(app, request, reply, s, () => `${s.base}/klaar`);
  });

  app.get('/r/:token/klaar', limited, async (request: TokenRequest, reply) => {
    const s = await invitationSession(app, request.params.token);
    if (s.draft) return see(reply, pageUrl(s, currentPage(s, savedAnswers(s))));
    if (!invitationCompleted(s)) return see(reply, s.base);
    return renderThanks(app, reply, s, await thanksOptions(app, s));
  });

  app.post('/r/:token/opnieuw', limited, async (request: TokenRequest, reply) => {
    const s = await invitationSession(app, request.params.token);
    checkCsrf(app, s, request.body);
    if (s.draft) return see(reply, pageUrl(s, currentPage(s, savedAnswers(s))));
    const { repeat } = await thanksOptions(app, s);
    if (!invitationCompleted(s) || !repeat) throw noRepeat();
    return see(reply, pageUrl(s, await startRepeat(app.db, s, app.now())));
  });

  app.post('/r/:token/wijzigen', limited, async (request: TokenRequest, reply) => {
    const s = await invitationSession(app, request.params.token);
    checkCsrf(app, s, request.body);
    if (s.draft) return see(reply, pageUrl(s, currentPage(s, savedAnswers(s))));
    const { edits } = await thanksOptions(app, s);
    const responseId = formOf(request.body).response;
    if (!invitationCompleted(s) || typeof responseId !== 'string' || !edits.some((e) => e.id === responseId)) throw noEdit();
    return see(reply, pageUrl(s, await startEdit(app.db, s, responseId, app.now())));
  });

  app.get('/o/:token', limited, async (request: TokenRequest, reply) => {
    const s = await openSession(app, request.params.token, request);
    if (s.draft) return see(reply, `${pageUrl(s, currentPage(s, savedAnswers(s)))}?verder=1`);
    return renderIntro(app, reply, s, `${s.base}/start`);
  });

  app.post('/o/:token/start', limited, async (request: TokenRequest, reply) => {
    const s = await openSession(app, request.params.token, request);
    if (s.draft) return see(reply, pageUrl(s, currentPage(s, savedAnswers(s))));
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
    return postPage(app, request, reply, s, () => {
      clearOpenDraftCookie(reply, s);
      return `${s.base}/klaar`;
    });
  });

  app.get('/o/:token/klaar', limited, async (request: TokenRequest, reply) => {
    const s = await openSession(app, request.params.token, request);
    if (s.draft) return see(reply, pageUrl(s, currentPage(s, savedAnswers(s))));
    return renderThanks(app, reply, s, { repeat: false, edits: [] });
  });
};

export default respondentRoutes;
