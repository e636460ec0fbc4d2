/** Houses (Veiligheidshuizen) as records; waves and grants point at them by id. */
import { sql } from 'kysely';
import type { Db } from '../connection.js';
import type { House, HousesTable } from '../database.js';
import type { Selectable } from 'kysely';
import type { HouseFilter } from './waves.js';

export type HouseWithCounts = House & { waves: number; grants: number };

function decode(row: Selectable<HousesTable>): House {
  let municipalities: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.municipalities);
    if (Array.isArray(parsed)) municipalities = parsed.filter((m): m is string => typeof m === 'string');
  } catch {
    municipalities = [];
  }
  return { id: row.id, name: row.name, region: row.region, municipalities, created_at: row.created_at };
}

export interface HouseInput {
  name: string;
  region: string | null;
  municipalities: string[];
}

/** Create a house; the caller has checked the name. */
export async function insertHouse(db: Db, input: HouseInput, now: Date): Promise<House> {
  const row = await db
    .insertInto('houses')
    .values({ name: input.name, region: input.region, municipalities: JSON.stringify(input.municipalities), created_at: now.toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow();
  return decode(row);
}

/** Change a house's name, region and municipalities. */
export async function updateHouse(db: Db, id: number, input: HouseInput): Promise<void> {
  await db
    .updateTable('houses')
    .set({ name: input.name, region: input.region, municipalities: JSON.stringify(input.municipalities) })
    .where('id', '=', id)
    .execute();
}

export async function findHouse(db: Db, id: number): Promise<House | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const row = await db.selectFrom('houses').selectAll().where('id', '=', id).executeTakeFirst();
  return row && decode(row);
}

/** The house with exactly this name. */
export async function findHouseByName(db: Db, name: string): Promise<House | undefined> {
  const row = await db.selectFrom('houses').selectAll().where('name', '=', name).executeTakeFirst();
  return row && decode(row);
}

/** The houses of the filter by name, with their numbers of waves and grants. */
export async function listHouses(db: Db, houses: HouseFilter = 'all'): Promise<HouseWithCounts[]> {
  let query = db
    .selectFrom('houses as h')
    .selectAll('h')
    .select((eb) => eb.selectFrom('waves as w').select((e) => e.fn.countAll<number>().as('n')).whereRef('w.house_id', '=', 'h.id').as('waves'))
    .select((eb) => eb.selectFrom('grants as g').select((e) => e.fn.countAll<number>().as('n')).whereRef('g.house_id', '=', 'h.id').as('grants'))
    .orderBy(sql`h.name collate nocase`)
    .orderBy('h.id');
  if (houses !== 'all') query = houses.length === 0 ? query.where(sql<boolean>`0`) : query.where('h.id', 'in', houses);
  const rows = await query.execute();
  return rows.map((r) => ({ ...decode(r), waves: Number(r.waves ?? 0), grants: Number(r.grants ?? 0) }));
}

/**
 * Merge house `fromId` into `intoId`: its waves and grants move (a grant the account already holds
 * on the other house is dropped), then it is deleted. Run inside the caller's transaction.
 */
export async function mergeHouseRows(db: Db, fromId: number, intoId: number): Promise<{ waves: number; grants: number }> {
  const waves = await db.updateTable('waves').set({ house_id: intoId }).where('house_id', '=', fromId).executeTakeFirst();
  await db
    .deleteFrom('grants')
    .where('house_id', '=', fromId)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('grants as other').select('other.id').whereRef('other.user_id', '=', 'grants.user_id').whereRef('other.kind', '=', 'grants.kind').where('other.house_id', '=', intoId)),
    )
    .execute();
  const grants = await db.updateTable('grants').set({ house_id: intoId }).where('house_id', '=', fromId).executeTakeFirst();
  await db.deleteFrom('houses').where('id', '=', fromId).execute();
  return { waves: Number(waves.numUpdatedRows), grants: Number(grants.numUpdatedRows) };
}
