/**
 * Admin authentication: sessions (services/accounts.ts) behind an httpOnly `sid` cookie, the access
 * hook that applies the decisions of services/access.ts, and CSRF protection of every
 * state-changing request under /admin.
 *
 * CSRF: a signed-in request must present the session's token (`_csrf` form field or `x-csrf-token`
 * header). Before sign-in (login and setup forms) the token is an HMAC of a random nonce kept in the
 * httpOnly `csrf_pre` cookie: a cross-site form can send the cookie but cannot know the token.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionUser } from '../db/database.js';
import { adminFormExpired, forbidden, unauthenticated } from '../errors.js';
import { csrfTokens, sameToken } from '../security/csrf.js';
import { isTokenShaped, randomToken } from '../security/tokens.js';
import { endSession, ensureFirstResearcher, sessionOf, startSession } from '../services/accounts.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in admin user, or null. */
    user: SessionUser | null;
    /** The CSRF token to put in the hidden `_csrf` field of a form on this page. */
    csrfToken(): string;
    /** @internal session CSRF token of the signed-in user. */
    sessionCsrf: string | null;
    /** @internal pre-session CSRF nonce (from or for the csrf_pre cookie). */
    preCsrfNonce: string | null;
  }
  interface FastifyInstance {
    /**
     * A hook (use as preHandler or onRequest) admitting only signed-in users for whom `allowed` (a
     * decision of services/access.ts) holds; others get the login page or 401, or 403.
     */
    requireAccess(allowed: (user: SessionUser) => boolean): preHandlerAsyncHookHandler;
    auth: {
      /** Start a session for the user (ending the request's previous one): sets the `sid` cookie. */
      login(request: FastifyRequest, reply: FastifyReply, userId: number): Promise<void>;
      /** End the current session and clear the cookie. */
      logout(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    };
  }
}

export interface AuthOptions {
  /** Session lifetime; 8 hours by default. */
  sessionLifetimeMs?: number;
}

export const SESSION_COOKIE = 'sid';
export const PRE_CSRF_COOKIE = 'csrf_pre';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether the request matched an admin route. Decided by the route the router chose, never by the
 * raw URL: the router decodes percent-encodings, so `POST /%61dmin/login` is the login route while
 * its raw URL does not start with /admin (that skipped the CSRF check).
 */
function isAdminRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route !== undefined && (route === '/admin' || route.startsWith('/admin/'));
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/** The token a request presents: the `_csrf` form field (urlencoded or multipart) or the x-csrf-token header. */
function presentedToken(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | null | undefined;
  const field = body && typeof body === 'object' ? body._csrf : undefined;
  if (typeof field === 'string') return field;
  // @fastify/multipart with attachFieldsToBody: true wraps each field as { value }
  if (field && typeof field === 'object' && typeof (field as { value?: unknown }).value === 'string') {
    return (field as { value: string }).value;
  }
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

export default fp<AuthOptions>(
  async (app, opts) => {
    const lifetimeMs = opts.sessionLifetimeMs ?? 8 * 3600 * 1000;
    const secure = app.config.baseUrl.startsWith('https:');
    const cookieOptions = { path: '/admin', httpOnly: true, sameSite: 'lax' as const, secure };

    if (!app.hasDecorator('parseCookie')) await app.register(fastifyCookie);
    const preCsrf = csrfTokens(app.secrets, 'csrf-pre');

    app.decorateRequest('user', null);
    app.decorateRequest('sessionCsrf', null);
    app.decorateRequest('preCsrfNonce', null);
    app.decorateRequest('csrfToken', function (this: FastifyRequest) {
      if (this.sessionCsrf) return this.sessionCsrf;
      if (!this.preCsrfNonce) throw new Error('csrfToken() is only available under /admin');
      return preCsrf.token(this.preCsrfNonce);
    });

    app.addHook('onRequest', async (request, reply) => {
      if (!isAdminRoute(request)) return;
      const sid = request.cookies[SESSION_COOKIE];
      if (sid) {
        const session = await sessionOf(app.db, sid, app.now());
        if (session) {
          request.user = session.user;
          request.sessionCsrf = session.csrfToken;
          return;
        }
      }
      const nonce = request.cookies[PRE_CSRF_COOKIE];
      if (nonce && isTokenShaped(nonce)) {
        request.preCsrfNonce = nonce;
      } else {
        request.preCsrfNonce = randomToken();
        reply.setCookie(PRE_CSRF_COOKIE, request.preCsrfNonce, cookieOptions);
      }
    });

    // After body parsing (multipart attaches its fields in preValidation), before any handler:
    // every unsafe request under /admin needs a valid token.
    app.addHook('preHandler', async (request) => {
      if (!UNSAFE.has(request.method) || !isAdminRoute(request)) return;
      const token = presentedToken(request);
      const ok = request.sessionCsrf
        ? token !== undefined && sameToken(token, request.sessionCsrf)
        : request.preCsrfNonce !== null && preCsrf.check(request.preCsrfNonce, token);
      if (!ok) {
        throw adminFormExpired();
      }
    });

    app.decorate('requireAccess', (allowed: (user: SessionUser) => boolean): preHandlerAsyncHookHandler => {
      return async function requireAccess(request, reply) {
        if (!request.user) {
          if (wantsHtml(request) && request.method === 'GET') {
            return reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 303);
          }
          if (wantsHtml(request)) return reply.redirect('/admin/login', 303);
          throw unauthenticated();
        }
        if (!allowed(request.user)) throw forbidden();
      };
    });

    app.decorate('auth', {
      async login(request: FastifyRequest, reply: FastifyReply, userId: number) {
        const token = await startSession(app.db, userId, app.now(), lifetimeMs, request.cookies[SESSION_COOKIE]);
        reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: Math.floor(lifetimeMs / 1000) });
      },
      async logout(request: FastifyRequest, reply: FastifyReply) {
        const sid = request.cookies[SESSION_COOKIE];
        if (sid) await endSession(app.db, sid);
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
      },
    });

    // The first researcher may come from ADMIN_EMAIL / ADMIN_PASSWORD instead of the setup page.
    const admin = app.config.admin;
    if (admin && (await ensureFirstResearcher(app.db, admin, app.now()))) {
      app.log.info({ email: admin.email }, 'created the first researcher account from the environment');
    }
  },
  { name: 'auth', dependencies: ['db', 'secrets'] },
);
