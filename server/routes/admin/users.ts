import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { accountNotFound } from '../../errors.js';
import { passwordProblem } from '../../security/passwords.js';
import { canManageAccounts } from '../../services/access.js';
import { blockAccount, createAccount, findAccount, listAccounts, setAccountPassword, unblockAccount } from '../../services/accounts.js';
import { userContext } from '../context.js';
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
  app.addHook('onRequest', app.requireAccess(canManageAccounts));

  async function render(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>, notice: string | null = null) {
    const users = await listAccounts(app.db);
    return reply.viewAsync('pages/admin/users', pageData(request, 'Gebruikers', 'users', { users, values, errors, notice, me: request.user!.id }));
  }

  app.get('/users', async (request, reply) => render(request, reply, { role: 'evaluator' }, {}));

  app.post('/users', async (request, reply) => {
    const form = formFields(request.body);
    const parsed = newUserSchema.safeParse(form);
    const created = parsed.success ? await createAccount(userContext(request), parsed.data) : undefined;
    if (!created || 'taken' in created) {
      const errors = parsed.success ? { email: 'Er is al een account met dit e-mailadres.' } : fieldErrors(parsed.error);
      reply.status(422);
      return render(request, reply, { name: form.name ?? '', email: form.email ?? '', role: form.role ?? '' }, errors);
    }
    return render(request, reply, { role: 'evaluator' }, {}, `Account voor ${created.user.email} aangemaakt. Geef het wachtwoord op een veilige manier door.`);
  });

  async function userParam(request: FastifyRequest) {
    const { uid } = request.params as { uid: string };
    if (!/^\d{1,12}$/.test(uid)) throw accountNotFound();
    return findAccount(app.db, Number(uid));
  }

  app.post('/users/:uid/disable', async (request, reply) => {
    await blockAccount(userContext(request), await userParam(request));
    return reply.redirect('/admin/users', 303);
  });

  app.post('/users/:uid/enable', async (request, reply) => {
    await unblockAccount(userContext(request), await userParam(request));
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
    await setAccountPassword(userContext(request), user, form.password!);
    if (user.id === request.user!.id) return reply.redirect('/admin/login', 303);
    return render(request, reply, { role: 'evaluator' }, {}, `Nieuw wachtwoord voor ${user.email} ingesteld; bestaande sessies van dit account zijn beëindigd.`);
  });
};

export default userRoutes;
