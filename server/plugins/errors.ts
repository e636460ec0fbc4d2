import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

async function send(request: FastifyRequest, reply: FastifyReply, status: number, code: string, title: string, detail: string) {
  reply.status(status);
  if (wantsHtml(request)) {
    return reply.type('text/html; charset=utf-8').viewAsync('pages/error', { status, title, detail });
  }
  return reply.type('application/problem+json').send({ type: 'about:blank', status, code, title, detail });
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
