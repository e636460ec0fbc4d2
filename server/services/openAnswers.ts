/**
 * A researcher's work on the open answers of a wave before evaluators read them: hiding an answer,
 * redacting part of it (names, organisations: only taking out, checkRedaction), defining categories
 * per open item and assigning answers to them. Every change is one transaction with its audit entry;
 * the answer as given stays stored, and only researchers editing see it. Refused (404) for a wave the
 * user may not edit, and withheld like all respondent-level data (respondentDataWithheld).
 */
import { transaction } from '../db/connection.js';
import type { SessionUser, Wave } from '../db/database.js';
import {
  deleteOpenAnswerCategory,
  findOpenAnswerEdit,
  insertOpenAnswerCategory,
  openAnswerCategories,
  saveOpenAnswerEdit,
  storedAnswerText,
} from '../db/repositories/openAnswers.js';
import { waveQuestionnaire } from '../db/repositories/waves.js';
import { collectOpenAnswers, type AnswerEdit, type OpenItemAnswers } from '../domain/openAnswers/collect.js';
import { findOpenItem } from '../domain/openAnswers/items.js';
import { parseAnswerId } from '../domain/openAnswers/order.js';
import { checkRedaction } from '../domain/openAnswers/redaction.js';
import { openAnswerNotFound, waveNotFound } from '../errors.js';
import { canEditOpenAnswers } from './access.js';
import { audit } from './audit.js';
import { within, type Context } from './context.js';
import { readerResponses, resultsWave, respondentDataWithheld, type Withheld } from './results.js';

/** The wave when `user` may edit its open answers; 404 otherwise. */
export async function openAnswersWave(ctx: Context, user: SessionUser, waveId: string): Promise<Wave> {
  const wave = await resultsWave(ctx.db, user, waveId);
  if (!canEditOpenAnswers(user, wave)) throw waveNotFound();
  return wave;
}

export type ItemForEditing = { withheld: Withheld } | { withheld: null; answers: OpenItemAnswers };

/** One open item of the wave with every answer as given and as shown (404 for an unknown item). */
export async function openItemForEditing(ctx: Context, wave: Wave, itemKey: string): Promise<ItemForEditing> {
  const questionnaire = waveQuestionnaire(wave);
  const item = findOpenItem(questionnaire, itemKey);
  if (!item) throw openAnswerNotFound();
  const { stored, edits } = await readerResponses(ctx.db, wave);
  const withheld = respondentDataWithheld(wave, stored.responses.length);
  if (withheld) return { withheld };
  const categories = await openAnswerCategories(ctx.db, wave.id);
  const answers = collectOpenAnswers(questionnaire, stored, edits, categories).find((i) => i.item.key === item.key)!;
  return { withheld: null, answers };
}

/** One answer of an item: its ids, the text as given and its current edit (404 when it is not an answer of this item). */
export async function openAnswerForEditing(ctx: Context, wave: Wave, itemKey: string, id: string): Promise<{ responseId: string; variable: string; original: string; edit: AnswerEdit }> {
  const item = findOpenItem(waveQuestionnaire(wave), itemKey);
  const parsed = parseAnswerId(id);
  if (!item || !parsed || !item.variables.includes(parsed.variable)) throw openAnswerNotFound();
  const original = await storedAnswerText(ctx.db, wave.id, parsed.responseId, parsed.variable);
  if (original === null) throw openAnswerNotFound();
  if (respondentDataWithheld(wave, (await readerResponses(ctx.db, wave)).stored.responses.length)) throw openAnswerNotFound();
  const edit = (await findOpenAnswerEdit(ctx.db, parsed.responseId, parsed.variable)) ?? { ...parsed, hidden: false, redacted: null, categoryId: null };
  return { ...parsed, original, edit };
}

/** What a researcher chose for one answer. */
export type AnswerChange = { kind: 'hide' } | { kind: 'redact'; text: string } | { kind: 'restore' };

/**
 * Hide, redact or restore one answer, audit-logged (the entry names the answer and the change, never
 * its text). Returns a Dutch message when a redaction changes more than it takes out; nothing is stored then.
 */
