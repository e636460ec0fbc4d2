/** A researcher's work on a wave's open answers: categories per open item, and per answer its edit (hidden, redacted, category). */
import type { AnswerEdit, OpenCategory } from '../../domain/openAnswers/collect.js';
import type { Db } from '../connection.js';

/** Every edit of the wave's open answers. */
export async function openAnswerEdits(db: Db, waveId: string): Promise<AnswerEdit[]> {
  const rows = await db.selectFrom('open_answer_edits').select(['response_id', 'variable', 'hidden', 'redacted', 'category_id']).where('wave_id', '=', waveId).execute();
  return rows.map((r) => ({ responseId: r.response_id, variable: r.variable, hidden: r.hidden === 1, redacted: r.redacted, categoryId: r.category_id }));
}

/** The categories of the wave's open items, per item key, in their order. */
export async function openAnswerCategories(db: Db, waveId: string): Promise<Map<string, OpenCategory[]>> {
  const rows = await db.selectFrom('open_answer_categories').select(['id', 'item', 'label']).where('wave_id', '=', waveId).orderBy('position').orderBy('id').execute();
  const out = new Map<string, OpenCategory[]>();
  for (const r of rows) {
    const list = out.get(r.item) ?? [];
    list.push({ id: r.id, label: r.label });
    out.set(r.item, list);
  }
  return out;
}

/** The stored text of one answer of the wave, or null when the wave has no such text answer. */
export async function storedAnswerText(db: Db, waveId: string, responseId: string, variable: string): Promise<string | null> {
  const row = await db
    .selectFrom('answers as a')
    .innerJoin('responses as r', 'r.id', 'a.response_id')
    .select('a.txt')
    .where('r.wave_id', '=', waveId)
    .where('a.response_id', '=', responseId)
    .where('a.variable', '=', variable)
    .executeTakeFirst();
  return row?.txt ?? null;
}

/** The edit of one answer (null fields: as given, not coded). */
export async function findOpenAnswerEdit(db: Db, responseId: string, variable: string): Promise<AnswerEdit | null> {
  const r = await db
    .selectFrom('open_answer_edits')
    .select(['response_id', 'variable', 'hidden', 'redacted', 'category_id'])
    .where('response_id', '=', responseId)
    .where('variable', '=', variable)
    .executeTakeFirst();
  return r ? { responseId: r.response_id, variable: r.variable, hidden: r.hidden === 1, redacted: r.redacted, categoryId: r.category_id } : null;
}

/** Store the edit of one answer; an edit that changes nothing (shown as given, not coded) is removed. */
export async function saveOpenAnswerEdit(db: Db, waveId: string, edit: AnswerEdit): Promise<void> {
  if (!edit.hidden && edit.redacted === null && edit.categoryId === null) {
    await db.deleteFrom('open_answer_edits').where('response_id', '=', edit.responseId).where('variable', '=', edit.variable).execute();
    return;
  }
  const values = { hidden: edit.hidden ? (1 as const) : (0 as const), redacted: edit.redacted, category_id: edit.categoryId };
  await db
    .insertInto('open_answer_edits')
    .values({ response_id: edit.responseId, variable: edit.variable, wave_id: waveId, ...values })
    .onConflict((oc) => oc.columns(['response_id', 'variable']).doUpdateSet(values))
    .execute();
}

/** Add a category at the end of the item's list; returns its id, or null when the item already has one with this label. */
export async function insertOpenAnswerCategory(db: Db, waveId: string, item: string, label: string): Promise<number | null> {
  const last = await db
    .selectFrom('open_answer_categories')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('wave_id', '=', waveId)
    .where('item', '=', item)
    .executeTakeFirst();
  const row = await db
    .insertInto('open_answer_categories')
    .values({ wave_id: waveId, item, label, position: Number(last?.position ?? 0) + 1 })
    .onConflict((oc) => oc.columns(['wave_id', 'item', 'label']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Remove a category of the item (its answers become uncoded); returns its label, or null when there is none. */
export async function deleteOpenAnswerCategory(db: Db, waveId: string, item: string, id: number): Promise<string | null> {
  const row = await db
    .deleteFrom('open_answer_categories')
    .where('wave_id', '=', waveId)
    .where('item', '=', item)
    .where('id', '=', id)
    .returning('label')
    .executeTakeFirst();
  if (!row) return null;
  // an edit that was only this category now changes nothing
  await db.deleteFrom('open_answer_edits').where('wave_id', '=', waveId).where('hidden', '=', 0).where('redacted', 'is', null).where('category_id', 'is', null).execute();
  return row.label;
}
