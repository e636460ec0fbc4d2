/**
 * Opting out of mail about a wave: GET /optout/:token shows a confirmation form (a link-checking
 * mail scanner that fetches the URL opts nobody out), POST records the opt-out. The same URL takes
 * RFC 8058 one-click unsubscribes (`List-Unsubscribe=One-Click`) from mail providers; the token
 * itself, signed and unguessable, is what authorises the request. Token lookups are rate-limited
 * and the token is redacted from the request log.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError, forbidden } from '../errors.js';
import { verifyOptOutToken } from '../security/tokens.js';
import { hashToken } from '../security/tokens.js';

export interface OptOutRoutesOptions {
  /** Requests per minute per IP. */
  rateLimitMax?: number;
}

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

const CSRF_PURPOSE = 'csrf-optout';

function unknownLink(): AppError {
  return new AppError(404, 'UNKNOWN_LINK', 'Deze afmeldlink is niet (meer) geldig. Controleer of u de volledige link uit de e-mail hebt gebruikt.', 'Link niet gevonden');
}

const optoutRoutes: FastifyPluginAsync<OptOutRoutesOptions> = async (app, opts) => {
  const limited = { config: { rateLimit: { max: opts.rateLimitMax ?? 60, timeWindow: '1 minute' } } };

  async function load(token: string) {
    const participantId = verifyOptOutToken(app.secrets, token);
    if (participantId === null) throw unknownLink();
    const row = await app.db
      .selectFrom('participants as p')
      .innerJoin('waves as w', 'w.id', 'p.wave_id')
      .select(['p.id', 'p.wave_id', 'p.opted_out_at', 'w.title', 'w.house', 'w.sender_name'])
      .where('p.id', '=', participantId)
      .executeTakeFirst();
    if (!row) throw unknownLink();
    return row;
  }

  async function optOut(participantId: number, waveId: string, via: 'form' | 'one-click'): Promise<void> {
    const at = app.now().toISOString();
    await app.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('participants').set({ opted_out_at: at }).where('id', '=', participantId).where('opted_out_at', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) {
        await trx.insertInto('audit_log').values({ at, actor: 'deelnemer', action: 'participant.optout', details: JSON.stringify({ participantId, waveId, via }) }).execute();
      }
    });
  }

  app.get('/optout/:token', limited, async (request: TokenRequest, reply) => {
    const p = await load(request.params.token);
    return reply.viewAsync('pages/optout/confirm', {
      title: 'Afmelden',
      wave: p,
      already: p.opted_out_at !== null,
      action: `/optout/${request.params.token}`,
      csrf: app.secrets.sign(CSRF_PURPOSE, hashToken(request.params.token)),
    });
  });

  app.post('/optout/:token', limited, async (request: TokenRequest, reply) => {
    const p = await load(request.params.token);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body['List-Unsubscribe'] === 'One-Click') {
      await optOut(p.id, p.wave_id, 'one-click');
      return reply.type('text/plain; charset=utf-8').send('U bent afgemeld.');
    }
    const presented = typeof body._csrf === 'string' ? body._csrf : undefined;
    if (!app.secrets.verify(CSRF_PURPOSE, hashToken(request.params.token), presented)) {
      throw forbidden('Dit formulier kon niet worden verwerkt. Open de afmeldlink uit de e-mail opnieuw.');
    }
    await optOut(p.id, p.wave_id, 'form');
    return reply.viewAsync('pages/optout/done', { title: 'Afgemeld', wave: p });
  });
};

export default optoutRoutes;
