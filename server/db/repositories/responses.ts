import { randomBytes } from 'node:crypto';
import { dutchDay } from '../../domain/format/nl.js';
import type { Questionnaire } from '../../domain/questionnaire/normalize.js';
import type { Values } from '../../domain/questionnaire/variables.js';
import { type Db, transaction } from '../connection.js';
import type { Draft, ResponseRow, Wave } from '../database.js';

/** A random response or contact id (128 bits): unordered, so neither id nor row position reveals sequence. */
export function newResponseId(): string {
  // hex, not base64url: an id starting with '-' would be neutralised as a formula in spreadsheet exports
  return randomBytes(16).toString('hex');
}

export interface Submission {
  wave: Pick<Wave, 'id' | 'anonymous'>;
  questionnaire: Questionnaire;
  draft: Pick<Draft, 'id' | 'invitation_id' | 'response_id'>;
  /** Needed to link the response in a non-anonymous wave. */
  participantId: number | null;
  /** Answers of the non-contact questions (already routed: hidden answers dropped). */
  answers: Values;
  /** Answers of contact questions: stored apart, with no link to the response. */
  contact: Values;
  /** Whether the answers meet the questionnaire's completion rule (domain/respondent/completion.ts). */
  complete: boolean;
  now: Date;
}

export type SubmitOutcome = { status: 'submitted'; responseId: string } | { status: 'already-submitted' };

function answerRows(questionnaire: Questionnaire, responseId: string, answers: Values) {
  const rows: Array<{ response_id: string; variable: string; num: number | null; txt: string | null }> = [];
  for (const v of questionnaire.variables) {
    const value = answers[v.code];
    if (value === null || value === undefined) continue;
    if (v.kind === 'number' && typeof value === 'number') rows.push({ response_id: responseId, variable: v.code, num: value, txt: null });
    else if (v.kind === 'text' && typeof value === 'string') rows.push({ response_id: responseId, variable: v.code, num: null, txt: value });
  }
  return rows;
}

/**
 * The final submit, in one transaction: claim the draft (a second submit finds none and changes
 * nothing), insert the response and its answers (or replace the answers of the response being
 * edited), insert the contact answers unlinked, and mark the invitation completed. In an anonymous
 * wave the response holds no invitation, participant or time finer than the date, and the
 * invitation records only that it completed.
 */
export async function submitResponse(db: Db, s: Submission): Promise<SubmitOutcome> {
  const anonymous = s.wave.anonymous === 1;
  return transaction(db, async (trx): Promise<SubmitOutcome> => {
    const claimed = await trx.deleteFrom('drafts').where('id', '=', s.draft.id).executeTakeFirst();
    if (Number(claimed.numDeletedRows) !== 1) return { status: 'already-submitted' };

    let responseId: string;
    const complete = s.complete ? 1 : 0;
    if (s.draft.response_id !== null) {
      responseId = s.draft.response_id;
      await trx.deleteFrom('answers').where('response_id', '=', responseId).execute();
      await trx.updateTable('responses').set({ complete }).where('id', '=', responseId).execute();
    } else {
      responseId = newResponseId();
      await trx
        .insertInto('responses')
        .values({
          id: responseId,
          wave_id: s.wave.id,
          invitation_id: anonymous ? null : s.draft.invitation_id,
          participant_id: anonymous ? null : s.participantId,
          // the calendar date in the Netherlands: the only time stored with an anonymous response
          submitted_on: dutchDay(s.now),
          submitted_at: anonymous ? null : s.now.toISOString(),
          complete,
        })
        .execute();
    }
    const rows = answerRows(s.questionnaire, responseId, s.answers);
    // SQLite caps bound parameters per statement; 4 columns × 200 rows stays well below it
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('answers').values(rows.slice(i, i + 200)).execute();

    if (Object.keys(s.contact).length > 0) {
      await trx
        .insertInto('contacts')
        .values({ id: newResponseId(), wave_id: s.wave.id, values_json: JSON.stringify(s.contact) })
        .execute();
    }

    if (s.draft.invitation_id !== null && s.draft.response_id === null) {
      const invitation = await trx
        .updateTable('invitations')
        .set((eb) => ({
          status: 'completed' as const,
          responses_count: eb('responses_count', '+', 1),
          ...(anonymous ? {} : { completed_at: s.now.toISOString() }),
        }))
        .where('id', '=', s.draft.invitation_id)
        .returning('responses_count')
        .executeTakeFirst();
      // an anonymous person counts by their first response, in the wave's totals only
      if (anonymous && invitation?.responses_count === 1) await countFirstSubmission(trx, s.wave.id, s.complete);
    }
    return { status: 'submitted', responseId };
  });
}

async function countFirstSubmission(db: Db, waveId: string, complete: boolean): Promise<void> {
  const add = { complete_persons: complete ? 1 : 0, partial_persons: complete ? 0 : 1 };
  await db
    .insertInto('submission_counts')
    .values({ wave_id: waveId, ...add })
    .onConflict((oc) =>
      oc.column('wave_id').doUpdateSet((eb) => ({
        complete_persons: eb('submission_counts.complete_persons', '+', eb.ref('excluded.complete_persons')),
        partial_persons: eb('submission_counts.partial_persons', '+', eb.ref('excluded.partial_persons')),
      })),
    )
    .execute();
}

/** The responses linked to an invitation (non-anonymous waves only; anonymous ones have no link), oldest first. */
export async function responsesOfInvitation(db: Db, invitationId: number): Promise<ResponseRow[]> {
  return db
    .selectFrom('responses')
    .selectAll()
    .where('invitation_id', '=', invitationId)
    .orderBy('submitted_at')
    .orderBy('id')
    .execute();
}

/** The stored answers of a response as Values. */
export async function answersOf(db: Db, responseId: string): Promise<Values> {
  const rows = await db.selectFrom('answers').select(['variable', 'num', 'txt']).where('response_id', '=', responseId).execute();
  return Object.fromEntries(rows.map((r) => [r.variable, r.num ?? r.txt]));
}
