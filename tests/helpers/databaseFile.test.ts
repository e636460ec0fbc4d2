/**
 * TableDigest reuses its digests while no other connection has committed (data_version): it must
 * still see every committed change, a change that leaves the row count alone included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TableDigest } from './databaseFile.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('TableDigest', () => {
  it('sees every commit of another connection, and gives the same digests while there is none', () => {
    dir = mkdtempSync(join(tmpdir(), 'vh-digest-'));
    const file = join(dir, 'x.db');
    const writer = new SQLite(file);
    writer.pragma('journal_mode = WAL');
    writer.exec("create table a (id integer primary key, v text); create table b (id integer primary key); insert into a (v) values ('x'), ('y')");
    const digest = new TableDigest(file);
    try {
      const first = digest.tables();
      expect(digest.tables()).toEqual(first);
      writer.prepare("update a set v = 'z' where id = 2").run();
      const second = digest.tables();
      expect(second.a).not.toBe(first.a);
      expect(second.b).toBe(first.b);
      // a statement that changes no row commits nothing
      writer.prepare("update a set v = 'q' where id = 99").run();
      expect(digest.tables()).toEqual(second);
      writer.prepare('insert into b default values').run();
      expect(digest.tables().b).not.toBe(second.b);
      // a write undone restores the digest: it is of the rows, not of the version
      writer.prepare('delete from b').run();
      expect(digest.tables()).toEqual(second);
    } finally {
      digest.close();
      writer.close();
    }
  });
});
