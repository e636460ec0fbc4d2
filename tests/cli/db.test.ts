/**
 * `npm run cli -- db migrate`: runs the pending migrations of the configured database, and a failed
 * migration exits non-zero, naming the migration, and leaves the file as it was.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { spawnChild } from '../helpers/childProcess.js';
import { cli, useCliEnvironment } from '../helpers/cli.js';
import { projectRoot } from '../../server/config.js';

const migrations = readdirSync(join(projectRoot, 'migrations'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

let dir: string;
let databaseFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vhcli-db-'));
  databaseFile = join(dir, 'survey.db');
});
useCliEnvironment(() => ({ DATABASE_FILE: databaseFile }));
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function tables(file: string): string[] {
  const db = new SQLite(file, { readonly: true });
  try {
    return db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** `npm run cli -- db migrate`, exactly as the README documents it, on the test's database. */
async function npmDbMigrate(): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const run = spawnChild('npm', ['run', '--silent', 'cli', '--', 'db', 'migrate'], { env: { DATABASE_FILE: databaseFile, LOG_LEVEL: 'silent' } });
  const { code } = await run.exited;
  return { status: code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('db migrate', () => {
  it('creates and migrates the configured database file, then finds it up to date', async () => {
    const first = await cli('db', 'migrate');
    expect(first).toEqual({ code: 0, stdout: `Applied: ${migrations.join(', ')}\n`, stderr: '' });
    expect(tables(databaseFile)).toEqual(expect.arrayContaining(['waves', 'participants', 'invitations', 'responses', 'answers', 'contacts', 'kysely_migration']));

    const again = await cli('db', 'migrate');
    expect(again).toEqual({ code: 0, stdout: 'Database is up to date.\n', stderr: '' });
    const json = await cli('db', 'migrate', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ database: databaseFile, applied: [] });
  });

  it('exits non-zero naming the failed migration, as `npm run cli -- db migrate`, and leaves the file as it was', async () => {
    // a table the first migration creates, already there: its CREATE TABLE fails halfway through the migration
    const pre = new SQLite(databaseFile);
    pre.exec('create table waves (id text primary key)');
    pre.close();
    const before = tables(databaseFile);

    const failed = await npmDbMigrate();
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(`migration ${migrations[0]} failed: table "waves" already exists`);
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    expect(failed.stdout).not.toContain('Applied');
    // nothing of the failed migration stays behind, so a re-run fails for the same reason, not a new one
    expect(tables(databaseFile).filter((t) => !t.startsWith('kysely_'))).toEqual(before);
    expect((await npmDbMigrate()).stderr).toContain(`migration ${migrations[0]} failed: table "waves" already exists`);

    // with the obstacle gone the same command succeeds
    const fix = new SQLite(databaseFile);
    fix.exec('drop table waves');
    fix.close();
    const ok = await npmDbMigrate();
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(`Applied: ${migrations.join(', ')}\n`);
  });

  it('exits 2 on an invalid configuration, naming the variable', async () => {
    vi.stubEnv('PORT', 'abc');
    const res = await cli('db', 'migrate');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('PORT');
    expect(res.stdout).toBe('');
  });
});
