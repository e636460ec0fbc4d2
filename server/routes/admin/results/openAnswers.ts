/**
 * The researcher's pages for the open answers of a wave, under /admin/results/:waveId/open/:item:
 * the item's answers as given and as readers see them, its categories, the coding form (a category
 * per answer, a page of answers at a time), and per answer the form to hide it or take out part of
 * it. Scope `editOpenAnswers`: researcher rights for the wave's house (its coördinator or a
 * landelijk onderzoeker; 403 for evaluators); a wave or answer outside the user's grants is 404.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Wave } from '../../../db/database.js';
import type { OpenAnswer } from '../../../domain/openAnswers/collect.js';
import { findOpenItem, openItemTitle } from '../../../domain/openAnswers/items.js';
import { SUGGESTED_MARKERS } from '../../../domain/openAnswers/redaction.js';
import { questionnaireOf } from '../../../services/results.js';
import {
  addOpenAnswerCategory,
  changeOpenAnswer,
  codeOpenAnswers,
  openAnswerForEditing,
  openAnswersWave,
  openItemForEditing,
  removeOpenAnswerCategory,
  type AnswerChange,
} from '../../../services/openAnswers.js';
import { withheldText } from '../../../domain/exports/codebook.js';
import { openAnswerNotFound } from '../../../errors.js';
import { userContext } from '../../context.js';
import { formFields, pageData } from '../forms.js';

/** Answers per page of the coding form: a page's cost stays bounded however many answers an item has. */
export const ANSWERS_PER_PAGE = 100;

/** The code field of an answer in the coding form. */
const CODE_FIELD = 'code:';

