/**
 * Small helpers shared by the admin forms: turning zod issues into one Dutch message per field, and
 * the common view data of an admin page.
 */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

/** The first issue of each field, keyed by the field's name (top-level path element). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_form');
    out[key] ??= issue.message;
  }
  return out;
}

/** The data every admin page passes to the admin layout. */
export function pageData(request: FastifyRequest, title: string, nav: string, extra: Record<string, unknown> = {}) {
  return { title, nav, user: request.user, csrf: request.csrfToken(), ...extra };
}

/** A form body as a plain record of strings (urlencoded bodies; repeated fields keep the last value). */
export function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value) && typeof value.at(-1) === 'string') out[key] = value.at(-1) as string;
  }
  return out;
}

/** A redirect target from a `next` parameter, only when it stays inside /admin on this site. */
export function safeNext(next: string | undefined, fallback: string): string {
  if (next && /^\/admin(\/[A-Za-z0-9/_\-.?=&%]*)?$/.test(next) && !next.startsWith('//')) return next;
  return fallback;
}
