/**
 * The SQL half of `npm run lint` (lint/sqlOutsideDb.ts) on a small server/ tree of its own: queries in
 * db/ and services/ pass; a query written through `app.db` in a route, the command line or the mail
 * pass fails with the rule's name, even though none of them imports anything SQL.
 */
import { describe, expect, it } from 'vitest';
import { RULE, sqlOutsideDb } from '../../lint/sqlOutsideDb.js';
import { spawnTsx } from '../helpers/childProcess.js';
import { sourceTree } from '../helpers/sourceTree.js';

const clean: Record<string, string> = {
  'server/db/repositories/waves.ts': `export const listWaves = (db: any) => db.selectFrom('waves').selectAll().execute();`,
  'server/services/optout.ts': `export const optOut = (db: any) =>\n  db.transaction().execute((trx: any) => trx.updateTable('participants').set({ opted_out_at: 'x' }).execute());`,
  'server/plugins/db.ts': 'import { sql } from "kysely";\nexport const ready = (db: any) => sql`select 1`.execute(db);',
  'server/routes/waves.ts': `// a comment may name db.selectFrom('waves') without being a query\nexport const route = (app: any) => app.services.waves.list();`,
  'server/domain/stats/mean.ts': `export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;`,
};

const violating: Record<string, string> = {
  'server/routes/optout.ts': `export const route = async (app: any) => {\n  const p = await app.db\n    .selectFrom('participants')\n    .selectAll()\n    .execute();\n  return p;\n};`,
  'server/cli/wave.ts': `export const run = (cli: any) => cli.db.insertInto('audit_log').values({}).execute();`,
  'server/mail/pass.ts': `export const pass = (db: any) => db.transaction().execute(async () => undefined);`,
  'server/plugins/auth.ts': 'import { sql } from "kysely";\nexport const check = (db: any) => sql<number>`select 1`.execute(db);',
};

describe('SQL only in db/ and services/', () => {
  it('passes on a tree whose queries are in db/, services/ and the database plugin', async () => {
    expect(sqlOutsideDb(sourceTree(clean))).toEqual([]);
  });

  it('finds every query outside them, by file and line', () => {
    expect(sqlOutsideDb(sourceTree({ ...clean, ...violating })).map((f) => `${f.file}:${f.line}`).sort()).toEqual([
      'server/cli/wave.ts:1',
      'server/mail/pass.ts:1',
      'server/plugins/auth.ts:2',
      'server/routes/optout.ts:3',
    ]);
  });

  it('fails as a command, naming the rule, and passes on the clean tree', async () => {
    const bad = spawnTsx('lint/sqlOutsideDb.ts', [sourceTree({ ...clean, ...violating })]);
    expect((await bad.exited).code).toBe(1);
    expect(bad.stdout()).toContain(`error ${RULE}: server/routes/optout.ts:3  .selectFrom('participants')`);
    const good = spawnTsx('lint/sqlOutsideDb.ts', [sourceTree(clean)]);
    expect((await good.exited).code).toBe(0);
    expect(good.stdout()).toContain('no SQL outside db/ and services/');
  });
});
