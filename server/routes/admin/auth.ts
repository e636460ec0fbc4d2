import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { passwordProblem } from '../../security/passwords.js';
import { homePath } from '../../services/access.js';
import { hasAccounts, setUp, signIn } from '../../services/accounts.js';
import { fieldErrors, formFields, pageData, safeNext } from './forms.js';

/** Failed or not, at most this many login attempts per client address per window. */
export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: '15 minutes' };

const setupSchema = z
  .object({
    name: z.string().trim().min(1, 'Vul uw naam in.').max(200, 'De naam is te lang.'),
    email: z.email('Vul een geldig e-mailadres in.').trim(),
    password: z.string().superRefine((p, ctx) => {
      const problem = passwordProblem(p);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    password2: z.string(),
  })
  .refine((v) => v.password === v.password2, { path: ['password2'], message: 'De wachtwoorden zijn niet gelijk.' });

/** Login, logout, the one-time setup page and the /admin entry point. */
const authRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', async (request, reply) => {
    if (!request.user) return reply.redirect((await hasAccounts(app.db)) ? '/admin/login' : '/admin/setup', 303);
    return reply.redirect(homePath(request.user), 303);
  });

  app.get('/login', async (request, reply) => {
    if (!(await hasAccounts(app.db))) return reply.redirect('/admin/setup', 303);
    const next = typeof (request.query as { next?: unknown }).next === 'string' ? (request.query as { next: string }).next : '';
    return reply.viewAsync('pages/admin/login', pageData(request, 'Inloggen', 'login', { values: { email: '', next }, errors: {} }));
  });

  app.post('/login', { config: { rateLimit: LOGIN_RATE_LIMIT } }, async (request, reply) => {
    const form = formFields(request.body);
    const email = (form.email ?? '').trim();
    const password = form.password ?? '';
    const user = await signIn({ db: app.db, now: app.now() }, email, password);
    if (!user) {
      reply.status(422);
      return reply.viewAsync(
        'pages/admin/login',
        pageData(request, 'Inloggen', 'login', {
          values: { email, next: form.next ?? '' },
          errors: { _form: 'Het e-mailadres of het wachtwoord is onjuist, of het account is geblokkeerd.' },
        }),
      );
    }
    await app.auth.login(request, reply, user.id);
    return reply.redirect(safeNext(form.next, homePath(user)), 303);
  });

  app.post('/logout', async (request, reply) => {
    await app.auth.logout(request, reply);
    return reply.redirect('/admin/login', 303);
  });

  app.get('/setup', async (request, reply) => {
    if (await hasAccounts(app.db)) throw notFound();
    return reply.viewAsync('pages/admin/setup', pageData(request, 'Eerste account aanmaken', 'setup', { values: {}, errors: {} }));
  });

  app.post('/setup', { config: { rateLimit: LOGIN_RATE_LIMIT } }, async (request, reply) => {
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
    const user = await setUp({ db: app.db, now: app.now() }, parsed.data);
    if (!user) throw notFound();
    await app.auth.login(request, reply, user.id);
    return reply.redirect('/admin/waves', 303);
  });
};

export default authRoutes;
