/**
 * Group commit on a real SQLite file: page saves that arrive together share one transaction, each
 * caller hears of its own save only after the commit, and a failing save neither fails nor
 * half-writes the others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/connection.js';
import { inGroupCommit } from '../../server/db/groupCommit.js';
import { migrateToLatest } from '../../server/db/migrate.js';

let db: Db;
let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vhgroup-'));
  db = openDatabase(join(dir, 'test.db')).db;
  await migrateToLatest(db);
  await sql`create table notes (id integer primary key, text text not null unique)`.execute(db);
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (text: string) => async (trx: Db) => {
  await sql`insert into notes (text) values (${text})`.execute(trx);
  return text;
};
const texts = async () => (await sql<{ text: string }>`select text from notes order by text`.execute(db)).rows.map((r) => r.text);

describe('inGroupCommit', () => {
  it('runs the jobs queued in one turn of the event loop in one transaction, and resolves each after the commit', async () => {
    const seen: Db[] = [];
    const job = (text: string) => async (trx: Db) => {
      seen.push(trx);
      return insert(text)(trx);
    };
    const saves = ['a', 'b', 'c', 'd'].map((t) => inGroupCommit(db, job(t)));
    // nothing has run yet: the batch starts after the current turn
    expect(seen).toHaveLength(0);
    expect(await Promise.all(saves)).toEqual(['a', 'b', 'c', 'd']);
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).not.toBe(db);
    expect(await texts()).toEqual(['a', 'b', 'c', 'd']);
    // a later job is a batch of its own
    await inGroupCommit(db, job('e'));
    expect(new Set(seen).size).toBe(2);
  });

  it('a failing job rejects alone: the batch is rolled back and every other job commits in its own transaction', async () => {
    await insert('bestaat al')(db);
    const results = await Promise.allSettled([
      inGroupCommit(db, insert('a')),
      inGroupCommit(db, insert('bestaat al')),
      inGroupCommit(db, async (trx) => {
        await insert('half')(trx);
        throw new Error('kapot na de eerste schrijfactie');
      }),
      inGroupCommit(db, insert('b')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed: notes.text/);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/kapot na de eerste schrijfactie/);
    // nothing of the failed jobs is stored, each row of the others exactly once
    expect(await texts()).toEqual(['a', 'b', 'bestaat al']);
  });

  it('a job alone is committed before its promise resolves, and its failure is its own', async () => {
    await expect(inGroupCommit(db, insert('x'))).resolves.toBe('x');
    expect(await texts()).toEqual(['x']);
    await expect(inGroupCommit(db, insert('x'))).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await texts()).toEqual(['x']);
  });

  it('runs a job given a transaction inside that transaction: it is rolled back with it', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await inGroupCommit(trx, insert('binnen'))).toBe('binnen');
        expect((await sql<{ n: number }>`select count(*) as n from notes`.execute(trx)).rows[0]!.n).toBe(1);
        throw new Error('de buitenste transactie mislukt');
      }),
    ).rejects.toThrow('de buitenste transactie mislukt');
    expect(await texts()).toEqual([]);
  });
});
