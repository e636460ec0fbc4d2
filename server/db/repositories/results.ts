/** The stored responses of a wave, as the analysis and the exports read them. */
import { sql } from 'kysely';
import type { Values } from '../../domain/questionnaire/variables.js';
import type { Db } from '../connection.js';

export interface WaveResponses {
  /** Random response ids, in sorted order: the order of the rows says nothing about who answered when. */
  ids: string[];
  responses: Values[];
  /** Submission date (YYYY-MM-DD) of each response; callers drop it where the wave is anonymous. */
  submittedOn: string[];
  /** Per response: whether it met the questionnaire's completion rule when sent (AAPOR 1.1), else partial (1.2). */
  complete: boolean[];
  /** How many of the responses are partial (short of the questionnaire's completion rule). */
  partial: number;
}

/**
 * Every stored response of a wave as Values (num → number, txt → string), ordered by the random
 * response id, never by insertion order. One query: the wave index yields the responses in id order and
 * SQLite folds each response's answers (a primary-key range) into one JSON object, which is ten times
 * faster than a row per answer (100k responses × 50 answers: about a second) and keeps doubles exact
 * (SQLite ≥ 3.43 writes them with 17 significant digits). The rows are read one at a time and each
 * JSON text is parsed at once, so the texts of 100k responses (some 50 MB) are never all held at once
 * beside their parsed objects.
 */
export async function loadWaveResponses(db: Db, waveId: string): Promise<WaveResponses> {
  const rows = db
    .selectFrom('responses as r')
    .select([
      'r.id',
      'r.submitted_on',
      'r.complete',
      sql<string>`(select json_group_object(a.variable, coalesce(a.num, a.txt)) from answers a where a.response_id = r.id)`.as(
        'values_json',
      ),
    ])
    .where('r.wave_id', '=', waveId)
    .orderBy('r.id')
    .stream();
  const out: WaveResponses = { ids: [], responses: [], submittedOn: [], complete: [], partial: 0 };
  for await (const r of rows) {
    out.ids.push(r.id);
    out.responses.push(JSON.parse(r.values_json) as Values);
    out.submittedOn.push(r.submitted_on);
    out.complete.push(r.complete === 1);
    if (r.complete === 0) out.partial += 1;
  }
  return out;
}

/** How many responses a wave has (one index range). */
export async function countWaveResponses(db: Db, waveId: string): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('wave_id', '=', waveId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * SQLite's `data_version` of this connection: it changes when another connection (another process,
 * e.g. a command-line purge) has committed to the file since it was last read, never for this
 * connection's own writes.
 */
export async function dataVersion(db: Db): Promise<number> {
  const { rows } = await sql<{ data_version: number }>`pragma data_version`.execute(db);
  return Number(rows[0]!.data_version);
}
