import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatDutchTime } from '../../domain/format/nl.js';
import { notFound } from '../../errors.js';
import { passwordProblem } from '../../security/passwords.js';
import { homePath } from '../../services/access.js';
import { completeSignIn, hasAccounts, lockedUntil, recordLoginFailure, setUp, signIn } from '../../services/accounts.js';
import { audit } from '../../services/audit.js';
import { beginEnrolment, checkSecondFactor, confirmEnrolment, pendingEnrolment } from '../../services/twoFactor.js';
import type { Context } from '../../services/context.js';
import { fieldErrors, formFields, pageData, safeNext } from './forms.js';

/** At most this many set-up attempts per client address per window (the page works once). */
export const SETUP_RATE_LIMIT = { max: 10, timeWindow: '15 minutes' };

export const passwordField = z.string().superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const setupSchema = z
  .object({
    name: z.string().trim().min(1, 'Vul uw naam in.').max(200, 'De naam is te lang.'),
    email: z.email('Vul een geldig e-mailadres in.').trim(),
    password: passwordField,
    password2: z.string(),
  })
  .refine((v) => v.password === v.password2, { path: ['password2'], message: 'De wachtwoorden zijn niet gelijk.' });

/** The Dutch refusal of the login limit, with the moment to try again. */
export function lockedMessage(until: Date, now: Date): string {
  const sameDay = until.getTime() - now.getTime() < 12 * 3600_000;
  return `Te veel mislukte inlogpogingen. Probeer het opnieuw na ${formatDutchTime(until, { withDate: !sameDay })}.`;
}

