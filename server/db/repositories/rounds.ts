import type { Db } from '../connection.js';
import type { NationalRound } from '../database.js';

/** Store a national round. */
export async function insertRound(db: Db, round: Omit<NationalRound, 'id'>): Promise<NationalRound> {
  return db.insertInto('national_rounds').values(round).returningAll().executeTakeFirstOrThrow();
}

/** The round with this id. */
export async function findRound(db: Db, id: number): Promise<NationalRound | undefined> {
  return db.selectFrom('national_rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every round, the latest first. */
export async function listRounds(db: Db): Promise<NationalRound[]> {
  return db.selectFrom('national_rounds').selectAll().orderBy('id', 'desc').execute();
}
