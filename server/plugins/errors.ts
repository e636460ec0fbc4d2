import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';
import { securityHeaders } from './security.js';

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

/**
 * The footer of an error page: on a respondent's link (/r/<token>, /o/<token>) that is known, its
 * privacy and accessibility statements; elsewhere the general accessibility statement.
 */
function footerOf(request: FastifyRequest, status: number): { privacy: string | null; accessibility: string } {
  const link = /^\/(r|o)\/([A-Za-z0-9_-]{20,})(?:[/?#]|$)/.exec(request.url);
  if (!link || status === 404) return { privacy: null, accessibility: '/toegankelijkheid' };
  const base = `/${link[1]}/${link[2]}`;
  return { privacy: `${base}/privacy`, accessibility: `${base}/toegankelijkheid` };
}

async function send(request: FastifyRequest, reply: FastifyReply, status: number, code: string, title: string, detail: string) {
  reply.status(status);
  if (wantsHtml(request)) {
    return reply.type('text/html; charset=utf-8').viewAsync('pages/error', { status, title, detail, footer: footerOf(request, status) });
  }
  return reply.type('application/problem+json').send({ type: 'about:blank', status, code, title, detail });
}

/**
 * Fastify answers a URL it cannot decode (FST_ERR_BAD_URL) or an over-long path parameter
 * (FST_ERR_MAX_PARAM_LENGTH) before routing, outside the error handler: by default with English JSON
 * that echoes the URL, token included. This gives them the same Dutch page or problem+json instead.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
  const title = 'Ongeldig adres';
  const detail = 'Het adres van deze pagina is ongeldig. Controleer of u de volledige link hebt gebruikt; soms breekt een e-mailprogramma een lange link af.';
  reply.code(status).headers(securityHeaders).header('Cache-Control', 'no-store');
  if (!wantsHtml(request)) {
    reply.type('application/problem+json').send({ type: 'about:blank', status, code: error.code, title, detail });
    return;
  }
  request.server.view('pages/error', { status, title, detail }).then(
    (html: string) => reply.type('text/html; charset=utf-8').send(html),
    () => reply.type('text/plain; charset=utf-8').send(detail),
  );
}

/**
 * One error pipeline: AppErrors and client errors keep their status and message; anything else is
 * logged and shown as a plain 500 without stack trace or SQL.
 */
export default fp(
  async (app) => {
    app.setErrorHandler(async (error: FastifyError | AppError, request, reply) => {
      if (error instanceof AppError) {
        return send(request, reply, error.statusCode, error.code, error.title ?? 'Fout', error.message);
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const detail =
          status === 429
            ? 'Te veel verzoeken. Probeer het over enkele minuten opnieuw.'
            : status === 413
              ? 'Het verzonden bericht is te groot.'
              : 'Het verzoek kon niet worden verwerkt.';
        return send(request, reply, status, error.code ?? 'BAD_REQUEST', 'Ongeldig verzoek', detail);
      }
      request.log.error({ err: error }, 'unhandled error');
      return send(request, reply, 500, 'INTERNAL', 'Er ging iets mis', 'Er ging aan onze kant iets mis. Uw eerder opgeslagen antwoorden zijn bewaard; probeer het later opnieuw.');
    });
    app.setNotFoundHandler(async (request, reply) =>
      send(request, reply, 404, 'NOT_FOUND', 'Niet gevonden', 'De pagina die u zoekt bestaat niet (meer).'),
    );
  },
  { name: 'errors', dependencies: ['view'] },
);
