/**
 * `db backup`: a consistent online copy while another process keeps writing. The writer commits
 * batches of rows in single transactions; a consistent snapshot holds whole batches only. The copy is
 * then restored the way the README says (copy over DATABASE_FILE, remove -wal/-shm) and served.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli, useCliEnvironment } from '../helpers/cli.js';
import { openDatabase } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createTestApp } from '../helpers/app.js';
import { spawnChild, type Child } from '../helpers/childProcess.js';

let dir: string;
let writer: Child | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vhbackup-'));
});
useCliEnvironment(() => ({ DATABASE_FILE: join(dir, 'live.db') }));
afterEach(() => {
  if (writer && writer.process.exitCode === null && writer.process.signalCode === null) writer.kill('SIGKILL');
  writer = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const BATCH = 50;

/** A second process that commits batches of BATCH audit rows, one transaction each, and prints each batch number. */
function startWriter(file: string): {
  child: Child;
  /** The last batch number printed (a lower bound of what is committed). */
  batches: () => number;
  /** Resolves once batch `n` is committed and printed. */
  reached: (n: number) => Promise<void>;
  stop: () => Promise<void>;
} {
  const script = `
    const SQLite = require('better-sqlite3');
    const db = new SQLite(${JSON.stringify(file)});
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare("insert into audit_log (at, actor, action, details) values ('2026-01-01', 'writer', ?, ?)");
    const batch = db.transaction((n) => { for (let i = 0; i < ${BATCH}; i++) insert.run('batch-' + n, 'x'.repeat(200)); });
    let n = 0;
    let stop = false;
    process.on('SIGTERM', () => { stop = true; });
    (function loop() {
      if (stop) { db.close(); process.exit(0); }
      batch(++n);
      process.stdout.write(n + '\\n');
      setImmediate(loop);
    })();
  `;
  const child = spawnChild(process.execPath, ['-e', script]);
  return {
    child,
    batches: () => Number(/(\d+)\n$/.exec(child.stdout())?.[1] ?? 0),
    reached: (n) => child.waitForLine(new RegExp(`^${n}$`)).then(() => undefined),
    stop: async () => {
      child.kill('SIGTERM');
      await child.exited;
    },
  };
}

describe('db backup', () => {
  it('copies a database that another process writes to, as one consistent snapshot with whole transactions only', async () => {
    const live = join(dir, 'live.db');
    const { db } = openDatabase(live);
    await migrateToLatest(db);
    await db.destroy();
    // a few megabytes of existing data, so the copy takes long enough for writes to happen meanwhile
    const seed = new SQLite(live);
    const fill = seed.prepare("insert into audit_log (at, actor, action, details) values ('2026-01-01', 'seed', 'seed', ?)");
    seed.transaction(() => {
      for (let i = 0; i < 20_000; i++) fill.run('y'.repeat(200));
    })();
    seed.close();

    const w = startWriter(live);
    writer = w.child;
    await w.reached(20);
    const before = w.batches();
    const target = join(dir, 'backup.db');
    const res = await cli('db', 'backup', target, '--json');
    // an upper bound read from the file itself (the writer's printed count may lag behind its commits)
    const peek = new SQLite(live, { readonly: true });
    const after = (peek.prepare("select count(distinct action) from audit_log where actor = 'writer'").pluck().get() as number);
    peek.close();
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    // the writer kept committing while and after the backup ran
    await w.reached(after + 6);
    await w.stop();

    const report = JSON.parse(res.stdout) as { file: string; integrity: string; tables: Record<string, number> };
    expect(report.file).toBe(target);
    expect(report.integrity).toBe('ok');
    expect(existsSync(`${target}-wal`)).toBe(false);

    const copy = new SQLite(target, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare("select count(*) from audit_log where actor = 'seed'").pluck().get()).toBe(20_000);
      const perBatch = copy
        .prepare("select action, count(*) as n from audit_log where actor = 'writer' group by action")
        .all() as Array<{ action: string; n: number }>;
      // whole transactions only: every batch in the copy has all its rows
      expect(perBatch.every((b) => b.n === BATCH)).toBe(true);
      const batchesInCopy = perBatch.length;
      expect(batchesInCopy).toBeGreaterThanOrEqual(before);
      expect(batchesInCopy).toBeLessThanOrEqual(after);
      // and they are batches 1..k without a gap: a snapshot of one moment
      const numbers = perBatch.map((b) => Number(b.action.slice('batch-'.length))).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: batchesInCopy }, (_, i) => i + 1));
      expect(report.tables.audit_log).toBe(20_000 + batchesInCopy * BATCH);
      // the copy holds every migration, so a restored server starts without migrating
      expect(copy.prepare('select count(*) from kysely_migration').pluck().get()).toBeGreaterThanOrEqual(3);
    } finally {
      copy.close();
    }
    const live2 = new SQLite(live, { readonly: true });
    expect(live2.prepare("select count(*) from audit_log where actor = 'writer'").pluck().get()).toBeGreaterThan(after * BATCH);
    live2.close();
  });

  it('restores as the README says: stop, copy the backup over DATABASE_FILE, remove -wal and -shm, start', async () => {
    const t = await createTestApp();
    await t.app.db.insertInto('audit_log').values({ at: '2026-11-23T09:00:00Z', actor: 'test', action: 'before-backup', details: '{}' }).execute();
    vi.stubEnv('DATABASE_FILE', t.config.databaseFile);
    const target = join(dir, 'restore-me.db');
    const res = await cli('db', 'backup', target);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('integrity ok');
    // a change after the backup, which the restore must undo
    await t.app.db.insertInto('audit_log').values({ at: '2026-11-23T10:00:00Z', actor: 'test', action: 'after-backup', details: '{}' }).execute();
    const secretKey = join(t.dir, 'secret.key');
    const keyCopy = join(dir, 'secret.key');
    copyFileSync(secretKey, keyCopy);
    await t.app.close();

    const restoredDir = mkdtempSync(join(tmpdir(), 'vhrestore-'));
    try {
      const file = join(restoredDir, 'test.db');
      // a stale WAL beside the old file must not be replayed onto the restored copy
      writeFileSync(`${file}-wal`, 'stale');
      copyFileSync(target, file);
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
      copyFileSync(keyCopy, join(restoredDir, 'secret.key'));
      const restored = await createTestApp({ DATABASE_FILE: file });
      try {
        const actions = (await restored.app.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
        expect(actions).toContain('before-backup');
        expect(actions).not.toContain('after-backup');
        const health = await restored.app.inject({ url: '/healthz' });
        expect(health.statusCode).toBe(200);
      } finally {
        await restored.close();
      }
    } finally {
      rmSync(restoredDir, { recursive: true, force: true });
      rmSync(t.dir, { recursive: true, force: true });
    }
  });

  it('refuses to overwrite an existing file without --force, and a missing argument is a usage error', async () => {
    const live = join(dir, 'live.db');
    const { db } = openDatabase(live);
    await migrateToLatest(db);
    await db.destroy();
    const target = join(dir, 'exists.db');
    writeFileSync(target, 'keep me');
    const refused = await cli('db', 'backup', target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already exists.*--force/);
    const forced = await cli('db', 'backup', target, '--force', '--json');
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).integrity).toBe('ok');

    const missing = await cli('db', 'backup');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: db backup <file>');
    const noFolder = await cli('db', 'backup', join(dir, 'no', 'such', 'folder.db'));
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toContain('folder does not exist');
  });
});
