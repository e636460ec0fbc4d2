import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  audit,
  countActiveResearchers,
  createUser,
  findUser,
  findUserByEmail,
  listUsers,
  setUserDisabled,
  setUserPassword,
} from '../../db/repositories/users.js';
import { hashPassword, passwordProblem } from '../../security/passwords.js';
import { AppError, notFound } from '../../errors.js';
import { fieldErrors, formFields, pageData } from './forms.js';

const passwordField = z.string().superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const newUserSchema = z.object({
  name: z.string().trim().min(1, 'Vul een naam in.').max(200, 'De naam is te lang.'),
  email: z.email('Vul een geldig e-mailadres in.').trim(),
  role: z.enum(['researcher', 'evaluator'], 'Kies een rol.'),
  password: passwordField,
});

/** Accounts: a researcher creates researchers and evaluators, blocks them and sets new passwords. */
const userRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', app.requireRole('researcher'));

  async function render(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>, notice: string | null = null) {
    const users = await listUsers(app.db);
    return reply.viewAsync('pages/admin/users', pageData(request, 'Gebruikers', 'users', { users, values, errors, notice, me: request.user!.id }));
  }

  app.get('/users', async (request, reply) => render(request, reply, { role: 'evaluator' }, {}));

  app.post('/users', async (request, reply) => {
    const form = formFields(request.body);
    const parsed = newUserSchema.safeParse(form);
    const errors = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && (await findUserByEmail(app.db, parsed.data.email))) errors.email = 'Er is al een account met dit e-mailadres.';
    if (!parsed.success || Object.keys(errors).length > 0) {
      reply.status(422);
      return render(request, reply, { name: form.name ?? '', email: form.email ?? '', role: form.role ?? '' }, errors);
    }
    const user = await createUser(
      app.db,
      { email: parsed.data.email, name: parsed.data.name, role: parsed.data.role, passwordHash: await hashPassword(parsed.data.password) },
      app.now(),
    );
    await audit(app.db, request.user!.email, 'user_created', { userId: user.id, role: user.role }, app.now());
    return render(request, reply, { role: 'evaluator' }, {}, `Account voor ${user.email} aangemaakt. Geef het wachtwoord op een veilige manier door.`);
  });

  async function userParam(request: FastifyRequest) {
    const { uid } = request.params as { uid: string };
    const user = /^\d{1,12}$/.test(uid) ? await findUser(app.db, Number(uid)) : undefined;
    if (!user) throw notFound('Dit account bestaat niet.');
    return user;
  }

  app.post('/users/:uid/disable', async (request, reply) => {
    const user = await userParam(request);
    if (user.id === request.user!.id) throw new AppError(409, 'SELF', 'U kunt uw eigen account niet blokkeren.', 'Niet mogelijk');
    if (user.role === 'researcher' && user.disabled === 0 && (await countActiveResearchers(app.db)) <= 1) {
      throw new AppError(409, 'LAST_RESEARCHER', 'Het laatste actieve onderzoekersaccount kan niet worden geblokkeerd.', 'Niet mogelijk');
    }
    await setUserDisabled(app.db, user.id, true);
    await audit(app.db, request.user!.email, 'user_disabled', { userId: user.id }, app.now());
    return reply.redirect('/admin/users', 303);
  });

  app.post('/users/:uid/enable', async (request, reply) => {
    const user = await userParam(request);
    await setUserDisabled(app.db, user.id, false);
    await audit(app.db, request.user!.email, 'user_enabled', { userId: user.id }, app.now());
    return reply.redirect('/admin/users', 303);
  });

  app.post('/users/:uid/password', async (request, reply) => {
    const user = await userParam(request);
    const form = formFields(request.body);
    const problem = passwordProblem(form.password ?? '');
    if (problem) {
      reply.status(422);
      return render(request, reply, { role: 'evaluator' }, { [`password-${user.id}`]: problem });
    }
    await setUserPassword(app.db, user.id, await hashPassword(form.password!));
    await audit(app.db, request.user!.email, 'user_password_set', { userId: user.id }, app.now());
    if (user.id === request.user!.id) return reply.redirect('/admin/login', 303);
    return render(request, reply, { role: 'evaluator' }, {}, `Nieuw wachtwoord voor ${user.email} ingesteld; bestaande sessies van dit account zijn beëindigd.`);
  });
};

export default userRoutes;
