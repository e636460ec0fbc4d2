/**
 * What the app answers and where: the message of a refusal (a Dutch page or problem+json), and every
 * route the app has registered, for tests that walk all of them.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Wave } from '../../server/db/database.js';
import { createReviewLink } from '../../server/services/preview.js';
import { storeResponses } from './resultsPage.js';

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

/**
 * Real rows behind every parameter of the admin routes, for a wave of the proef questionnaire with a
 * participant (and an evaluator for the user routes): a mail pass makes a job, an open answer to Q7
 * with a category gives the open-answer pages something to show, and a review link of the wave's
 * questionnaire version the preview pages. A route that forgot its check
 * would then answer 200, not a harmless 404.
 */
export async function adminRouteParameters(app: FastifyInstance, wave: Wave, participantId: number, userId: number): Promise<Record<string, string>> {
  await app.mailer.runPass();
  const job = await app.db.selectFrom('mail_jobs').select('id').executeTakeFirstOrThrow();
  await storeResponses(app, wave, [{ Q1: 1, Q7: 'Goed overleg' }]);
  const answer = await app.db.selectFrom('answers').select('response_id').where('variable', '=', 'Q7').executeTakeFirstOrThrow();
  const category = await app.db
    .insertInto('open_answer_categories')
    .values({ wave_id: wave.id, item: 'Q7', label: 'Positief', position: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await createReviewLink({ db: app.db, now: app.now(), actor: { system: 'cli' } }, { id: wave.questionnaire_id, version: wave.questionnaire_version }, 'stuurgroep', 14);
  const link = await app.db.selectFrom('review_links').select('id').executeTakeFirstOrThrow();
  const round = await app.db
    .insertInto('national_rounds')
    .values({ title: 'Landelijk', questionnaire_id: wave.questionnaire_id, questionnaire_version: wave.questionnaire_version, opens_at: wave.opens_at, closes_at: wave.closes_at, reminder_days: wave.reminder_days, created_at: app.now().toISOString(), created_by: 'cli' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: wave.id,
    waveId: wave.id,
    pid: String(participantId),
    uid: String(userId),
    jobId: String(job.id),
    houseId: String(wave.house_id),
    format: 'codebook',
    qid: wave.questionnaire_id,
    version: wave.questionnaire_version,
    linkId: String(link.id),
    n: '1',
    item: 'Q7',
    answerId: `${answer.response_id}.Q7`,
    categoryId: String(category.id),
    roundId: String(round.id),
  };
}
