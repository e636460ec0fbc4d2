/**
 * What the app answers and where: the message of a refusal (a Dutch page or problem+json), and every
 * route the app has registered, for tests that walk all of them.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** The refusal's message: a Dutch page (notice or validation summary) or problem+json with a detail. */
export function refusalMessage(res: LightMyRequestResponse): string | undefined {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('application/problem+json')) {
    const detail = (res.json() as { detail?: unknown }).detail;
    return typeof detail === 'string' && detail.trim() !== '' ? detail : undefined;
  }
  if (type.includes('text/html')) {
    const m = /role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(res.body) ?? /class="field-error"[^>]*>([\s\S]*?)<\/p>/.exec(res.body);
    const text = m?.[1]?.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    return text ? text : undefined;
  }
  return undefined;
}

export interface Route {
  method: string;
  url: string;
}

/**
 * Every method + path the app has registered, from `printRoutes()`: each tree line's segment appended
 * to its ancestors'. (The radix tree's default print keeps every character; with `commonPrefix: false`
 * Fastify 5 prints `/static/*` as a bare `*` at the root.) A line that cannot be read throws, so a route
 * is never skipped silently.
 */
export function registeredRoutes(app: FastifyInstance): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes().split('\n')) {
    if (line.trim() === '') continue;
    const m = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) throw new Error(`cannot read route tree line: ${JSON.stringify(line)}`);
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(path);
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) routes.push({ method, url: path });
  }
  return routes;
}

/**
 * The route's path with each `:name` replaced by `params[name]` (and a trailing `*` by `params['*']`);
 * throws for a parameter without a value, so no route is skipped silently.
 */
export function concretePath(url: string, params: Record<string, string>): string {
  return url
    .replace(/:(\w+)/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`no value for :${name} in ${url}`);
      return value;
    })
    .replace(/\*$/, () => params['*'] ?? '');
}