/** Login (password, then the second factor or enrolment), logout, the one-time setup page and the /admin entry point. */
const authRoutes: FastifyPluginAsync = async (app) => {
  const publicRoute = { config: { access: 'public' as const } };
  const plain = (): Omit<Context, 'actor'> => ({ db: app.db, now: app.now() });
  const nextOf = (request: FastifyRequest) => {
    const next = (request.query as { next?: unknown }).next;
    return typeof next === 'string' ? next : '';
  };

  function refuseLocked(request: FastifyRequest, reply: FastifyReply, view: string, title: string, data: Record<string, unknown>, until: Date) {
    reply.status(429).header('Retry-After', String(Math.max(1, Math.ceil((until.getTime() - app.now().getTime()) / 1000))));
    return reply.viewAsync(view, pageData(request, title, 'login', { ...data, errors: { _form: lockedMessage(until, app.now()) } }));
  }

  app.get('/', publicRoute, async (request, reply) => {
    if (!request.user) return reply.redirect((await hasAccounts(app.db)) ? '/admin/login' : '/admin/setup', 303);
    return reply.redirect(homePath(request.user), 303);
  });

  app.get('/login', publicRoute, async (request, reply) => {
    if (!(await hasAccounts(app.db))) return reply.redirect('/admin/setup', 303);
    return reply.viewAsync('pages/admin/login', pageData(request, 'Inloggen', 'login', { values: { email: '', next: nextOf(request) }, errors: {} }));
  });

  app.post('/login', publicRoute, async (request, reply) => {
    const form = formFields(request.body);
    const email = (form.email ?? '').trim();
    const next = form.next ?? '';
    const outcome = await signIn(plain(), { email, password: form.password ?? '', address: request.ip, twoFactorEvaluators: app.config.twoFactorEvaluators });
    if (!outcome.ok) {
      const data = { values: { email, next } };
      if (outcome.reason === 'locked') return refuseLocked(request, reply, 'pages/admin/login', 'Inloggen', data, outcome.until);
      reply.status(422);
      return reply.viewAsync(
        'pages/admin/login',
        pageData(request, 'Inloggen', 'login', { ...data, errors: { _form: 'Het e-mailadres of het wachtwoord is onjuist, of het account is geblokkeerd.' } }),
      );
    }
    await app.auth.login(request, reply, outcome.user.id, outcome.next);
    const carry = next ? `?next=${encodeURIComponent(next)}` : '';
    if (outcome.next === 'code') return reply.redirect(`/admin/login/code${carry}`, 303);
    if (outcome.next === 'enrol') return reply.redirect(`/admin/login/enrol${carry}`, 303);
    return reply.redirect(safeNext(next, homePath({ ...outcome.user, grants: outcome.grants, twoFactor: false })), 303);
  });

  // — the second factor: a code from the app or a recovery code —

  const codePage = (request: FastifyRequest, reply: FastifyReply, errors: Record<string, string>) =>
    reply.viewAsync('pages/admin/login-code', pageData(request, 'Inloggen: code', 'login', { next: nextOf(request), errors }));

  app.get('/login/code', publicRoute, async (request, reply) => {
    if (request.pending?.stage !== 'code') return reply.redirect('/admin/login', 303);
    return codePage(request, reply, {});
  });

  app.post('/login/code', publicRoute, async (request, reply) => {
    const pending = request.pending;
    if (pending?.stage !== 'code') return reply.redirect('/admin/login', 303);
    const ctx: Context = { ...plain(), actor: { user: pending.user } };
    const until = await lockedUntil(app.db, pending.user.email, request.ip, ctx.now);
    if (until) {
      await audit({ ...ctx, actor: { claimed: pending.user.email } }, { action: 'login_failed', details: { reason: 'locked', address: request.ip } });
      return refuseLocked(request, reply, 'pages/admin/login-code', 'Inloggen: code', { next: nextOf(request) }, until);
    }
    const method = await checkSecondFactor(ctx, app.secrets, pending.user.id, formFields(request.body).code ?? '');
    if (!method) {
      await recordLoginFailure(app.db, pending.user.email, request.ip, ctx.now);
      await audit({ ...ctx, actor: { claimed: pending.user.email } }, { action: 'login_failed', details: { reason: 'code', address: request.ip } });
      reply.status(422);
      return codePage(request, reply, { code: 'Deze code is onjuist of al gebruikt. Neem de code die uw app nu toont, of een ongebruikte herstelcode.' });
    }
    await completeSignIn(ctx, request.ip, method);
    await app.auth.login(request, reply, pending.user.id);
    return reply.redirect(safeNext(nextOf(request), homePath(pending.user)), 303);
  });

  // — enrolment when the grants require two-factor login and it is not set up yet —

  /** The enrolment page; a re-render after a wrong code (`start` false) never starts a new enrolment, it sends the browser to the start. */
  async function enrolPage(request: FastifyRequest, reply: FastifyReply, errors: Record<string, string>, start = true) {
    const pending = request.pending!;
    const ctx: Context = { ...plain(), actor: { user: pending.user } };
    const enrolment = (await pendingEnrolment(ctx, app.secrets, pending.user)) ?? (start ? await beginEnrolment(ctx, app.secrets, pending.user) : null);
    if (!enrolment) return reply.redirect(start ? '/admin/login' : `/admin/login/enrol${nextOf(request) ? `?next=${encodeURIComponent(nextOf(request))}` : ''}`, 303);
    return reply.viewAsync('pages/admin/two-factor-enrol', pageData(request, 'Tweestapsverificatie instellen', 'login', { enrolment, action: '/admin/login/enrol', required: true, next: nextOf(request), errors }));
  }

  app.get('/login/enrol', publicRoute, async (request, reply) => {
    if (request.pending?.stage !== 'enrol') return reply.redirect('/admin/login', 303);
    return enrolPage(request, reply, {});
  });

  app.post('/login/enrol', publicRoute, async (request, reply) => {
    const pending = request.pending;
    if (pending?.stage !== 'enrol') return reply.redirect('/admin/login', 303);
    const ctx: Context = { ...plain(), actor: { user: pending.user } };
    const codes = await confirmEnrolment(ctx, app.secrets, pending.user.id, formFields(request.body).code ?? '');
    if (!codes) {
      reply.status(422);
      return enrolPage(request, reply, { code: 'Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat en neem de code die de app nu toont.' }, false);
    }
    await completeSignIn(ctx, request.ip);
    await app.auth.login(request, reply, pending.user.id);
    request.user = { ...pending.user, twoFactor: true };
    return reply.viewAsync(
      'pages/admin/recovery-codes',
      pageData(request, 'Herstelcodes', 'account', { codes, continueTo: safeNext(nextOf(request), homePath(pending.user)) }),
    );
  });

  app.post('/logout', publicRoute, async (request, reply) => {
    await app.auth.logout(request, reply);
    return reply.redirect('/admin/login', 303);
  });

  app.get('/setup', publicRoute, async (request, reply) => {
    if (await hasAccounts(app.db)) throw notFound();
    return reply.viewAsync('pages/admin/setup', pageData(request, 'Eerste account aanmaken', 'setup', { values: {}, errors: {} }));
  });

  app.post('/setup', { config: { access: 'public', rateLimit: SETUP_RATE_LIMIT } }, async (request, reply) => {
    if (await hasAccounts(app.db)) throw notFound();
    const form = formFields(request.body);
    const parsed = setupSchema.safeParse(form);
    if (!parsed.success) {
      reply.status(422);
      return reply.viewAsync(
        'pages/admin/setup',
        pageData(request, 'Eerste account aanmaken', 'setup', { values: { name: form.name, email: form.email }, errors: fieldErrors(parsed.error) }),
      );
    }
    const user = await setUp(plain(), parsed.data);
    if (!user) throw notFound();
    // a landelijk onderzoeker sees participant lists: two-factor login is set up before anything else
    await app.auth.login(request, reply, user.id, 'enrol');
    return reply.redirect('/admin/login/enrol?next=%2Fadmin%2Fhouses', 303);
  });
};

export default authRoutes;
