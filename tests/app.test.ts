import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/connection.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { questionnaireFolder } from './helpers/questionnaire.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('app foundation', () => {
  it('answers /healthz with 200 when the database answers', async () => {
    t = await createTestApp();
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers /healthz with 503 when the database does not answer', async () => {
    const { db } = openDatabase(':memory:');
    t = await createTestApp({}, { db });
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await db.destroy();
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable' });
  });

  it('runs the migrations with WAL and foreign keys on', async () => {
    t = await createTestApp();
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(t.app.db);
    expect(tables.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['waves', 'participants', 'invitations', 'responses', 'answers', 'mail_jobs']));
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(t.app.db);
    expect(fk.rows[0]?.foreign_keys).toBe(1);
    const wal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(t.app.db);
    expect(wal.rows[0]?.journal_mode).toBe('wal');
  });

  it('shows a Dutch 404 page to browsers and problem+json to API callers', async () => {
    t = await createTestApp();
    const html = await t.app.inject({ url: '/nope', headers: { accept: 'text/html' } });
    expect(html.statusCode).toBe(404);
    expect(html.body).toContain('Niet gevonden');
    expect(html.headers['content-security-policy']).toContain("script-src 'self'");
    const api = await t.app.inject({ url: '/nope' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses to start when a questionnaire file is invalid, naming file and path', async () => {
    const dir = questionnaireFolder([{ id: 'broken', pages: [{ id: 'p1', blocks: [{ type: 'single', code: 'Q1', text: 'Vraag', options: [{ value: 1, label: 'a' }] }] }] }]);
    const config = loadConfig({ DATABASE_FILE: ':memory:', QUESTIONNAIRES_DIR: dir, LOG_LEVEL: 'silent' });
    await expect(buildApp({ config, logger: false })).rejects.toThrow(/broken\.json: pages\[0\]\.blocks\[0\]\.options/);
  });
});
