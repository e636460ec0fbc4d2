/**
 * Opting out of mail about a wave: GET /optout/:token shows a confirmation form (a link-checking
 * mail scanner that fetches the URL opts nobody out), POST records the opt-out. The same URL takes
 * RFC 8058 one-click unsubscribes (`List-Unsubscribe=One-Click`) from mail providers; the token
 * itself, signed and unguessable, is what authorises the request. Token lookups are rate-limited
 * and the token is redacted from the request log.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { optOutFormInvalid } from '../errors.js';
import { csrfTokens } from '../security/csrf.js';
import { hashToken } from '../security/tokens.js';
import { optOut, optOutTarget } from '../services/optout.js';
import { participantContext } from './context.js';

export interface OptOutRoutesOptions {
  /** Requests per minute per IP. */
  rateLimitMax?: number;
}

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

const optoutRoutes: FastifyPluginAsync<OptOutRoutesOptions> = async (app, opts) => {
  const limited = { config: { rateLimit: { max: opts.rateLimitMax ?? 60, timeWindow: '1 minute' } } };
  // the confirmation form's token is bound to the link (by its hash: the token itself is never kept)
  const csrf = csrfTokens(app.secrets, 'csrf-optout');

  app.get('/optout/:token', limited, async (request: TokenRequest, reply) => {
    const p = await optOutTarget(app.db, app.secrets, request.params.token);
    return reply.viewAsync('pages/optout/confirm', {
      title: 'Afmelden',
      wave: p,
      already: p.opted_out_at !== null,
      action: `/optout/${request.params.token}`,
      csrf: csrf.token(hashToken(request.params.token)),
    });
  });

  app.post('/optout/:token', limited, async (request: TokenRequest, reply) => {
    const p = await optOutTarget(app.db, app.secrets, request.params.token);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body['List-Unsubscribe'] === 'One-Click') {
      await optOut(participantContext(request), p, 'one-click');
      return reply.type('text/plain; charset=utf-8').send('U bent afgemeld.');
    }
    if (!csrf.check(hashToken(request.params.token), body._csrf)) throw optOutFormInvalid();
    await optOut(participantContext(request), p, 'form');
    return reply.viewAsync('pages/optout/done', { title: 'Afgemeld', wave: p });
  });
};

export default optoutRoutes;
