import fp from 'fastify-plugin';

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** Security headers on every response: a CSP without inline scripts, no framing, no sniffing, no referrer (tokens live in URLs). */
export default fp(
  async (app) => {
    app.addHook('onSend', async (_request, reply) => {
      reply.header('Content-Security-Policy', csp);
      reply.header('X-Content-Type-Options', 'nosniff');
      reply.header('X-Frame-Options', 'DENY');
      reply.header('Referrer-Policy', 'no-referrer');
      reply.header('Cross-Origin-Opener-Policy', 'same-origin');
      if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    });
  },
  { name: 'security' },
);
