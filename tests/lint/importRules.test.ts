/**
 * The import rules of `npm run lint` (lint/dependency-cruiser.cjs) run on a small server/ tree of their
 * own: a clean tree passes, and each forbidden import in it fails with the name of its rule.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { spawnChild } from '../helpers/childProcess.js';
import { sourceTree } from '../helpers/sourceTree.js';

const config = join(projectRoot, 'lint/dependency-cruiser.cjs');
const bin = join(projectRoot, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const ruleNames = (createRequire(import.meta.url)(config) as { forbidden: Array<{ name: string }> }).forbidden.map((r) => r.name);

/** A tree that follows every rule: each layer imports what it may. */
const clean: Record<string, string> = {
  'server/errors.ts': `export class AppError extends Error {}`,
  'server/domain/stats/mean.ts': `import { AppError } from '../../errors.js';
export const mean = (xs: number[]) => { if (!xs.length) throw new AppError('leeg'); return xs.reduce((a, b) => a + b, 0) / xs.length; };`,
  'server/domain/stats/alpha.ts': `import { createHash } from 'node:crypto';
import { mean } from './mean.js';
export const alpha = (xs: number[]) => createHash('sha256').update(String(mean(xs))).digest('hex');`,
  'server/security/tokens.ts': `import { randomBytes } from 'node:crypto';
export const token = () => randomBytes(32).toString('base64url');`,
  'server/db/database.ts': `import type { Kysely } from 'kysely';
export type Db = Kysely<{ waves: { id: number } }>;`,
  'server/db/repositories/waves.ts': `import { sql } from 'kysely';
import type { Db } from '../database.js';
import { token } from '../../security/tokens.js';
export const listWaves = (db: Db) => db.selectFrom('waves').select(sql<number>\`id\`.as('id')).where('id', '!=', token().length).execute();`,
  'server/services/waves.ts': `import { listWaves } from '../db/repositories/waves.js';
import type { Db } from '../db/database.js';
import { mean } from '../domain/stats/mean.js';
export const waveCount = async (db: Db) => mean((await listWaves(db)).map((w) => w.id));`,
  'server/plugins/db.ts': `import fp from 'fastify-plugin';
import { Kysely } from 'kysely';
export default fp(async (app) => { app.decorate('db', Kysely); });`,
  'server/routes/waves.ts': `import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/database.js';
import { waveCount } from '../services/waves.js';
export const routes: FastifyPluginAsync = async (app) => { app.get('/', async () => waveCount(app as unknown as Db)); };`,
  'server/cli/wave.ts': `import { readFileSync } from 'node:fs';
import { waveCount } from '../services/waves.js';
export const run = () => [readFileSync, waveCount];`,
  'server/app.ts': `import db from './plugins/db.js';
import { routes } from './routes/waves.js';
export const parts = [db, routes];`,
};

/** One forbidden import per rule, each added to the clean tree; the violation each must report. */
const violations: Array<{ rule: string; file: string; source: string; reported: string }> = [
  {
    rule: 'domain-is-pure',
    file: 'server/domain/stats/readsFiles.ts',
    source: `import { readFileSync } from 'node:fs';\nexport const read = () => readFileSync('x');`,
    reported: 'server/domain/stats/readsFiles.ts → fs',
  },
  {
    rule: 'domain-is-pure',
    file: 'server/domain/stats/typedBySql.ts',
    source: `import type { Kysely } from 'kysely';\nexport type K = Kysely<object>;`,
    reported: 'server/domain/stats/typedBySql.ts → node_modules/kysely/',
  },
  {
    rule: 'domain-imports-only-domain',
    file: 'server/domain/stats/callsService.ts',
    source: `import { waveCount } from '../../services/waves.js';\nexport const f = waveCount;`,
    reported: 'server/domain/stats/callsService.ts → server/services/waves.ts',
  },
  {
    rule: 'db-imports-no-upper-layer',
    file: 'server/db/repositories/usesPlugin.ts',
    source: `import db from '../../plugins/db.js';\nexport const p = db;`,
    reported: 'server/db/repositories/usesPlugin.ts → server/plugins/db.ts',
  },
  {
    rule: 'routes-and-cli-no-kysely',
    file: 'server/routes/rawSql.ts',
    source: `import { sql } from 'kysely';\nexport const q = sql\`select 1\`;`,
    reported: 'server/routes/rawSql.ts → node_modules/kysely/',
  },
  {
    rule: 'repositories-only-from-services-and-db',
    file: 'server/cli/purge.ts',
    source: `import { listWaves } from '../db/repositories/waves.js';\nexport const f = listWaves;`,
    reported: 'server/cli/purge.ts → server/db/repositories/waves.ts',
  },
  {
    rule: 'security-and-domain-no-plugins',
    file: 'server/security/decorated.ts',
    source: `import db from '../plugins/db.js';\nexport const p = db;`,
    reported: 'server/security/decorated.ts → server/plugins/db.ts',
  },
  {
    rule: 'no-cycles',
    file: 'server/domain/stats/cycleA.ts',
    source: `import type { B } from './cycleB.js';\nexport interface A { b?: B }`,
    reported: 'server/domain/stats/cycleA.ts → server/domain/stats/cycleB.ts → server/domain/stats/cycleA.ts',
  },
];
const cycleB = { 'server/domain/stats/cycleB.ts': `import type { A } from './cycleA.js';\nexport interface B { a?: A }` };

/** The import check as `npm run lint` runs it, in `dir`. */
async function check(dir: string): Promise<{ code: number | null; output: string }> {
  const run = spawnChild(process.execPath, [bin, '--config', config, 'server'], { cwd: dir });
  const { code } = await run.exited;
  return { code, output: run.output() };
}

/**
 * The reported violations, one `rule: from → … → to` string each (cycles are printed over several
 * lines; a package is shown by its real path, reached through the tree's node_modules link).
 */
function reported(output: string): string[] {
  return output
    .replace(/(?:\.\.\/)+\S*?node_modules\//g, 'node_modules/')
    .split(/\n(?=\s*(?:error|warn|info) )/)
    .map((block) => /^\s*error ([\w-]+): ([\s\S]+)$/.exec(block.replace(/\n\s*x \d+ dependency violations[\s\S]*$/, '')))
    .filter((m) => m !== null)
    .map((m) => `${m[1]}: ${m[2]!.replace(/\s+/g, ' ').trim()}`);
}

describe('the import rules', () => {
  it('pass on a tree where every layer imports only what it may', async () => {
    const result = await check(sourceTree(clean, { nodeModules: true }));
    expect(result.output).toContain('no dependency violations found');
    expect(result.code).toBe(0);
  });

  it('fail on each forbidden import, naming its rule', async () => {
    const files = { ...clean, ...cycleB, ...Object.fromEntries(violations.map((v) => [v.file, v.source])) };
    const result = await check(sourceTree(files, { nodeModules: true }));
    expect(result.code).not.toBe(0);
    const found = reported(result.output);
    for (const v of violations) expect(found.some((line) => line.startsWith(`${v.rule}: ${v.reported}`)), `${v.rule}: ${v.reported}\n${result.output}`).toBe(true);
    // nothing else is reported: the clean part of the tree stays clean next to the violations
    expect(found).toHaveLength(violations.length);
  });

  it('has a violating case for every rule in the configuration', () => {
    expect(new Set(violations.map((v) => v.rule))).toEqual(new Set(ruleNames));
  });
});
