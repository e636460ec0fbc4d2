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

/** The headers every response carries (also the ones Fastify answers before routing: see frameworkErrors). */
// lower case, as Fastify keeps (and sends) header names: it lower-cases each name it is given, a new string per header per response otherwise
export const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': csp,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** Security headers on every response: a CSP without inline scripts, no framing, no sniffing, no referrer (tokens live in URLs). */
export default fp(
  async (app) => {
    // a callback hook, not an async one: no promise per response for work that never waits
    app.addHook('onSend', (_request, reply, payload, done) => {
      reply.headers(securityHeaders);
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      done(null, payload);
    });
  },
  { name: 'security' },
);
