/** Grants: what an account may see (national, or per house). Decisions on them are services/access.ts. */
import type { Db } from '../connection.js';
import type { Grant, GrantKind } from '../database.js';

function toGrant(row: { kind: GrantKind; house_id: number | null }): Grant {
  if (row.kind === 'coordinator' || row.kind === 'evaluator') return { kind: row.kind, houseId: row.house_id! };
  return { kind: row.kind };
}

const houseOf = (grant: Grant) => ('houseId' in grant ? grant.houseId : null);

/** The grants of one account. */
export async function grantsOf(db: Db, userId: number): Promise<Grant[]> {
  const rows = await db.selectFrom('grants').select(['kind', 'house_id']).where('user_id', '=', userId).orderBy('id').execute();
  return rows.map(toGrant);
}

/** The grants of every account (or of `userIds`), by account id. */
export async function grantsByUser(db: Db, userIds?: readonly number[]): Promise<Map<number, Grant[]>> {
  let query = db.selectFrom('grants').select(['user_id', 'kind', 'house_id']).orderBy('id');
  if (userIds) {
    if (userIds.length === 0) return new Map();
    query = query.where('user_id', 'in', userIds);
  }
  const out = new Map<number, Grant[]>();
  for (const row of await query.execute()) {
    const list = out.get(row.user_id) ?? [];
    list.push(toGrant(row));
    out.set(row.user_id, list);
  }
  return out;
}

/** Give a grant; false when the account holds it already. */
export async function insertGrant(db: Db, userId: number, grant: Grant, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('grants')
    .values({ user_id: userId, kind: grant.kind, house_id: houseOf(grant), created_at: now.toISOString() })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Take a grant away; false when the account did not hold it. */
export async function deleteGrant(db: Db, userId: number, grant: Grant): Promise<boolean> {
  const house = houseOf(grant);
  const result = await db
    .deleteFrom('grants')
    .where('user_id', '=', userId)
    .where('kind', '=', grant.kind)
    .where('house_id', house === null ? 'is' : '=', house)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Accounts holding one of the kinds on one of the houses. */
export async function userIdsWithHouseGrants(db: Db, houseIds: readonly number[], kinds: readonly GrantKind[]): Promise<number[]> {
  if (houseIds.length === 0 || kinds.length === 0) return [];
  const rows = await db.selectFrom('grants').select('user_id').distinct().where('house_id', 'in', houseIds).where('kind', 'in', kinds).execute();
  return rows.map((r) => r.user_id);
}

/** Number of accounts that can still sign in and hold this national grant. */
export async function countActiveWithGrant(db: Db, kind: GrantKind): Promise<number> {
  const row = await db
    .selectFrom('grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select((eb) => eb.fn.count<number>('u.id').distinct().as('n'))
    .where('g.kind', '=', kind)
    .where('u.disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
