/**
 * Finding 3 of issue 15: the database, its -wal and -shm and backups were created world-readable
 * (0644 under the usual umask, 0666 under umask 0). Created under umask 0 here, so only modes the
 * platform sets itself can pass: files 0600, the data folder it creates 0700.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { cli, useCliEnvironment } from '../helpers/cli.js';
import { makeWave } from '../helpers/factories.js';

const mode = (path: string) => statSync(path).mode & 0o777;

let root: string;
let previousUmask: number;
let t: TestApp | undefined;

beforeAll(() => {
  // the tests run in forked processes (vitest pool 'forks'), where the umask can be set
  previousUmask = process.umask(0);
  root = mkdtempSync(join(tmpdir(), 'vhmodes-'));
});
afterAll(() => {
  process.umask(previousUmask);
  rmSync(root, { recursive: true, force: true });
});
afterEach(async () => {
  await t?.close();
  t = undefined;
});
useCliEnvironment(() => ({ DATABASE_FILE: join(root, 'data', 'survey.db') }));

describe('files holding personal data', () => {
  it('creates the data folder 0700 and the database, -wal, -shm and secret key 0600, whatever the umask', async () => {
    const file = join(root, 'data', 'survey.db');
    t = await createTestApp({ DATABASE_FILE: file });
    await makeWave(t.app, 'stappenmeter-doelbereik');
    expect(mode(join(root, 'data'))).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`, join(root, 'data', 'secret.key')]) expect(mode(f), f).toBe(0o600);

    const backup = join(root, 'kopie.db');
    const res = await cli('db', 'backup', backup);
    expect(res.code, res.stderr).toBe(0);
    expect(mode(backup)).toBe(0o600);
  });

  it('makes an existing world-readable database and its -wal private when it opens them', async () => {
    const dir = join(root, 'bestaand');
    const first = await createTestApp({ DATABASE_FILE: join(dir, 'survey.db') });
    await first.close();
    const file = join(dir, 'survey.db');
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '', { mode: 0o644 });
    chmodSync(`${file}-wal`, 0o644);
    t = await createTestApp({ DATABASE_FILE: file });
    await makeWave(t.app, 'stappenmeter-doelbereik');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe(0o600);
  });
});
