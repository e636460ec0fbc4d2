import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { audit, countUsers, createUser, findUserByEmail } from '../../db/repositories/users.js';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '../../security/passwords.js';
import { notFound } from '../../errors.js';
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
    if (!request.user) return reply.redirect((await countUsers(app.db)) === 0 ? '/admin/setup' : '/admin/login', 303);
    return reply.redirect(request.user.role === 'researcher' ? '/admin/waves' : '/admin/results', 303);
  });

  app.get('/login', async (request, reply) => {
    if ((await countUsers(app.db)) === 0) return reply.redirect('/admin/setup', 303);
    const next = typeof (request.query as { next?: unknown }).next === 'string' ? (request.query as { next: string }).next : '';
    return reply.viewAsync('pages/admin/login', pageData(request, 'Inloggen', 'login', { values: { email: '', next }, errors: {} }));
  });

  app.post('/login', { config: { rateLimit: LOGIN_RATE_LIMIT } }, async (request, reply) => {
    const form = formFields(request.body);
    const email = (form.email ?? '').trim();
    const password = form.password ?? '';
    const user = email ? await findUserByEmail(app.db, email) : undefined;
    // Verify against a dummy hash for unknown accounts so the answer time does not reveal which exist.
    const valid = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !valid || user.disabled === 1) {
      await audit(app.db, email.slice(0, 200) || '(leeg)', 'login_failed', {}, app.now());
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
    await audit(app.db, user.email, 'login', {}, app.now());
    const fallback = user.role === 'researcher' ? '/admin/waves' : '/admin/results';
    return reply.redirect(safeNext(form.next, fallback), 303);
  });

  app.post('/logout', async (request, reply) => {
    await app.auth.logout(request, reply);
    return reply.redirect('/admin/login', 303);
  });

  app.get('/setup', async (request, reply) => {
    if ((await countUsers(app.db)) > 0) throw notFound();
    return reply.viewAsync('pages/admin/setup', pageData(request, 'Eerste account aanmaken', 'setup', { values: {}, errors: {} }));
  });

  app.post('/setup', { config: { rateLimit: LOGIN_RATE_LIMIT } }, async (request, reply) => {
    if ((await countUsers(app.db)) > 0) throw notFound();
    const form = formFields(request.body);
    const parsed = setupSchema.safeParse(form);
    if (!parsed.success) {
      reply.status(422);
      return reply.viewAsync(
        'pages/admin/setup',
        pageData(request, 'Eerste account aanmaken', 'setup', { values: { name: form.name, email: form.email }, errors: fieldErrors(parsed.error) }),
      );
    }
    const passwordHash = await hashPassword(parsed.data.password);
    // Check and insert in one transaction so two simultaneous set-ups cannot both succeed.
    const user = await app.db.transaction().execute(async (trx) => {
      if ((await countUsers(trx)) > 0) return undefined;
      return createUser(trx, { email: parsed.data.email, name: parsed.data.name, role: 'researcher', passwordHash }, app.now());
    });
    if (!user) throw notFound();
    await audit(app.db, user.email, 'setup', { userId: user.id }, app.now());
    await app.auth.login(request, reply, user.id);
    return reply.redirect('/admin/waves', 303);
  });
};

export default authRoutes;
