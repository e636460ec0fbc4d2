/**
 * Houses (Veiligheidshuizen) as records: list (with the near-duplicate groups a researcher may
 * merge), create, change, merge. Shared by the houses pages and `house create` / `house list` /
 * `house merge`. Every change is audit-logged in its own transaction.
 */
import { transaction, type Db } from '../db/connection.js';
import type { House, SessionUser } from '../db/database.js';
import { findHouse, findHouseByName, insertHouse, listHouses, mergeHouseRows, updateHouse, type HouseInput, type HouseWithCounts } from '../db/repositories/houses.js';
import { houseKey, nearDuplicateGroups } from '../domain/houses/names.js';
import { houseMergeSame, houseNameTaken, houseNotFound } from '../errors.js';
import { housesFor, type Capability } from './access.js';
import { audit, changes } from './audit.js';
import { within, type Context } from './context.js';

export type { HouseInput, HouseWithCounts };

/** Every house (for national work and the command line), by name, with its numbers of waves and grants. */
export async function allHouses(db: Db): Promise<HouseWithCounts[]> {
  return listHouses(db);
}

/** The houses on which `user` has `capability` (for a form's choice of house), by name. */
export async function housesOf(db: Db, user: SessionUser, capability: Capability): Promise<HouseWithCounts[]> {
  return listHouses(db, housesFor(user, capability));
}

/** The house with this id, or 404. */
export async function getHouse(db: Db, id: number): Promise<House> {
  const house = await findHouse(db, id);
  if (!house) throw houseNotFound();
  return house;
}

/** The house of an id or an exact name (the command line accepts either), or undefined. */
export async function houseByIdOrName(db: Db, value: string): Promise<House | undefined> {
  if (/^\d{1,12}$/.test(value)) return findHouse(db, Number(value));
  return findHouseByName(db, value.trim());
}

/** Groups of houses whose names are near duplicates (case, spacing, "Veiligheidshuis"/"VHH" prefixes): candidates to merge. */
export function nearDuplicates(houses: readonly HouseWithCounts[]): HouseWithCounts[][] {
  return nearDuplicateGroups(houses);
}

/** A house with the same name or a near-duplicate name (other than `exceptId`), if any. */
async function similarHouse(db: Db, name: string, exceptId?: number): Promise<House | undefined> {
  const key = houseKey(name);
  return (await listHouses(db)).find((h) => h.id !== exceptId && (h.name === name || houseKey(h.name) === key));
}

/** Create a house; refused (409) when a house with the same or a near-duplicate name exists. Audit-logged. */
export async function createHouse(ctx: Context, input: HouseInput): Promise<House> {
  return transaction(ctx.db, async (trx) => {
    const similar = await similarHouse(trx, input.name);
    if (similar) throw houseNameTaken(similar.name);
    const house = await insertHouse(trx, input, ctx.now);
    await audit(within(ctx, trx), { action: 'house_created', houseId: house.id, details: { name: house.name, region: house.region, municipalities: house.municipalities } });
    return house;
  });
}

/** Change a house's name, region and municipalities (the name checked as on creation). Audit-logged with before and after. */
export async function changeHouse(ctx: Context, house: House, input: HouseInput): Promise<void> {
  await transaction(ctx.db, async (trx) => {
    const similar = await similarHouse(trx, input.name, house.id);
    if (similar) throw houseNameTaken(similar.name);
    await updateHouse(trx, house.id, input);
    const diff = changes(house as unknown as Record<string, unknown>, input as unknown as Record<string, unknown>, ['name', 'region', 'municipalities']);
    await audit(within(ctx, trx), { action: 'house_updated', houseId: house.id, details: { changes: diff } });
  });
}

/**
 * Merge house `from` into house `into`: its waves and grants move, `from` is deleted. Comparisons
 * then treat the waves as one house's. Audit-logged.
 */
export async function mergeHouses(ctx: Context, fromId: number, intoId: number): Promise<{ waves: number; grants: number }> {
  if (fromId === intoId) throw houseMergeSame();
  return transaction(ctx.db, async (trx) => {
    const from = await findHouse(trx, fromId);
    const into = await findHouse(trx, intoId);
    if (!from || !into) throw houseNotFound();
    const moved = await mergeHouseRows(trx, from.id, into.id);
    await audit(within(ctx, trx), { action: 'house_merged', houseId: into.id, details: { from: { id: from.id, name: from.name }, into: { id: into.id, name: into.name }, ...moved } });
    return moved;
  });
}
