/**
 * Previews for people without an account: a review link (/bekijken/:token) for a house coordinator
 * or a steering group, and the link in a researcher's test mail (/voorbeeld/:token). Both show the
 * questionnaire as a respondent sees it, in test mode; answers are kept per visitor (a cookie on the
 * link's path) in memory only. Token lookups are rate-limited and tokens are kept out of the log.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { formatDutchDateTime } from '../domain/format/nl.js';
import { openReviewLink, openTestLink } from '../services/preview.js';
import { aboutOf, previewVisitor, registerPreview } from './preview.js';

export interface PreviewLinkRoutesOptions {
  /** Requests per minute per IP. */
  rateLimitMax?: number;
}

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

const previewLinkRoutes: FastifyPluginAsync<PreviewLinkRoutesOptions> = async (app, opts) => {
  const limited = { config: { rateLimit: { max: opts.rateLimitMax ?? 300, timeWindow: '1 minute' } } };
  const secure = app.config.baseUrl.startsWith('https:');

  registerPreview(
    app,
    '/bekijken/:token',
    async (request, reply) => {
      const { token } = (request as TokenRequest).params;
      const { link, version } = await openReviewLink(app.db, token, app.now());
      const base = `/bekijken/${token}`;
      const visitor = previewVisitor(request, reply, base, secure);
      const now = app.now();
      return {
        questionnaire: version.questionnaire,
        wave: { id: `bekijk-${link.id}`, title: version.title, house: `Bekijkversie voor ${link.label}`, opens_at: now.toISOString(), closes_at: link.expires_at, anonymous: 1 as const },
        about: { sender_name: 'Het onderzoeksteam', sender_organisation: '', sender_email: link.created_by.includes('@') ? link.created_by : '', retention_days: null, min_cell_size: 5 },
        base,
        key: `review:${link.id}:${visitor}`,
        what: `${version.title}, versie ${version.version}: bekijklink voor ${link.label}, geldig tot ${formatDutchDateTime(link.expires_at)}`,
      };
    },
    limited,
    true,
  );

  registerPreview(
    app,
    '/voorbeeld/:token',
    async (request, reply) => {
      const { token } = (request as TokenRequest).params;
      const { wave, questionnaire } = await openTestLink(app.db, app.secrets, token, app.now());
      const base = `/voorbeeld/${token}`;
      const visitor = previewVisitor(request, reply, base, secure);
      return {
        questionnaire,
        wave,
        about: aboutOf(wave),
        base,
        key: `test:${wave.id}:${visitor}`,
        what: `Link uit een testbericht van de ronde “${wave.title}”`,
      };
    },
    limited,
    true,
  );

  // the opt-out link of a test mail: a real one would opt the participant out
  app.get('/voorbeeld/:token/afmelden', limited, async (request: TokenRequest, reply) => {
    await openTestLink(app.db, app.secrets, request.params.token, app.now());
    return reply.viewAsync('pages/optout/test', { title: 'Afmelden (testbericht)' });
  });
};

export default previewLinkRoutes;
