import type { FastifyInstance } from 'fastify';
import type { Role } from '../../server/db/database.js';
import { createUser } from '../../server/db/repositories/users.js';
import { hashPassword } from '../../server/security/passwords.js';
import { hashToken } from '../../server/security/tokens.js';

export interface LoggedIn {
  /** Value for the `cookie` request header. */
  cookie: string;
  /** The session's CSRF token: send it as the `_csrf` form field or the `x-csrf-token` header. */
  csrf: string;
  user: { id: number; email: string; name: string; role: Role };
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

/**
 * Create a user of the role directly in the database and sign in through the real login form.
 * Each call uses one login attempt of the rate limit (10 per 15 minutes per address).
 */
export async function loginAs(
  app: FastifyInstance,
  role: Role = 'researcher',
  overrides: Partial<{ email: string; name: string; password: string }> = {},
): Promise<LoggedIn> {
  counter += 1;
  const email = overrides.email ?? `${role}${counter}@example.test`;
  const password = overrides.password ?? 'correct horse battery staple';
  const user = await createUser(
    app.db,
    { email, name: overrides.name ?? `Test ${role} ${counter}`, role, passwordHash: await hashPassword(password) },
    app.now(),
  );
  const page = await app.inject({ url: '/admin/login', headers: { accept: 'text/html' } });
  const pre = page.cookies.find((c) => c.name === 'csrf_pre');
  if (!pre) throw new Error(`login page set no csrf_pre cookie (status ${page.statusCode})`);
  const res = await app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { cookie: `csrf_pre=${pre.value}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: formBody({ email, password, _csrf: csrfFrom(page.body) }),
  });
  const sid = res.cookies.find((c) => c.name === 'sid');
  if (res.statusCode !== 303 || !sid) throw new Error(`login failed with status ${res.statusCode}`);
  const session = await app.db.selectFrom('sessions').select('csrf_token').where('id_hash', '=', hashToken(sid.value)).executeTakeFirstOrThrow();
  return { cookie: `sid=${sid.value}`, csrf: session.csrf_token, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
