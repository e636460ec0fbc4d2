/**
 * Rows through Kysely (statements kept per SQL text, rows read as arrays and laid out as objects:
 * db/connection.ts) are the objects better-sqlite3 makes itself: same keys, order and values, also
 * for repeated and number-like column names, streamed rows, RETURNING, and after a schema change.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, readNow, type Db } from '../../server/db/connection.js';

let db: Db;
let sqlite: SQLite.Database;
let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vhconn-'));
  ({ db, sqlite } = openDatabase(join(dir, 'test.db')));
  await sql`create table notes (id integer primary key, text text, n real, b blob)`.execute(db);
  await sql`insert into notes (text, n, b) values ('één', 1.5, x'00ff'), (null, null, null), ('"x"', -2, x'')`.execute(db);
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** The rows better-sqlite3 itself makes of this SQL, in object mode, on a statement of its own. */
function direct(text: string): unknown[] {
  return sqlite.prepare(text).all();
}

async function viaKysely(text: string): Promise<unknown[]> {
  return (await sql.raw(text).execute(db)).rows;
}

it('reads rows as better-sqlite3 makes them, twice from the kept statement', async () => {
  for (const text of [
    'select * from notes order by id',
    'select id, text as "1", n as "a b", id as "x", text as "x", 3 as "x" from notes order by id',
    'select count(*), sum(n) from notes',
    'select * from notes where id < 0',
  ]) {
    const first = await viaKysely(text);
    expect(first).toEqual(direct(text));
    expect(await viaKysely(text)).toEqual(direct(text));
    expect(first.map((r) => Object.keys(r as object))).toEqual(direct(text).map((r) => Object.keys(r as object)));
  }
});

it('streams rows and returns RETURNING rows as objects', async () => {
  const streamed: unknown[] = [];
  for await (const row of db.selectFrom('notes' as never).selectAll().orderBy('id' as never).stream()) streamed.push(row);
  expect(streamed).toEqual(direct('select * from notes order by id'));
  const returned = (await sql`insert into notes (text) values ('nieuw') returning id, text`.execute(db)).rows;
  expect(returned).toEqual([{ id: 4, text: 'nieuw' }]);
});

it('lays out the columns again after a schema change', async () => {
  const text = 'select * from notes order by id';
  await viaKysely(text);
  await sql`alter table notes rename column text to body`.execute(db);
  expect(await viaKysely(text)).toEqual(direct(text));
  await sql`alter table notes add column extra integer default 7`.execute(db);
  expect(await viaKysely(text)).toEqual(direct(text));
  expect(Object.keys((await viaKysely(text))[0] as object)).toEqual(['id', 'body', 'n', 'b', 'extra']);
});

describe('readNow', () => {
  const query = () => db.selectFrom('notes' as never).select(sql<string>`text`.as('text')).where(sql`id`, '=', 1).compile();

  it('reads at once, the rows Kysely reads', async () => {
    const rows = readNow(db, query());
    expect(rows).toEqual((await db.executeQuery(query())).rows);
    expect(rows).toEqual([{ text: 'één' }]);
  });

  it('leaves a read to Kysely while a transaction is open, so it never sees what is not committed', async () => {
    let resume!: () => void;
    const paused = new Promise<void>((r) => (resume = r));
    let began!: () => void;
    const begun = new Promise<void>((r) => (began = r));
    const writing = db.transaction().execute(async (trx) => {
      await sql`update notes set text = 'nieuw' where id = 1`.execute(trx);
      began();
      await paused;
    });
    await begun;
    // another request reads meanwhile: not now, and through Kysely only after the commit
    expect(readNow(db, query())).toBeUndefined();
    let read: unknown;
    const reading = db.executeQuery(query()).then((r) => (read = r.rows));
    await new Promise((r) => setImmediate(r));
    expect(read).toBeUndefined();
    resume();
    await writing;
    await reading;
    expect(read).toEqual([{ text: 'nieuw' }]);
    expect(readNow(db, query())).toEqual([{ text: 'nieuw' }]);
  });

  it('has no connection for a transaction object', async () => {
    await db.transaction().execute(async (trx) => {
      expect(readNow(trx, query())).toBeUndefined();
    });
  });
});
