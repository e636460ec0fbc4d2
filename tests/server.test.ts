/**
 * The real launcher (server/server.ts) as a child process: it stops cleanly on SIGTERM and SIGINT, also
 * when started with `npm start`, and refuses to start — exit 1, a message for the person starting it,
 * no stack trace — on an invalid questionnaire file, a failing migration or an invalid configuration.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../server/config.js';
import { freePort, launchServer, LISTENING, spawnChild } from './helpers/childProcess.js';
import { writeQuestionnaire } from './helpers/questionnaire.js';

// each test starts a real server process, which is slow on a loaded machine
vi.setConfig({ testTimeout: 150_000 });

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function tempDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'vhlaunch-'));
  return dir;
}

function get(port: number, path: string, agent: http.Agent | false = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('the launcher shuts down gracefully', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('on %s: logs the signal, closes an idle keep-alive connection and the database, exits 0', async (signal) => {
    const folder = tempDir();
    const databaseFile = join(folder, 'survey.db');
    const port = await freePort();
    const server = launchServer({ DATABASE_FILE: databaseFile, PORT: String(port) });
    await server.listening();

    // a browser keeps its connection open after a page; the server must not wait for it
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(port, '/healthz', agent)).body).toBe('{"status":"ok"}');
    expect(existsSync(`${databaseFile}-wal`)).toBe(true);

    server.kill(signal);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    agent.destroy();

    const log = server.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log).toContainEqual(expect.objectContaining({ msg: 'shutting down', signal }));
    // SQLite removes the write-ahead log when the last connection closes cleanly
    expect(existsSync(`${databaseFile}-wal`)).toBe(false);
    const db = new SQLite(databaseFile, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    await expect(get(port, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('npm start', () => {
  it('passes SIGTERM on to the server, as a container stopping `npm start` sends it: graceful shutdown, exit 0, nothing left running', async () => {
    const folder = tempDir();
    const databaseFile = join(folder, 'survey.db');
    const port = await freePort();
    const npm = spawnChild('npm', ['start'], {
      env: { HOST: '127.0.0.1', LOG_LEVEL: 'info', DATABASE_FILE: databaseFile, PORT: String(port) },
      // its own process group, so that whatever npm started can be cleaned up if it outlives npm
      detached: true,
    });
    try {
      await npm.waitForLine(LISTENING);
      npm.kill('SIGTERM');
      expect(await npm.exited).toEqual({ code: 0, signal: null });
      expect(npm.output()).toContain('"signal":"SIGTERM","msg":"shutting down"');
      expect(existsSync(`${databaseFile}-wal`)).toBe(false);
      // the server went with it, instead of running on without its parent
      await expect(get(port, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      // whatever npm started must not outlive the test, even when an assertion failed
      try {
        process.kill(-npm.pid, 'SIGKILL');
      } catch {
        // the group is gone: nothing left running
      }
    }
  });
});

describe('the launcher refuses to start', () => {
  it('on an invalid file in QUESTIONNAIRES_DIR: exit 1, one line per fault with file and JSON path', async () => {
    const folder = tempDir();
    const questionnaires = join(folder, 'questionnaires');
    cpSync(join(projectRoot, 'questionnaires'), questionnaires, { recursive: true });
    const breedtescan = join(questionnaires, 'breedtescan-ketenmanagers.json');
    const raw = JSON.parse(readFileSync(breedtescan, 'utf8')) as { pages: Array<{ blocks: Array<Record<string, unknown>> }> };
    raw.pages[1]!.blocks[0]!.showIf = { q: 'Q99', equals: 2 };
    writeFileSync(breedtescan, JSON.stringify(raw, null, 2));
    const extra = writeQuestionnaire(questionnaires, { id: 'kapot', pages: [{ id: 'p1', blocks: [{ type: 'single', code: 'Q1', text: 'Vraag', options: [{ value: 1, label: 'a' }, { value: 1, label: 'b' }] }] }] });

    const port = await freePort();
    const server = launchServer({ DATABASE_FILE: join(folder, 'survey.db'), QUESTIONNAIRES_DIR: questionnaires, PORT: String(port) });
    expect(await server.exited).toEqual({ code: 1, signal: null });
    const lines = server.output().trim().split('\n');
    expect(lines).toEqual([
      'Invalid questionnaire file(s):',
      `${breedtescan}: pages[1].blocks[0].showIf: verwijst naar "Q99", maar die code bestaat niet`,
      expect.stringMatching(new RegExp(`^${extra.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: pages\\[0\\]\\.blocks\\[0\\]\\.options\\[1\\]\\.value: `)),
    ]);
    await expect(get(port, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('when a migration fails: exit 1 naming the migration, no stack trace', async () => {
    const folder = tempDir();
    const databaseFile = join(folder, 'survey.db');
    const pre = new SQLite(databaseFile);
    pre.exec('create table waves (id text primary key)');
    pre.close();
    const server = launchServer({ DATABASE_FILE: databaseFile, PORT: String(await freePort()) });
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.output()).toMatch(/^migration 2026_11_22_0900_initial failed: table "waves" already exists\n$/);
  });

  it('on an invalid configuration: exit 1, each faulty variable named', async () => {
    const folder = tempDir();
    const server = launchServer({ DATABASE_FILE: join(folder, 'survey.db'), PORT: 'abc', SMTP_URL: 'http://mail.example.org' });
    expect(await server.exited).toEqual({ code: 1, signal: null });
    const output = server.output();
    expect(output).toMatch(/^Invalid configuration:\n/);
    expect(output).toMatch(/^ {2}PORT: /m);
    expect(output).toMatch(/^ {2}SMTP_URL: must start with smtp:\/\/ or smtps:\/\//m);
    expect(output).not.toMatch(/\n\s+at /);
    expect(existsSync(join(folder, 'survey.db'))).toBe(false);
  });
});
