/**
 * The check page before sending: per page of the route, what is still unanswered, counted the way a
 * respondent counts (each statement of a matrix, every other question as one), and the sentence that
 * sums it up ("U hebt 12 van de 48 uitspraken niet beantwoord."). Nothing here refuses to send:
 * only a required question left open (which the page validation normally prevents) must be answered.
 */
import { formatCount } from '../format/nl.js';
import type { Questionnaire } from '../questionnaire/normalize.js';
import { route, type Route } from '../questionnaire/routing.js';
import type { Values } from '../questionnaire/variables.js';
import { partsByPage, type Part } from './answered.js';

export interface CheckPage {
  /** Index into questionnaire.pages. */
  page: number;
  /** 1-based position on the route ("pagina 3"). */
  position: number;
  title: string | null;
  parts: number;
  unanswered: Array<Part & { required: boolean }>;
  /** "Geen van de 6 uitspraken beantwoord.", "2 van de 5 vragen niet beantwoord.", "Niet beantwoord." */
  line: string;
}

export interface Check {
  /** Pages with something unanswered, in route order. */
  pages: CheckPage[];
  statements: { total: number; unanswered: number };
  questions: { total: number; unanswered: number };
  /** Unanswered parts of required questions: these must be answered before sending. */
  required: number;
  /** "U hebt alle vragen beantwoord." or "U hebt 12 van de 48 uitspraken en 2 van de 5 vragen niet beantwoord." */
  summary: string;
}

function counted(n: { total: number; unanswered: number }, one: string, many: string): string | null {
  if (n.unanswered === 0) return null;
  return `${formatCount(n.unanswered)} van de ${formatCount(n.total)} ${n.total === 1 ? one : many}`;
}

function pageLine(parts: readonly Part[], open: number): string {
  if (parts.length === 1) return 'Niet beantwoord.';
  const noun = parts.every((p) => p.kind === 'statement') ? 'uitspraken' : parts.every((p) => p.kind === 'question') ? 'vragen' : 'vragen en uitspraken';
  return open === parts.length ? `Geen van de ${formatCount(parts.length)} ${noun} beantwoord.` : `${formatCount(open)} van de ${formatCount(parts.length)} ${noun} niet beantwoord.`;
}

/** What the check page shows for the answers given so far. */
export function checkAnswers(questionnaire: Questionnaire, values: Values, r: Route = route(questionnaire, values)): Check {
  const statements = { total: 0, unanswered: 0 };
  const questions = { total: 0, unanswered: 0 };
  let required = 0;
  const pages: CheckPage[] = [];
  const requiredCodes = new Set(
    questionnaire.pages.flatMap((p) => p.blocks.flatMap((b) => (b.type !== 'text' && b.required ? [b.code] : []))),
  );
  partsByPage(questionnaire, values, r).forEach(({ page, parts }, i) => {
    const unanswered: CheckPage['unanswered'] = [];
    for (const part of parts) {
      const tally = part.kind === 'statement' ? statements : questions;
      tally.total += 1;
      if (part.answered) continue;
      tally.unanswered += 1;
      const isRequired = requiredCodes.has(part.question);
      if (isRequired) required += 1;
      unanswered.push({ ...part, required: isRequired });
    }
    if (unanswered.length > 0) {
      pages.push({ page, position: i + 1, title: questionnaire.pages[page]?.title ?? null, parts: parts.length, unanswered, line: pageLine(parts, unanswered.length) });
    }
  });
  const missing = [counted(statements, 'uitspraak', 'uitspraken'), counted(questions, 'vraag', 'vragen')].filter((x) => x !== null);
  const summary = missing.length === 0 ? 'U hebt alle vragen beantwoord.' : `U hebt ${missing.join(' en ')} niet beantwoord.`;
  return { pages, statements, questions, required, summary };
}
