import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import type { Grant } from '../../server/db/database.js';
import { insertGrant } from '../../server/db/repositories/grants.js';
import { createUser } from '../../server/db/repositories/users.js';
import { hashPassword } from '../../server/security/passwords.js';
import { hashToken } from '../../server/security/tokens.js';
import { newTotpSecret, sealTotpSecret } from '../../server/security/totp.js';

export interface LoggedIn {
  /** Value for the `cookie` request header. */
  cookie: string;
  /** The session's CSRF token: send it as the `_csrf` form field or the `x-csrf-token` header. */
  csrf: string;
  user: { id: number; email: string; name: string; grants: Grant[] };
  /** The account's TOTP secret (base32), when two-factor login is set up. */
  totpSecret: string | null;
}

/** Who to sign in as: the national roles by their old names, or explicit grants. */
export type Who = 'researcher' | 'evaluator' | Grant[];

/** The grants of a `Who`. */
export function grantsOf(who: Who): Grant[] {
  if (who === 'researcher') return [{ kind: 'national-researcher' }];
  if (who === 'evaluator') return [{ kind: 'national-evaluator' }];
  return who;
}

/** The 6-digit TOTP code of `secret` at the app's clock (as an authenticator app would show it). */
export function totpCode(app: FastifyInstance, secret: string, offsetSeconds = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(app.now().getTime() / 1000) + offsetSeconds });
}

/** The CSRF token of the session behind a `sid` cookie value (pending sessions too). */
export async function sessionCsrf(app: FastifyInstance, sid: string): Promise<string> {
  const session = await app.db.selectFrom('sessions').select('csrf_token').where('id_hash', '=', hashToken(sid)).executeTakeFirstOrThrow();
  return session.csrf_token;
}

/** A urlencoded form body (repeated keys for arrays). */
export function formBody(fields: Record<string, string | number | boolean | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  return params.toString();
}

/** The `_csrf` hidden field's value in a rendered page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no _csrf field in page');
  return match[1]!;
}

let counter = 0;

/** The password step of the real login form; the response (a redirect to the next step, with the `sid` cookie). */
export async function submitPassword(app: FastifyInstance, email: string, password: string, remoteAddress?: string) {
  const page = await app.inject({ url: '/admin/login', headers: { accept: 'text/html' }, remoteAddress });
  const pre = page.cookies.find((c) => c.name === 'csrf_pre');
  if (!pre) throw new Error(`login page set no csrf_pre cookie (status ${page.statusCode})`);
  return app.inject({
    method: 'POST',
    url: '/admin/login',
    remoteAddress,
    headers: { cookie: `csrf_pre=${pre.value}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: formBody({ email, password, _csrf: csrfFrom(page.body) }),
  });
}

/**
 * Create a user with the grants directly in the database — with two-factor login set up, unless
 * `twoFactor: false` — and sign in through the real login form and, with two-factor login, the real
 * code form with a code computed here from the secret at the app's clock.
 */
export async function loginAs(
  app: FastifyInstance,
  who: Who = 'researcher',
  overrides: Partial<{ email: string; name: string; password: string; twoFactor: boolean }> = {},
): Promise<LoggedIn> {
  counter += 1;
  const label = typeof who === 'string' ? who : who.map((g) => g.kind).join('-') || 'nobody';
  const email = overrides.email ?? `${label}${counter}@example.test`;
  const password = overrides.password ?? 'correct horse battery staple';
  const grants = grantsOf(who);
  const user = await createUser(app.db, { email, name: overrides.name ?? `Test ${label} ${counter}`, passwordHash: await hashPassword(password) }, app.now());
  for (const grant of grants) await insertGrant(app.db, user.id, grant, app.now());
  const totpSecret = overrides.twoFactor === false ? null : newTotpSecret();
  if (totpSecret) {
    await app.db
      .updateTable('users')
      .set({ totp_secret: sealTotpSecret(app.secrets, totpSecret), totp_enabled_at: app.now().toISOString() })
      .where('id', '=', user.id)
      .execute();
  }
  const res = await submitPassword(app, email, password);
  let sid = res.cookies.find((c) => c.name === 'sid');
  if (res.statusCode !== 303 || !sid) throw new Error(`login failed with status ${res.statusCode}`);
  if (totpSecret) {
    if (!String(res.headers.location).startsWith('/admin/login/code')) throw new Error(`login did not ask for a code: ${res.headers.location}`);
    const second = await app.inject({
      method: 'POST',
      url: '/admin/login/code',
      headers: { cookie: `sid=${sid.value}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: formBody({ code: await totpCode(app, totpSecret), _csrf: await sessionCsrf(app, sid.value) }),
    });
    sid = second.cookies.find((c) => c.name === 'sid');
    if (second.statusCode !== 303 || !sid) throw new Error(`code step failed with status ${second.statusCode}`);
  }
  return { cookie: `sid=${sid.value}`, csrf: await sessionCsrf(app, sid.value), user: { id: user.id, email: user.email, name: user.name, grants }, totpSecret };
}