const openAnswerRoutes: FastifyPluginAsync = async (app) => {
  const editing = { config: { access: 'editOpenAnswers' as const } };
  const base = (wave: Wave, item: string) => `/admin/results/${encodeURIComponent(wave.id)}/open/${encodeURIComponent(item)}`;

  async function context(request: FastifyRequest) {
    const { waveId, item } = request.params as { waveId: string; item: string };
    const ctx = userContext(request);
    const wave = await openAnswersWave(ctx, request.user!, waveId);
    return { ctx, wave, item };
  }

  /** The item's page: categories, coding form (one page of answers), messages. */
  async function renderItem(request: FastifyRequest, reply: FastifyReply, errors: { category?: string; value?: string } = {}) {
    const { ctx, wave, item } = await context(request);
    const loaded = await openItemForEditing(ctx, wave, item);
    // a refused form on a withheld item still says why it was refused
    if (loaded.withheld) return reply.viewAsync('pages/admin/results/open-item', pageData(request, 'Open antwoorden', 'results', { wave, withheld: withheldText(loaded.withheld), error: errors.category ?? null }));
    const { answers } = loaded;
    const pages = Math.max(1, Math.ceil(answers.answers.length / ANSWERS_PER_PAGE));
    const query = request.query as { pagina?: string; opgeslagen?: string };
    const page = Math.min(pages, Math.max(1, Number.parseInt(query.pagina ?? '1', 10) || 1));
    const shown = answers.answers.slice((page - 1) * ANSWERS_PER_PAGE, page * ANSWERS_PER_PAGE);
    const categoryLabel = new Map(answers.categories.map((c) => [c.id, c.label]));
    return reply.viewAsync(
      'pages/admin/results/open-item',
      pageData(request, `Open antwoorden: ${answers.item.key}`, 'results', {
        wave,
        withheld: null,
        title: openItemTitle(answers.item),
        item: answers.item,
        base: base(wave, item),
        categories: answers.categories.map((c) => ({ ...c, count: answers.answers.filter((a) => a.categoryId === c.id).length })),
        answers: shown.map((a: OpenAnswer, i) => ({
          ...a,
          number: (page - 1) * ANSWERS_PER_PAGE + i + 1,
          field: `${CODE_FIELD}${a.id}`,
          category: a.categoryId === null ? null : (categoryLabel.get(a.categoryId) ?? null),
          href: `${base(wave, item)}/antwoord/${encodeURIComponent(a.id)}`,
        })),
        total: answers.answers.length,
        hidden: answers.answers.filter((a) => a.hidden).length,
        redacted: answers.answers.filter((a) => a.redacted && !a.hidden).length,
        page,
        pages,
        saved: query.opgeslagen ?? null,
        errors,
      }),
    );
  }

  app.get('/results/:waveId/open/:item', editing, (request, reply) => renderItem(request, reply));

  app.post('/results/:waveId/open/:item/categorieen', editing, async (request, reply) => {
    const { ctx, wave, item } = await context(request);
    const label = formFields(request.body).label ?? '';
    const result = await addOpenAnswerCategory(ctx, wave, item, label);
    if (!result.ok) {
      reply.status(422);
      return renderItem(request, reply, { category: result.message, value: label });
    }
    return reply.redirect(`${base(wave, item)}?opgeslagen=categorie`, 303);
  });

  app.post('/results/:waveId/open/:item/categorieen/:categoryId/verwijderen', editing, async (request, reply) => {
    const { ctx, wave, item } = await context(request);
    const id = Number((request.params as { categoryId: string }).categoryId);
    if (!Number.isSafeInteger(id)) throw openAnswerNotFound();
    await removeOpenAnswerCategory(ctx, wave, item, id);
    return reply.redirect(`${base(wave, item)}?opgeslagen=verwijderd`, 303);
  });

  app.post('/results/:waveId/open/:item/indeling', editing, async (request, reply) => {
    const { ctx, wave, item } = await context(request);
    const fields = formFields(request.body);
    const assignments = new Map<string, number | null>();
    for (const [name, value] of Object.entries(fields)) {
      if (!name.startsWith(CODE_FIELD)) continue;
      const id = value === '' ? null : Number(value);
      if (id !== null && !Number.isSafeInteger(id)) throw openAnswerNotFound();
      assignments.set(name.slice(CODE_FIELD.length), id);
    }
    await codeOpenAnswers(ctx, wave, item, assignments);
    const page = Number.parseInt(fields.pagina ?? '1', 10) || 1;
    return reply.redirect(`${base(wave, item)}?pagina=${page}&opgeslagen=indeling`, 303);
  });

  async function renderAnswer(request: FastifyRequest, reply: FastifyReply, error: string | null = null, value?: string) {
    const { ctx, wave, item } = await context(request);
    const id = (request.params as { answerId: string }).answerId;
    const answer = await openAnswerForEditing(ctx, wave, item, id);
    const openItem = findOpenItem(questionnaireOf(wave), item)!;
    return reply.viewAsync(
      'pages/admin/results/open-answer',
      pageData(request, 'Open antwoord afschermen', 'results', {
        wave,
        question: `${openItemTitle(openItem)} (${openItem.key})`,
        back: base(wave, item),
        action: `${base(wave, item)}/antwoord/${encodeURIComponent(id)}`,
        original: answer.original,
        hidden: answer.edit.hidden,
        redacted: answer.edit.redacted,
        value: value ?? answer.edit.redacted ?? answer.original,
        markers: SUGGESTED_MARKERS,
        error,
      }),
    );
  }

  app.get('/results/:waveId/open/:item/antwoord/:answerId', editing, (request, reply) => renderAnswer(request, reply));

  app.post('/results/:waveId/open/:item/antwoord/:answerId', editing, async (request, reply) => {
    const { ctx, wave, item } = await context(request);
    const id = (request.params as { answerId: string }).answerId;
    const fields = formFields(request.body);
    const change: AnswerChange | null =
      fields.action === 'hide' ? { kind: 'hide' } : fields.action === 'restore' ? { kind: 'restore' } : fields.action === 'redact' ? { kind: 'redact', text: fields.text ?? '' } : null;
    if (!change) {
      reply.status(422);
      return renderAnswer(request, reply, 'Kies wat u met dit antwoord wilt doen.', fields.text);
    }
    const result = await changeOpenAnswer(ctx, wave, item, id, change);
    if (!result.ok) {
      reply.status(422);
      return renderAnswer(request, reply, result.message, fields.text);
    }
    return reply.redirect(`${base(wave, item)}?opgeslagen=antwoord`, 303);
  });
};

export default openAnswerRoutes;
