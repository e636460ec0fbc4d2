/**
 * "Bekijken als respondent": the real respondent pages (the same templates, routing and validation
 * as routes/respondent/) under a "Testmodus" banner, with a side panel to jump to any page and to see
 * what the answers so far hide. Answers stay in the preview store in memory (services/preview.ts):
 * nothing is written to drafts, responses, contacts or invitations.
 *
 * One set of handlers serves every kind of preview: a questionnaire version or a concept wave for a
 * signed-in researcher (under /admin, where the admin session's CSRF token guards the forms), a
 * review link (/bekijken/:token) and the link of a test mail (/voorbeeld/:token), whose answers are
 * kept per visitor by a cookie.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { Wave } from '../db/database.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import { route } from '../domain/questionnaire/routing.js';
import { checkPage, firstPage } from '../domain/respondent/pages.js';
import { previewPanel } from '../domain/respondent/previewPanel.js';
import { notFound } from '../errors.js';
import { randomToken } from '../security/tokens.js';
import { previewStorage, type PreviewState } from '../services/preview.js';
import type { WaveAbout } from '../services/respondent.js';
import { atCheck, pageIndex, postCheck, postPage, resumeUrl, see, showCheck, type AnyPageRequest } from './respondent/index.js';
import { renderAccessibility, renderIntro, renderPage, renderPrivacy, renderThanks } from './respondent/render.js';
import { checkCsrf, csrfToken, type Session } from './respondent/session.js';

/** What a preview shows and where its answers are kept. */
export interface PreviewTarget {
  questionnaire: Questionnaire;
  /** The wave it previews, or the look of one (a questionnaire version has no wave). */
  wave: Pick<Wave, 'id' | 'title' | 'house' | 'opens_at' | 'closes_at' | 'anonymous'>;
  /** Who asks, as the intro page and the privacy statement say it (the wave's, or the researcher's for a version). */
  about: WaveAbout;
  /** URL prefix of the preview's pages. */
  base: string;
  /** Key of its answers in the preview store. */
  key: string;
  /** The admin session's CSRF token (admin previews); public previews sign their own. */
  csrf?: string;
  /** "Stappenmeter Doelbereik, versie 1.0 – bekijklink voor de stuurgroep". */
  what: string;
  exit?: { url: string; label: string };
}

/** Who asks, from a wave's settings (a preview of a wave tells what its respondents will be told). */
export function aboutOf(wave: WaveAbout): WaveAbout {
  const { sender_name, sender_organisation, sender_email, retention_days, min_cell_size } = wave;
  return { sender_name, sender_organisation, sender_email, retention_days, min_cell_size };
}

/** Turns a request into its preview target, or throws the Dutch refusal. */
export type PreviewResolver = (request: FastifyRequest, reply: FastifyReply) => Promise<PreviewTarget>;

function session(app: FastifyInstance, target: PreviewTarget, state: PreviewState | undefined, current: number): Session {
  const { questionnaire, wave } = target;
  const respondentWave: Session['wave'] = {
    id: wave.id,
    questionnaire_id: questionnaire.id,
    title: wave.title,
    house: wave.house,
    opens_at: wave.opens_at,
    closes_at: wave.closes_at,
    anonymous: wave.anonymous,
    allow_edit: 0,
    purged_at: null,
    launched_at: null,
    has_snapshot: 1,
  };
  const values = state?.values ?? {};
  const csrfSubject = `preview:${target.key}`;
  const s: Session = {
    kind: 'preview',
    wave: respondentWave,
    questionnaire,
    invitation: null,
    participantId: null,
    draft: state && state.page !== undefined ? { id: target.key, invitation_id: null, values_json: JSON.stringify(values), page: state.page, response_id: null } : undefined,
    csrfSubject,
    base: target.base,
    storage: previewStorage(app.previews, target.key, () => app.now().getTime()),
    csrf: target.csrf,
  };
  const panel = previewPanel(questionnaire, values, current);
  s.preview = {
    what: target.what,
    exitUrl: target.exit?.url ?? null,
    exitLabel: target.exit?.label ?? null,
    restartUrl: `${target.base}/opnieuw`,
    csrf: target.csrf ?? csrfToken(app, { csrfSubject }),
    panel: { ...panel, pages: panel.pages.map((p) => ({ ...p, href: `${target.base}/pagina/${p.index + 1}` })) },
  };
  return s;
}

/**
 * Register the preview's pages under `prefix` (a route path with the parameters `resolve` reads):
 * the intro, any page (GET jumps there), a page's answers (POST: validated and routed as for a
 * respondent), the check page and "Versturen", the end page, a restart, and the privacy and
 * accessibility statements the footer links to.
 */
