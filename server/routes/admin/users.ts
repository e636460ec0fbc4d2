/**
 * Accounts and their grants. A landelijk onderzoeker manages every account (grants, block, password,
 * two-factor reset); a coordinator sees the evaluators of their houses and invites or removes them.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Grant, SessionUser } from '../../db/database.js';
import { accountNotFound } from '../../errors.js';
import { passwordProblem } from '../../security/passwords.js';
import { can, grantableKinds, grantFrom, grantLabel } from '../../services/access.js';
import {
  addGrant,
  blockAccount,
  createAccount,
  findAccount,
  listAccounts,
  removeGrant,
  setAccountPassword,
  unblockAccount,
  accountByEmail,
  accountGrants,
  type AccountView,
} from '../../services/accounts.js';
import { housesOf } from '../../services/houses.js';
import { resetTwoFactor } from '../../services/twoFactor.js';
import { userContext } from '../context.js';
import { passwordField } from './auth.js';
import { fieldErrors, formFields, pageData } from './forms.js';

const newUserSchema = z.object({
  name: z.string().trim().min(1, 'Vul een naam in.').max(200, 'De naam is te lang.'),
  email: z.email('Vul een geldig e-mailadres in.').trim(),
  password: passwordField,
});

const KIND_LABELS: Record<Grant['kind'], string> = {
  'national-researcher': 'landelijk onderzoeker (alles, ook accounts en huizen)',
  'national-evaluator': 'landelijk evaluator (resultaten van alle huizen)',
  coordinator: 'coördinator van een huis (rondes, deelnemers, mail en resultaten van dat huis)',
  evaluator: 'evaluator van een huis (resultaten van dat huis en de benchmark)',
};

const userRoutes: FastifyPluginAsync = async (app) => {
  /** The houses on which `user` may give grants, as select options. */
  async function houseOptions(user: SessionUser) {
    const houses = await housesOf(app.db, user, can(user, 'manageAccounts') ? 'manageHouses' : 'manageEvaluators');
    return houses.map((h) => ({ value: String(h.id), label: h.name }));
  }

  async function grantForm(user: SessionUser) {
    const houses = await houseOptions(user);
    const names = new Map(houses.map((h) => [Number(h.value), h.label]));
    return {
      kinds: grantableKinds(user).map((k) => ({ value: k, label: KIND_LABELS[k] })),
      houses: [{ value: '', label: '– geen (landelijk recht) –' }, ...houses],
      label: (g: Grant) => grantLabel(g, (id) => names.get(id) ?? `huis ${id}`),
    };
  }

  /** The grant of a form's `kind` and `house` fields, or a Dutch message. */
  function formGrant(form: Record<string, string>): Grant | string {
    const house = (form.house ?? '').trim();
    const houseId = house === '' ? null : /^\d{1,12}$/.test(house) ? Number(house) : NaN;
    const grant = grantFrom(form.kind ?? '', Number.isNaN(houseId) ? -1 : houseId);
    if (grant) return grant;
    return form.kind === 'coordinator' || form.kind === 'evaluator' ? 'Kies het Veiligheidshuis van dit recht.' : 'Kies een recht; een landelijk recht hoort bij geen huis.';
  }

  async function render(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>, notice: string | null = null) {
    const user = request.user!;
    const users = await listAccounts(app.db, user);
    return reply.viewAsync(
      'pages/admin/users',
      pageData(request, 'Gebruikers', 'users', { users, values, errors, notice, me: user.id, national: can(user, 'manageAccounts'), ...(await grantForm(user)) }),
    );
  }

  app.get('/users', { config: { access: 'manageEvaluators' } }, async (request, reply) => render(request, reply, {}, {}));

  app.post('/users', { config: { access: 'manageEvaluators' } }, async (request, reply) => {
    const form = formFields(request.body);
    const parsed = newUserSchema.safeParse(form);
    const grant = formGrant(form);
    const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(typeof grant === 'string' ? { kind: grant } : {}) };
    const values = { name: form.name ?? '', email: form.email ?? '', kind: form.kind ?? '', house: form.house ?? '' };
    if (!parsed.success || typeof grant === 'string') {
      reply.status(422);
      return render(request, reply, values, errors);
    }
    const ctx = userContext(request);
    const created = await createAccount(ctx, { ...parsed.data, grants: [grant] });
    if ('taken' in created) {
      // a coordinator inviting someone who has an account already: that account gets the evaluator grant (its password stays)
      if (!can(request.user!, 'manageAccounts') && grant.kind === 'evaluator') {
        const existing = await accountByEmail(app.db, parsed.data.email);
        await addGrant(ctx, existing, grant);
        return render(request, reply, {}, {}, `Er was al een account voor ${existing.email}; dat account is nu ook evaluator van dit huis. Het wachtwoord is niet gewijzigd.`);
      }
      reply.status(422);
      return render(request, reply, values, { email: 'Er is al een account met dit e-mailadres; geef het rechten op de pagina van dat account.' });
    }
    return render(request, reply, {}, {}, `Account voor ${created.user.email} aangemaakt. Geef het wachtwoord op een veilige manier door; bij de eerste keer inloggen stelt de gebruiker tweestapsverificatie in.`);
  });

  async function userParam(request: FastifyRequest) {
    const { uid } = request.params as { uid: string };
    if (!/^\d{1,12}$/.test(uid)) throw accountNotFound();
    return findAccount(app.db, request.user!, Number(uid));
  }

  async function renderAccount(request: FastifyRequest, reply: FastifyReply, account: AccountView, errors: Record<string, string> = {}, notice: string | null = null) {
    const user = request.user!;
    const national = can(user, 'manageAccounts');
    const form = await grantForm(user);
    const visible = national ? account.grants : account.grants.filter((g) => g.kind === 'evaluator' && can(user, 'manageEvaluators', g.houseId));
    return reply.viewAsync(
      'pages/admin/user',
      pageData(request, `Account: ${account.name}`, 'users', { account, grants: visible.map((g) => ({ ...g, label: form.label(g), house: 'houseId' in g ? String(g.houseId) : '' })), ...form, national, me: user.id, errors, notice }),
    );
  }

  const withGrants = async (request: FastifyRequest): Promise<AccountView> => {
    const account = await userParam(request);
    return { ...account, grants: await accountGrants(app.db, account.id) };
  };

  app.get('/users/:uid', { config: { access: 'manageAccount' } }, async (request, reply) => renderAccount(request, reply, await withGrants(request)));

  app.post('/users/:uid/grants', { config: { access: 'manageAccount' } }, async (request, reply) => {
    const account = await withGrants(request);
    const grant = formGrant(formFields(request.body));
    if (typeof grant === 'string') {
      reply.status(422);
      return renderAccount(request, reply, account, { kind: grant });
    }
    await addGrant(userContext(request), account, grant);
    return reply.redirect(`/admin/users/${account.id}`, 303);
  });

  app.post('/users/:uid/grants/remove', { config: { access: 'manageAccount' } }, async (request, reply) => {
    const account = await withGrants(request);
    const grant = formGrant(formFields(request.body));
    if (typeof grant === 'string') {
      reply.status(422);
      return renderAccount(request, reply, account, { kind: grant });
    }
    await removeGrant(userContext(request), account, grant);
    // a coordinator who removed the last evaluator grant they can see no longer sees the account
    const stillVisible = can(request.user!, 'manageAccounts') || (await accountGrants(app.db, account.id)).some((g) => g.kind === 'evaluator' && can(request.user!, 'manageEvaluators', g.houseId));
    return reply.redirect(stillVisible ? `/admin/users/${account.id}` : '/admin/users', 303);
  });

  app.post('/users/:uid/disable', { config: { access: 'manageAccounts' } }, async (request, reply) => {
    await blockAccount(userContext(request), await userParam(request));
    return reply.redirect(`/admin/users/${(request.params as { uid: string }).uid}`, 303);
  });

  app.post('/users/:uid/enable', { config: { access: 'manageAccounts' } }, async (request, reply) => {
    await unblockAccount(userContext(request), await userParam(request));
    return reply.redirect(`/admin/users/${(request.params as { uid: string }).uid}`, 303);
  });

  app.post('/users/:uid/two-factor/reset', { config: { access: 'manageAccounts' } }, async (request, reply) => {
    const account = await withGrants(request);
    await resetTwoFactor(userContext(request), account);
    return renderAccount(request, reply, account, {}, `De tweestapsverificatie van ${account.email} is gewist; bij de volgende keer inloggen stelt deze gebruiker haar opnieuw in.`);
  });

  app.post('/users/:uid/password', { config: { access: 'manageAccounts' } }, async (request, reply) => {
    const account = await withGrants(request);
    const form = formFields(request.body);
    const problem = passwordProblem(form.password ?? '');
    if (problem) {
      reply.status(422);
      return renderAccount(request, reply, account, { password: problem });
    }
    await setAccountPassword(userContext(request), account, form.password!);
    if (account.id === request.user!.id) return reply.redirect('/admin/login', 303);
    return renderAccount(request, reply, account, {}, `Nieuw wachtwoord voor ${account.email} ingesteld; bestaande sessies van dit account zijn beëindigd.`);
  });
};

export default userRoutes;