export async function changeOpenAnswer(ctx: Context, wave: Wave, itemKey: string, id: string, change: AnswerChange): Promise<{ ok: true } | { ok: false; message: string }> {
  const answer = await openAnswerForEditing(ctx, wave, itemKey, id);
  let edit: AnswerEdit;
  if (change.kind === 'redact') {
    const check = checkRedaction(answer.original, change.text);
    if (!check.ok) return check;
    edit = { ...answer.edit, hidden: false, redacted: check.text };
  } else edit = { ...answer.edit, hidden: change.kind === 'hide', redacted: change.kind === 'hide' ? answer.edit.redacted : null };
  await transaction(ctx.db, async (trx) => {
    await saveOpenAnswerEdit(trx, wave.id, edit);
    const action = change.kind === 'hide' ? 'open_answer.hidden' : change.kind === 'redact' ? 'open_answer.redacted' : 'open_answer.restored';
    const removed = change.kind === 'redact' ? { charactersRemoved: Math.max(0, answer.original.length - edit.redacted!.length) } : {};
    await audit(within(ctx, trx), { action, waveId: wave.id, details: { item: itemKey, answer: id, ...removed } });
  });
  return { ok: true };
}

/** Add a category to an item (audit-logged); a Dutch message for an empty, too long or duplicate label. */
export async function addOpenAnswerCategory(ctx: Context, wave: Wave, itemKey: string, label: string): Promise<{ ok: true } | { ok: false; message: string }> {
  if (!findOpenItem(waveQuestionnaire(wave), itemKey)) throw openAnswerNotFound();
  const clean = label.replace(/\s+/g, ' ').trim();
  if (clean === '') return { ok: false, message: 'Geef de categorie een naam.' };
  if (clean.length > 80) return { ok: false, message: `Een categorie heeft hoogstens 80 tekens (nu ${clean.length}).` };
  return transaction(ctx.db, async (trx) => {
    const id = await insertOpenAnswerCategory(trx, wave.id, itemKey, clean);
    if (id === null) return { ok: false as const, message: `Er is al een categorie ‘${clean}’.` };
    await audit(within(ctx, trx), { action: 'open_answer.category_added', waveId: wave.id, details: { item: itemKey, category: id, label: clean } });
    return { ok: true as const };
  });
}

/** Remove a category of an item; its answers become uncoded (audit-logged). 404 for an unknown category. */
export async function removeOpenAnswerCategory(ctx: Context, wave: Wave, itemKey: string, categoryId: number): Promise<void> {
  await transaction(ctx.db, async (trx) => {
    const label = await deleteOpenAnswerCategory(trx, wave.id, itemKey, categoryId);
    if (label === null) throw openAnswerNotFound();
    await audit(within(ctx, trx), { action: 'open_answer.category_removed', waveId: wave.id, details: { item: itemKey, category: categoryId, label } });
  });
}

/**
 * Assign answers of an item to categories (null: not coded), in one transaction with one audit entry.
 * Assignments of answers that are not the item's, or to categories that are not the item's, are
 * refused as a whole with 404: nothing is stored.
 */
export async function codeOpenAnswers(ctx: Context, wave: Wave, itemKey: string, assignments: ReadonlyMap<string, number | null>): Promise<number> {
  const loaded = await openItemForEditing(ctx, wave, itemKey);
  if (loaded.withheld) throw openAnswerNotFound();
  const { answers } = loaded;
  const byId = new Map(answers.answers.map((a) => [a.id, a]));
  const categoryIds = new Set(answers.categories.map((c) => c.id));
  const changes: AnswerEdit[] = [];
  for (const [id, categoryId] of assignments) {
    const answer = byId.get(id);
    const parsed = parseAnswerId(id);
    if (!answer || !parsed || (categoryId !== null && !categoryIds.has(categoryId))) throw openAnswerNotFound();
    if (answer.categoryId === categoryId) continue;
    changes.push({ ...parsed, hidden: answer.hidden, redacted: answer.redacted ? answer.text : null, categoryId });
  }
  if (changes.length === 0) return 0;
  await transaction(ctx.db, async (trx) => {
    for (const edit of changes) await saveOpenAnswerEdit(trx, wave.id, edit);
    await audit(within(ctx, trx), { action: 'open_answer.coded', waveId: wave.id, details: { item: itemKey, answers: changes.length } });
  });
  return changes.length;
}
