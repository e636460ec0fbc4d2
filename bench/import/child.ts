/**
 * Child process of the import benchmark: `child.ts <rows> <runs>`. Each run gets a fresh SQLite file
 * and a wave made by `wave create`, then times `participants import --wave <id> <file.csv>` exactly as
 * the command line runs it (read, decode, parse, validate, one all-or-nothing transaction inserting
 * participants and their invitations, audit log line). Writing the CSV is outside the timed part.
 *
 * The baseline, in alternating runs on a fresh file made the same way: read the same file, parse it
 * with csv-parse (`columns: true`) and insert every row into `participants` (e-mail, name, the other
 * columns as JSON) with one prepared better-sqlite3 statement in one transaction: the least any import
 * of this file into this table can do.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli } from '../../server/cli.js';
import { openDatabase } from '../../server/db/connection.js';
import { emit, log } from '../lib/child.js';
import { median, round, seeded } from '../lib/measure.js';

export interface ImportRun {
  rows: number;
  seconds: number[];
  medianSeconds: number;
  baselineSeconds: number[];
  medianBaselineSeconds: number;
  fileMB: number;
  imported: number;
  invitations: number;
}

const organisaties = ['Politie Noord-Holland', 'Openbaar Ministerie', 'Gemeente Den Helder', 'Reclassering Nederland', 'GGZ Noord-Holland-Noord', 'Veilig Thuis', 'Leger des Heils', 'Gemeente Alkmaar, afdeling Veiligheid'];
const beroepen = ['politie', 'OM', 'gemeente', 'reclassering', 'zorg', 'welzijn', 'beleid'];
const overleggen = ['individueel', 'jeugd', 'volwassenen', 'high impact', 'jeugdgroep'];
const voornamen = ['Jan', 'Anna', 'Pieter', 'Fatima', 'Mohammed', 'Eva', 'Sanne', 'Daan', 'Noëlle', 'Chloë', 'Joost', 'Ilse'];
const achternamen = ['de Vries', 'Jansen', 'Bakker', 'El Amrani', 'van den Berg', 'Visser', 'Smit', "d'Hondt", 'Özdemir', 'de Boer'];

/** A participant list as a house exports it: e-mail, naam and four attribute columns, some quoted fields. */
export function participantsCsv(rows: number, seed = 165): string {
  const random = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['email,naam,organisatie,beroepsgroep,overleg,geslacht'];
  for (let i = 0; i < rows; i++) {
    const voornaam = pick(voornamen);
    const achternaam = pick(achternamen);
    const email = `${voornaam.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase()}.${i}@partner${i % 40}.example.nl`;
    lines.push([email, `${voornaam} ${achternaam}`, pick(organisaties), pick(beroepen), pick(overleggen), random() < 0.5 ? 'v' : 'm'].map(quote).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** A fresh database with one wave made by `wave create`, and the CSV written beside it. */
async function prepare(dir: string, csv: string): Promise<{ file: string; waveId: string }> {
  process.env.DATABASE_FILE = join(dir, 'bench.db');
  process.env.LOG_LEVEL = 'silent';
  const file = join(dir, 'deelnemers.csv');
  writeFileSync(file, csv);
  const house = await cli(['house', 'create', '--name', 'Veiligheidshuis Bench']);
  if (house.code !== 0) throw new Error(`house create failed: ${house.stderr}`);
  const created = await cli(['wave', 'create', '--questionnaire', 'stappenmeter-doelbereik', '--house', 'Veiligheidshuis Bench', '--opens', '2099-01-01', '--closes', '2099-01-31', '--anonymous', '--json']);
  if (created.code !== 0) throw new Error(`wave create failed: ${created.stderr}`);
  return { file, waveId: (JSON.parse(created.stdout) as { id: string }).id };
}

/** The baseline: csv-parse, then one prepared INSERT per row in one transaction. */
async function baseline(rows: number, csv: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'vhbench-import-'));
  try {
    const { file, waveId } = await prepare(dir, csv);
    const { sqlite, db } = openDatabase(process.env.DATABASE_FILE!);
    try {
      const start = process.hrtime.bigint();
      const records = parse(readFileSync(file), { columns: true, bom: true }) as Array<Record<string, string>>;
      const insert = sqlite.prepare(
        'insert into participants (wave_id, email, name, attributes, ineligible_reason, opted_out_at, bounced_at, bounce_reason, created_at) values (?, ?, ?, ?, null, null, null, null, ?)',
      );
      const createdAt = new Date().toISOString();
      sqlite.transaction(() => {
        for (const { email, naam, ...attributes } of records) insert.run(waveId, email, naam, JSON.stringify(attributes), createdAt);
      })();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const n = (sqlite.prepare('select count(*) as n from participants where wave_id = ?').get(waveId) as { n: number }).n;
      if (n !== rows) throw new Error(`the baseline inserted ${n} rows, expected ${rows}`);
      return seconds;
    } finally {
      await db.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function once(rows: number, csv: string): Promise<{ seconds: number; imported: number; invitations: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'vhbench-import-'));
  try {
    const { file, waveId } = await prepare(dir, csv);
    const start = process.hrtime.bigint();
    const imported = await cli(['participants', 'import', `--wave=${waveId}`, file]);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (imported.code !== 0) throw new Error(`participants import failed: ${imported.stderr}${imported.stdout.slice(0, 500)}`);

    const { db } = openDatabase(process.env.DATABASE_FILE!);
    try {
      const count = async (table: 'participants' | 'invitations') =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('wave_id', '=', waveId).executeTakeFirstOrThrow()).n);
      const result = { seconds, imported: await count('participants'), invitations: await count('invitations') };
      if (result.imported !== rows || result.invitations !== rows) throw new Error(`imported ${result.imported} participants and ${result.invitations} invitations, expected ${rows}`);
      return result;
    } finally {
      await db.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<ImportRun> {
  const rows = Number(process.argv[2] ?? 50_000);
  const runs = Number(process.argv[3] ?? 3);
  const csv = participantsCsv(rows);
  const seconds: number[] = [];
  const baselineSeconds: number[] = [];
  let last = { imported: 0, invitations: 0 };
  // a warm-up of each, then app and baseline in turn
  await baseline(rows, csv);
  await once(rows, csv);
  for (let i = 0; i < runs; i++) {
    baselineSeconds.push(await baseline(rows, csv));
    const r = await once(rows, csv);
    log(`import run ${i + 1}: ${r.seconds.toFixed(2)} s, baseline ${baselineSeconds[i]!.toFixed(2)} s`);
    seconds.push(r.seconds);
    last = r;
  }
  return {
    rows,
    seconds: seconds.map((s) => round(s, 3)),
    medianSeconds: round(median(seconds), 3),
    baselineSeconds: baselineSeconds.map((s) => round(s, 3)),
    medianBaselineSeconds: round(median(baselineSeconds), 3),
    fileMB: round(Buffer.byteLength(csv) / 2 ** 20, 2),
    imported: last.imported,
    invitations: last.invitations,
  };
}

emit(await main());