export function registerPreview(app: FastifyInstance, prefix: string, resolve: PreviewResolver, options: RouteShorthandOptions = {}, guardPost = false): void {
  const state = (target: PreviewTarget) => app.previews.get(target.key, app.now().getTime());
  const keep = (target: PreviewTarget, values: PreviewState['values'], page: number) => app.previews.set(target.key, { values, page, submitted: false }, app.now().getTime());

  app.get(prefix, options, async (request, reply) => {
    const target = await resolve(request, reply);
    const s = session(app, target, state(target), -1);
    return renderIntro(app, reply, s, `${target.base}/pagina/${firstPage(target.questionnaire, {}) + 1}`, target.about);
  });

  app.get(`${prefix}/pagina/:n`, options, async (request, reply) => {
    const target = await resolve(request, reply);
    const page = pageIndex((request.params as { n: string }).n);
    if (page >= target.questionnaire.pages.length) throw notFound();
    const known = state(target);
    const values = known?.values ?? {};
    const onRoute = route(target.questionnaire, values).pages.includes(page);
    // jumping to a page on the route makes it where the preview is (one that reached the check page stays there, as a respondent does)
    if (onRoute && known?.page !== checkPage(target.questionnaire)) keep(target, values, page);
    const s = session(app, target, state(target), page);
    const notice = onRoute ? undefined : 'Met de antwoorden tot nu toe wordt deze pagina overgeslagen. U bekijkt haar toch; wat u hier invult, telt niet mee.';
    return renderPage(app, reply, s, page, values, { notice, toCheck: atCheck(s) });
  });

  app.post(`${prefix}/pagina/:n`, options, async (request, reply) => {
    const target = await resolve(request, reply);
    const known = state(target);
    const s = session(app, target, known, pageIndex((request.params as { n: string }).n));
    if (guardPost) checkCsrf(app, s, request.body);
    if (!known) return see(reply, target.base);
    return postPage(app, request as AnyPageRequest, reply, s);
  });

  app.get(`${prefix}/controle`, options, async (request, reply) => {
    const target = await resolve(request, reply);
    const known = state(target);
    if (!known) return see(reply, target.base);
    return showCheck(app, request, reply, session(app, target, known, -1));
  });

  app.post(`${prefix}/controle`, options, async (request, reply) => {
    const target = await resolve(request, reply);
    const known = state(target);
    const s = session(app, target, known, -1);
    if (guardPost) checkCsrf(app, s, request.body);
    if (!known) return see(reply, target.base);
    return postCheck(app, request, reply, s, () => `${target.base}/klaar`);
  });

  app.get(`${prefix}/klaar`, options, async (request, reply) => {
    const target = await resolve(request, reply);
    const known = state(target);
    const s = session(app, target, known, -1);
    if (known && !known.submitted && known.page !== undefined) return see(reply, resumeUrl(s, known.values));
    return renderThanks(app, reply, s, { repeat: false, done: [], edits: [], answers: false });
  });

  app.post(`${prefix}/opnieuw`, options, async (request, reply) => {
    const target = await resolve(request, reply);
    if (guardPost) checkCsrf(app, session(app, target, undefined, -1), request.body);
    app.previews.delete(target.key);
    return see(reply, target.base);
  });

  app.get(`${prefix}/privacy`, options, async (request, reply) => {
    const target = await resolve(request, reply);
    const s = session(app, target, undefined, -1);
    return renderPrivacy(reply, { base: target.base, kind: 'invitation', wave: s.wave, about: target.about, optOutUrl: null });
  });

  app.get(`${prefix}/toegankelijkheid`, options, async (request, reply) => {
    const target = await resolve(request, reply);
    return renderAccessibility(reply, { base: target.base, about: target.about });
  });
}

/** Cookie that keeps a public preview's visitor apart from others (scoped to the preview's path). */
export const PREVIEW_COOKIE = 'vh_voorbeeld';

/** The visitor id of a public preview: the cookie's, or a new one set on the reply. */
export function previewVisitor(request: FastifyRequest, reply: FastifyReply, base: string, secure: boolean): string {
  const known = request.cookies[PREVIEW_COOKIE];
  if (known && /^[A-Za-z0-9_-]{22}$/.test(known)) return known;
  const id = randomToken(16);
  reply.setCookie(PREVIEW_COOKIE, id, { path: base, httpOnly: true, sameSite: 'lax', secure });
  return id;
}
