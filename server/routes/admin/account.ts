/**
 * The signed-in user's own account: grants, sessions ("overal uitloggen"), password, and two-factor
 * login (set up, new recovery codes, switch off where the grants allow).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatDutchDateTime } from '../../domain/format/nl.js';
import { AppError } from '../../errors.js';
import { grantLabel, twoFactorRequired } from '../../services/access.js';
import { changeOwnPassword, endAllSessions, mySessions } from '../../services/accounts.js';
import { allHouses } from '../../services/houses.js';
import { beginEnrolment, confirmEnrolment, disableTwoFactor, pendingEnrolment, recoveryCodesLeft, renewRecoveryCodes } from '../../services/twoFactor.js';
import { userContext } from '../context.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { passwordField } from './auth.js';
import { fieldErrors, formFields, pageData } from './forms.js';

const passwordSchema = z
  .object({ current: z.string().min(1, 'Vul uw huidige wachtwoord in.'), password: passwordField, password2: z.string() })
  .refine((v) => v.password === v.password2, { path: ['password2'], message: 'De wachtwoorden zijn niet gelijk.' });

const accountRoutes: FastifyPluginAsync = async (app) => {
  const signedIn = { config: { access: 'signedIn' as const } };

  async function render(request: FastifyRequest, reply: FastifyReply, errors: Record<string, string> = {}, notice: string | null = null) {
    const user = request.user!;
    const ctx = userContext(request);
    const names = new Map((await allHouses(app.db)).map((h) => [h.id, h.name]));
    const sessions = (await mySessions(app.db, user, app.now(), request.cookies[SESSION_COOKIE])).map((s) => ({
      ...s,
      created: formatDutchDateTime(s.created_at),
      lastSeen: s.last_seen_at ? formatDutchDateTime(s.last_seen_at) : '',
    }));
    return reply.viewAsync(
      'pages/admin/account',
      pageData(request, 'Mijn account', 'account', {
        grants: user.grants.map((g) => grantLabel(g, (id) => names.get(id) ?? `huis ${id}`)),
        sessions,
        twoFactor: user.twoFactor,
        codesLeft: user.twoFactor ? await recoveryCodesLeft(ctx, user.id) : 0,
        required: twoFactorRequired(user.grants, app.config.twoFactorEvaluators),
        errors,
        notice,
      }),
    );
  }

  app.get('/account', signedIn, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    return render(request, reply, {}, query.wachtwoord !== undefined ? 'Uw wachtwoord is gewijzigd; uw andere sessies zijn beëindigd.' : null);
  });

  app.post('/account/password', signedIn, async (request, reply) => {
    const parsed = passwordSchema.safeParse(formFields(request.body));
    if (!parsed.success) {
      reply.status(422);
      return render(request, reply, fieldErrors(parsed.error));
    }
    try {
      await changeOwnPassword(userContext(request), request.user!, parsed.data.current, parsed.data.password);
    } catch (error) {
      if (error instanceof AppError && error.code === 'WRONG_PASSWORD') {
        reply.status(422);
        return render(request, reply, { current: error.message });
      }
      throw error;
    }
    // every session ended with the old password; this browser goes on in a new one
    await app.auth.login(request, reply, request.user!.id);
    return reply.redirect('/admin/account?wachtwoord', 303);
  });

  app.post('/account/logout-everywhere', signedIn, async (request, reply) => {
    await endAllSessions(userContext(request), request.user!);
    await app.auth.logout(request, reply);
    return reply.redirect('/admin/login', 303);
  });

  /** The enrolment page; a re-render after a wrong code (`start` false) never starts a new enrolment, it sends the browser to the start. */
  async function enrolPage(request: FastifyRequest, reply: FastifyReply, errors: Record<string, string>, start = true) {
    const ctx = userContext(request);
    const user = request.user!;
    const enrolment = (await pendingEnrolment(ctx, app.secrets, user)) ?? (start ? await beginEnrolment(ctx, app.secrets, user) : null);
    if (!enrolment) return reply.redirect(start ? '/admin/account' : '/admin/account/two-factor', 303);
    return reply.viewAsync(
      'pages/admin/two-factor-enrol',
      pageData(request, 'Tweestapsverificatie instellen', 'account', { enrolment, action: '/admin/account/two-factor', required: false, next: '', errors }),
    );
  }

  app.get('/account/two-factor', signedIn, async (request, reply) => {
    if (request.user!.twoFactor) return reply.redirect('/admin/account', 303);
    return enrolPage(request, reply, {});
  });

  app.post('/account/two-factor', signedIn, async (request, reply) => {
    if (request.user!.twoFactor) return reply.redirect('/admin/account', 303);
    const codes = await confirmEnrolment(userContext(request), app.secrets, request.user!.id, formFields(request.body).code ?? '');
    if (!codes) {
      reply.status(422);
      return enrolPage(request, reply, { code: 'Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat en neem de code die de app nu toont.' }, false);
    }
    return reply.viewAsync('pages/admin/recovery-codes', pageData(request, 'Herstelcodes', 'account', { codes, continueTo: '/admin/account' }));
  });

  app.post('/account/two-factor/recovery-codes', signedIn, async (request, reply) => {
    if (!request.user!.twoFactor) return reply.redirect('/admin/account', 303);
    const codes = await renewRecoveryCodes(userContext(request), app.secrets, request.user!);
    return reply.viewAsync('pages/admin/recovery-codes', pageData(request, 'Herstelcodes', 'account', { codes, continueTo: '/admin/account' }));
  });

  app.post('/account/two-factor/disable', signedIn, async (request, reply) => {
    await disableTwoFactor(userContext(request), request.user!, app.config.twoFactorEvaluators);
    return reply.redirect('/admin/account', 303);
  });
};

export default accountRoutes;
