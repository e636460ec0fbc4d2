/**
 * Helpers for the results page tests: store responses the way the respondent side does, and read the
 * tables of a rendered page back as text.
 */
import type { FastifyInstance } from 'fastify';
import type { Wave } from '../../server/db/database.js';
import { storePage } from '../../server/db/repositories/drafts.js';
import { draftTime } from '../../server/services/respondent.js';
import { submitResponse } from '../../server/db/repositories/responses.js';
import { isComplete } from '../../server/domain/respondent/completion.js';
import { waveQuestionnaire } from '../../server/db/repositories/waves.js';
import type { Values } from '../../server/domain/questionnaire/variables.js';

/**
 * Store each response through a draft and the final submit, in the respondent side's transactions;
 * response i under `invitees[i]`'s invitation when given (so it counts for the response rates), else
 * through no invitation.
 */
export async function storeResponses(
  app: FastifyInstance,
  wave: Wave,
  responses: Values[],
  at = new Date('2026-11-20T10:00:00Z'),
  invitees: ReadonlyArray<{ participant: { id: number }; invitationId: number }> = [],
): Promise<void> {
  const questionnaire = waveQuestionnaire(wave);
  for (const [i, answers] of responses.entries()) {
    const now = new Date(at.getTime() + i * 3600_000);
    const invitee = invitees[i];
    const invitationId = invitee?.invitationId ?? null;
    const draftId = await storePage(app.db, { create: { waveId: wave.id, invitationId } }, answers, 1, draftTime(wave, now));
    const outcome = await submitResponse(app.db, {
      wave,
      questionnaire,
      draft: { id: draftId, invitation_id: invitationId, response_id: null },
      participantId: invitee?.participant.id ?? null,
      answers,
      contact: {},
      complete: isComplete(questionnaire, answers),
      now,
    });
    if (outcome.status !== 'submitted') throw new Error('response not stored');
  }
}

/** Every Likert statement of the Stappenmeter answered `value`, with background answers. */
export function uniformStappenmeter(questionnaireVariables: Array<{ code: string }>, value: number, background: { Q2: number; Q3: number; Q63: number }): Values {
  const values: Values = { ...background };
  for (const v of questionnaireVariables) if (/^Q(6|7|8|9|1[1-9]|2[0-8])_\d+$/.test(v.code)) values[v.code] = value;
  return values;
}

/** Stappenmeter responses to `wave`, one per value (every statement that value; overlegvorm alternating 1 and 2), as the comparison tests store them. */
export async function answeredStappenmeter(app: FastifyInstance, wave: Wave, values: number[]): Promise<void> {
  const variables = (JSON.parse(wave.questionnaire_json!) as { variables: Array<{ code: string }> }).variables;
  await storeResponses(app, wave, values.map((v, i) => uniformStappenmeter(variables, v, { Q2: 1 + (i % 2), Q3: 1, Q63: 2 })));
}

/** Opening and closing `from` and `to` days from the app's now (negative: in the past). */
export function daysFromNow(app: FastifyInstance, from: number, to: number): { opens_at: string; closes_at: string } {
  const at = (days: number) => new Date(app.now().getTime() + days * 24 * 3600 * 1000).toISOString();
  return { opens_at: at(from), closes_at: at(to) };
}

export interface Cell {
  /** The visible text without footnote marks and cell n. */
  text: string;
  /** Footnote mark (a, b) when the value is suppressed. */
  mark: string | null;
  /** The "n = …" shown under a value. */
  n: string | null;
}

/** Page text as read: entities decoded, white space collapsed. */
export function decode(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function cell(html: string): Cell {
  const mark = /<sup class="fn"[^>]*>([a-z])<\/sup>/.exec(html)?.[1] ?? null;
  const n = /<span class="cell-n">n = ([^<]+)<\/span>/.exec(html)?.[1] ?? null;
  const text = decode(
    html
      .replace(/<span class="vh">.*?<\/span>/g, '')
      .replace(/<sup[^>]*>.*?<\/sup>/g, '')
      .replace(/<span class="cell-n">.*?<\/span>/g, '')
      .replace(/<[^>]+>/g, ''),
  );
  return { text, mark, n };
}

/** The table whose caption contains `caption`, as rows of cells (header rows included). */
export function table(html: string, caption: string): Cell[][] {
  const tables = html.split(/<table\b/).slice(1).map((t) => t.slice(0, t.indexOf('</table>')));
  const found = tables.find((t) => {
    const c = /<caption>([\s\S]*?)<\/caption>/.exec(t)?.[1];
    return c !== undefined && decode(c.replace(/<[^>]+>/g, '')).includes(caption);
  });
  if (!found) throw new Error(`no table with caption "${caption}"`);
  return [...found.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => cell(c[1]!)));
}

/** The row whose first cell's text starts with `label`, as cell texts. */
export function row(rows: Cell[][], label: string): Cell[] {
  const found = rows.find((r) => r[0]?.text.startsWith(label));
  if (!found) throw new Error(`no row "${label}" in ${rows.map((r) => r[0]?.text).join(' | ')}`);
  return found;
}

/** Every <svg>…</svg> of a page. */
export function svgs(html: string): string[] {
  return [...html.matchAll(/<svg\b[\s\S]*?<\/svg>/g)].map((m) => m[0]);
}

/** Rows split by their row-group header (a row of one cell), e.g. per background variable; the Totaal row ends the last group. */
export function rowGroups(rows: Cell[][]): Map<string, Cell[][]> {
  const groups = new Map<string, Cell[][]>();
  let current: Cell[][] | null = null;
  for (const r of rows) {
    if (r[0]?.text === 'Totaal') current = null;
    else if (r.length === 1) {
      current = [];
      groups.set(r[0]!.text, current);
    } else if (current) current.push(r);
  }
  return groups;
}
