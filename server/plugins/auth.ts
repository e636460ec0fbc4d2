/**
 * Admin authentication: sessions (services/accounts.ts) behind an httpOnly `sid` cookie, the access
 * check that applies the decisions of services/access.ts to every admin route, and CSRF protection
 * of every state-changing request under /admin.
 *
 * Access: every route registered under /admin must declare its scope, `{ config: { access: '<scope>' } }`
 * (the scopes are services/access.ts ROUTE_SCOPES); registering one without fails at start. Before
 * any handler runs, a request without a signed-in user gets the login page or 401, one whose grants
 * never allow the route 403, and one for an object outside the user's grants (a wave, an outbox
 * message, an account) 404 — the same answer as for an object that does not exist.
 *
 * A session is at a stage: waiting for the second factor (`code`), obliged to set up two-factor
 * login (`enrol`), or signed in (`full`). Only a full session makes `request.user`; the login steps
 * read `request.pending`.
 *
 * CSRF: a signed-in request must present the session's token (`_csrf` form field or `x-csrf-token`
 * header). Before sign-in (login and setup forms) the token is an HMAC of a random nonce kept in the
 * httpOnly `csrf_pre` cookie: a cross-site form can send the cookie but cannot know the token.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionStage, SessionUser } from '../db/database.js';
import { adminFormExpired, forbidden, notFound, unauthenticated } from '../errors.js';
import { csrfTokens, sameToken } from '../security/csrf.js';
import { isTokenShaped, randomToken } from '../security/tokens.js';
import { authorizeRoute, isRouteScope, type RouteScope } from '../services/access.js';
import { endSession, ensureFirstResearcher, sessionOf, startSession } from '../services/accounts.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The access scope of an admin route (services/access.ts ROUTE_SCOPES); required under /admin. */
    access?: RouteScope;
  }
  interface FastifyRequest {
    /** The signed-in admin user (a full session), or null. */
    user: SessionUser | null;
    /** A session on its way in: waiting for the second factor or for enrolment. */
    pending: { user: SessionUser; stage: Exclude<SessionStage, 'full'> } | null;
    /** The CSRF token to put in the hidden `_csrf` field of a form on this page. */
    csrfToken(): string;
    /** @internal session CSRF token of the signed-in user. */
    sessionCsrf: string | null;
    /** @internal pre-session CSRF nonce (from or for the csrf_pre cookie). */
    preCsrfNonce: string | null;
  }
  interface FastifyInstance {
    /** The declared scope of every admin route, by "METHOD url" (for the route matrix test and the README's list). */
    adminScopes: ReadonlyMap<string, RouteScope>;
    auth: {
      /** Start a session at `stage` (default: signed in) for the user, ending the request's previous one: sets the `sid` cookie. */
      login(request: FastifyRequest, reply: FastifyReply, userId: number, stage?: SessionStage): Promise<void>;
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
  return route !== undefined && isAdminUrl(route);
}

/** Whether a registered route's path is under /admin. */
function isAdminUrl(url: string): boolean {
  return url === '/admin' || url.startsWith('/admin/');
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
    app.decorateRequest('pending', null);
    app.decorateRequest('sessionCsrf', null);
    app.decorateRequest('preCsrfNonce', null);
    app.decorateRequest('csrfToken', function (this: FastifyRequest) {
      if (this.sessionCsrf) return this.sessionCsrf;
      if (!this.preCsrfNonce) throw new Error('csrfToken() is only available under /admin');
      return preCsrf.token(this.preCsrfNonce);
    });

    // callback hooks with a fast path: most requests (respondents, static files) are not under /admin,
    // and an async hook costs a promise per request even when it returns at once
    app.addHook('onRequest', (request, reply, done) => {
      if (!isAdminRoute(request)) return done();
      adminSession(request, reply).then(() => done(), done);
    });

    async function adminSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const sid = request.cookies[SESSION_COOKIE];
      if (sid) {
        const session = await sessionOf(app.db, sid, app.now());
        if (session) {
          if (session.stage === 'full') request.user = session.user;
          else request.pending = { user: session.user, stage: session.stage };
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
    }

    // After body parsing (multipart attaches its fields in preValidation), before any handler:
    // every unsafe request under /admin needs a valid token.
    app.addHook('preHandler', (request, _reply, done) => {
      if (!UNSAFE.has(request.method) || !isAdminRoute(request)) return done();
      const token = presentedToken(request);
      const ok = request.sessionCsrf
        ? token !== undefined && sameToken(token, request.sessionCsrf)
        : request.preCsrfNonce !== null && preCsrf.check(request.preCsrfNonce, token);
      done(ok ? undefined : adminFormExpired());
    });

    // every admin route declares its scope: one without cannot be registered
    const adminScopes = new Map<string, RouteScope>();
    app.decorate('adminScopes', adminScopes);
    app.addHook('onRoute', (route) => {
      const url = route.url ?? route.path;
      if (!isAdminUrl(url)) return;
      const access = (route.config as { access?: unknown } | undefined)?.access;
      if (!isRouteScope(access)) {
        throw new Error(
          `${String(route.method)} ${url} declares no access scope: add { config: { access: '<scope>' } } with a scope of services/access.ts ROUTE_SCOPES (README, "Access").`,
        );
      }
      for (const method of [route.method].flat()) adminScopes.set(`${method} ${url}`, access);
    });

    // after the session is known (the hook above), before the body is read: the route's scope decides
    // a callback hook with a fast path, like the one above: routes without a scope (respondents,
    // static files) and public ones pass without a promise
    app.addHook('onRequest', (request, reply, done) => {
      const scope = request.routeOptions.config.access;
      if (scope === undefined || scope === 'public') return done();
      routeAccess(request, reply, scope).then(() => done(), done);
    });

    async function routeAccess(request: FastifyRequest, reply: FastifyReply, scope: RouteScope): Promise<void> {
      if (!request.user) {
        if (wantsHtml(request) && request.method === 'GET') {
          return reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 303);
        }
        if (wantsHtml(request)) return reply.redirect('/admin/login', 303);
        throw unauthenticated();
      }
      const decision = await authorizeRoute(app.db, request.user, scope, request.params as Record<string, string>);
      if (decision === 'forbidden') throw forbidden();
      if (decision === 'notFound') throw notFound();
    }

    app.decorate('auth', {
      async login(request: FastifyRequest, reply: FastifyReply, userId: number, stage: SessionStage = 'full') {
        const { token, csrfToken } = await startSession(app.db, userId, app.now(), {
          lifetimeMs,
          stage,
          origin: { address: request.ip, userAgent: request.headers['user-agent'] ?? null },
          previous: request.cookies[SESSION_COOKIE],
        });
        reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: Math.floor(lifetimeMs / 1000) });
        // a page rendered in this same response carries the new session's token
        request.sessionCsrf = csrfToken;
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
