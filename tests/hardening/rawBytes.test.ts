/**
 * Findings 1 and 2 of issue 15, attacked on the raw bytes of the files. In an anonymous wave a few
 * hundred invitees finish one by one, in a known order and each at its own minute, while others
 * only save a draft. Then the bytes of the live database, its -wal and backups (one taken during
 * fieldwork, one after) are read as a thief of the data folder would:
 *
 * - no draft JSON of anyone who has submitted (in the -wal too, once its truncation has run), and
 *   after the wave is sealed at closing no draft JSON at all; a backup never holds an anonymous draft;
 * - no moment of a respondent's activity finer than the day;
 * - the physical order of the response rows says nothing about the order of submission. Three
 *   measures, each with a bound a random order breaks with probability below 1e-4 (4 standard errors
 *   under independence): the rank correlation (Spearman's rho) between each response id's first byte
 *   offset and its submission rank, within 4/sqrt(n-1) of 0; the number of ascending runs of the
 *   submission ranks read in file order, within 4 sqrt((n+1)/12) of a random permutation's (n+1)/2;
 *   and, because SQLite fills each page from its end as rows arrive (the order the finding read off),
 *   Kendall's S over every pair of ids in the same page, pooled over the pages, within 4 standard
 *   deviations (Var S = k(k-1)(2k+5)/18 for k ids in a page). The live file before sealing is
 *   measured too: there the order shows, which is what sealing removes.
 *
 * Last, the wave's list is purged: the rebuild that follows leaves no free page (the erased list's
 * pages would stay behind as free pages: 9 without it), no address and still no order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { backupDatabase } from '../../server/db/backup.js';
import { insertParticipants } from '../../server/db/repositories/participants.js';
import { findWave } from '../../server/db/repositories/waves.js';
import { walScrubbed } from '../../server/db/scrub.js';
import { createRng } from '../../server/domain/demo/prng.js';
import { hashToken, invitationToken } from '../../server/security/tokens.js';
import { purgeWave } from '../../server/services/retention.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeWave } from '../helpers/factories.js';
import { questionnaireFolder } from '../helpers/questionnaire.js';

const FINISH = 300;
const DRAFT_EVERY = 5;
const MINUTE = 60_000;

const ruw = {
  id: 'ruw',
  version: '1',
  title: 'Ruwe bytes',
  pages: [
    {
      id: 'een',
      blocks: [
        { type: 'single', code: 'Q1', text: 'Functie', required: true, options: [1, 2, 3, 4].map((value) => ({ value, label: `functie ${value}` })) },
        { type: 'open', code: 'Q2', text: 'Toelichting' },
      ],
    },
    { id: 'twee', blocks: [{ type: 'open', code: 'Q3', text: 'Nog iets?' }, { type: 'open', code: 'Q4', text: 'Uw naam', contact: true }] },
  ],
};

interface Person {
  token: string;
  marker: string;
  finishes: boolean;
}

/** Which invitation each person in `people` has: their token's hash is in its row. */
const tokenHashes: string[] = [];
/** Token hashes of the invitations in the order they completed. */
const completed: string[] = [];

let t: TestApp;
let waveId: string;
const people: Person[] = [];
/** Response ids in the order they were submitted. */
const submitted: string[] = [];
/** Every moment a respondent saved or submitted something, to the minute (ISO). */
const moments: string[] = [];
let duringFieldwork: string;
let beforeSealing: Buffer;
let closesAt: number;

/** Each respondent from an address of their own (the token routes are rate-limited per address). */
const addressOf = (i: number) => `10.20.${Math.floor(i / 250)}.${(i % 250) + 1}`;

async function post(i: number, url: string, form: Record<string, string>): Promise<number> {
  const res = await t.app.inject({
    method: 'POST',
    url,
    remoteAddress: addressOf(i),
    headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });
  return res.statusCode;
}

beforeAll(async () => {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireFolder([ruw]) });
  const start = t.app.now().getTime();
  const wave = await makeWave(t.app, 'ruw', { anonymous: 1, min_cell_size: 5, closes_at: new Date(start + 3 * 24 * 3600_000).toISOString() });
  waveId = wave.id;
  closesAt = Date.parse(wave.closes_at);
  const total = FINISH + Math.floor(FINISH / (DRAFT_EVERY - 1));
  await insertParticipants(t.app.db, t.app.secrets, wave.id, Array.from({ length: total }, (_, i) => ({ email: `partner${i}@example.test`, name: `Partner ${i}`, attributes: {} })), t.app.now());
  const invitations = await t.app.db.selectFrom('invitations').select('token_nonce').where('wave_id', '=', wave.id).orderBy('id').execute();
  invitations.forEach((inv, i) => people.push({ token: invitationToken(t.app.secrets, inv.token_nonce), marker: `markering-${i}-${inv.token_nonce.slice(0, 8)}`, finishes: i % DRAFT_EVERY !== DRAFT_EVERY - 1 }));

  // one action a minute, starting a minute after the wave opened; a respondent's pages at different
  // minutes; people take their turn in an order of their own, not the order of the list
  let clock = start + MINUTE;
  const at = () => {
    clock += MINUTE;
    t.setNow(new Date(clock));
    moments.push(new Date(clock).toISOString().slice(0, 16));
  };
  const turns = createRng('raw-bytes').shuffle(people.map((_, i) => i));
  for (const [turn, i] of turns.entries()) {
    const p = people[i]!;
    const page = await t.app.inject({ url: `/r/${p.token}/pagina/1`, remoteAddress: addressOf(i), headers: { accept: 'text/html' } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    at();
    expect(await post(i, `/r/${p.token}/pagina/1`, { _csrf: csrf, _action: 'next', Q1: String(1 + (i % 4)), Q2: p.marker })).toBe(303);
    if (p.finishes) {
      at();
      expect(await post(i, `/r/${p.token}/pagina/2`, { _csrf: csrf, _action: 'next', Q3: `ook ${p.marker}`, Q4: `Naam ${i}` })).toBe(303);
      at();
      expect(await post(i, `/r/${p.token}/controle`, { _csrf: csrf, _action: 'submit' })).toBe(303);
      const row = await t.app.db.selectFrom('answers').select('response_id').where('txt', '=', p.marker).executeTakeFirstOrThrow();
      submitted.push(row.response_id);
      completed.push(hashToken(p.token));
    }
    if (turn === Math.floor(people.length / 2)) {
      duringFieldwork = join(t.dir, 'tijdens.db');
      await backupDatabase(t.config.databaseFile, duringFieldwork);
    }
  }
  expect(submitted).toHaveLength(FINISH);
  await walScrubbed(t.app.db);
  beforeSealing = readFileSync(t.config.databaseFile);
});

afterAll(async () => {
  await t?.close();
});

const latin1 = (file: string) => (existsSync(file) ? readFileSync(file).toString('latin1') : '');

/** Spearman's rho of two rankings of the same n items (no ties), and the number of ascending runs of `order`. */
function orderStatistics(offsets: Map<string, number>): { n: number; rho: number; runs: number } {
  const ids = submitted.filter((id) => offsets.has(id));
  const byOffset = [...ids].sort((a, b) => offsets.get(a)! - offsets.get(b)!);
  const physicalRank = new Map(byOffset.map((id, k) => [id, k]));
  const n = ids.length;
  let d2 = 0;
  ids.forEach((id, k) => (d2 += (physicalRank.get(id)! - k) ** 2));
  const rho = 1 - (6 * d2) / (n * (n * n - 1));
  const submissionRank = new Map(ids.map((id, k) => [id, k]));
  const sequence = byOffset.map((id) => submissionRank.get(id)!);
  let runs = 1;
  for (let k = 1; k < sequence.length; k++) if (sequence[k]! < sequence[k - 1]!) runs += 1;
  return { n, rho, runs };
}

/** The first byte offset of each response id in the file (ids are 32 hex digits, stored as text). */
function offsetsIn(bytes: string): Map<string, number> {
  const offsets = new Map<string, number>();
  for (const id of submitted) {
    const at = bytes.indexOf(id);
    if (at >= 0) offsets.set(id, at);
  }
  return offsets;
}

/**
 * Kendall's S over the pairs of `keys` (in the order of events: response ids in submission order,
 * invitation token hashes in completion order) that share a page (first occurrence in the page),
 * pooled over the pages, as a z score: far from 0 when rows sit in the order of the events.
 */
function withinPageZ(bytes: string, keys: readonly string[] = submitted): { pairs: number; z: number } {
  const pageSize = (bytes.charCodeAt(16) << 8) | bytes.charCodeAt(17) || 65536;
  const rank = new Map(keys.map((id, k) => [id, k]));
  const pages = new Map<number, Map<string, number>>();
  for (const id of keys) {
    for (let at = bytes.indexOf(id); at >= 0; at = bytes.indexOf(id, at + 1)) {
      const page = Math.floor(at / pageSize);
      const inPage = pages.get(page) ?? new Map<string, number>();
      if (!inPage.has(id)) inPage.set(id, at);
      pages.set(page, inPage);
    }
  }
  let s = 0;
  let variance = 0;
  let pairs = 0;
  for (const inPage of pages.values()) {
    const ids = [...inPage.keys()].sort((a, b) => rank.get(a)! - rank.get(b)!);
    const k = ids.length;
    if (k < 2) continue;
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) s += Math.sign(inPage.get(ids[j]!)! - inPage.get(ids[i]!)!);
    variance += (k * (k - 1) * (2 * k + 5)) / 18;
    pairs += (k * (k - 1)) / 2;
  }
  return { pairs, z: variance > 0 ? s / Math.sqrt(variance) : 0 };
}

function expectNoOrder(bytes: string, what: string): void {
  const { n, rho, runs } = orderStatistics(offsetsIn(bytes));
  expect(n, what).toBe(FINISH);
  expect(Math.abs(rho), `${what}: Spearman's rho ${rho.toFixed(3)}`).toBeLessThan(4 / Math.sqrt(n - 1));
  expect(Math.abs(runs - (n + 1) / 2), `${what}: ${runs} ascending runs`).toBeLessThan(4 * Math.sqrt((n + 1) / 12));
  const { pairs, z } = withinPageZ(bytes);
  expect(pairs, what).toBeGreaterThan(n);
  expect(Math.abs(z), `${what}: within-page Kendall z ${z.toFixed(2)} over ${pairs} pairs`).toBeLessThan(4);
  // the invitations: a row that grew when it completed moved to free space, in the order of completion
  const invitations = withinPageZ(bytes, completed);
  expect(invitations.pairs, what).toBeGreaterThan(n);
  expect(Math.abs(invitations.z), `${what}: invitations' within-page Kendall z ${invitations.z.toFixed(2)}`).toBeLessThan(4);
}

/** A draft's JSON as stored (`{"Q1":…,"Q2":"<marker>"…}`) for this marker. */
const draftJson = (marker: string) => `"Q2":"${marker}"`;

function expectNoFineTime(bytes: string, what: string): void {
  for (const moment of moments) expect(bytes.includes(moment), `${what} holds ${moment}`).toBe(false);
}

describe('the raw bytes during fieldwork', () => {
  it('hold no draft of anyone who submitted, in the database or its -wal, once the log is truncated', () => {
    const db = beforeSealing.toString('latin1');
    const wal = latin1(`${t.config.databaseFile}-wal`);
    for (const p of people.filter((x) => x.finishes)) {
      expect(db.includes(draftJson(p.marker)), p.marker).toBe(false);
      expect(wal.includes(p.marker), p.marker).toBe(false);
    }
    // (the drafts of those still busy are there: the live server during fieldwork is not protected)
    expect(people.filter((x) => !x.finishes).some((p) => db.includes(draftJson(p.marker)))).toBe(true);
  });

  it('keep the order of completion in the live file until the wave is sealed (what sealing removes)', () => {
    const invitations = withinPageZ(beforeSealing.toString('latin1'), completed);
    expect(Math.abs(invitations.z)).toBeGreaterThan(4);
  });

  it('give a backup taken during fieldwork no anonymous draft, no fine time and no order', () => {
    const bytes = latin1(duringFieldwork);
    expect(bytes.length).toBeGreaterThan(0);
    for (const p of people) expect(bytes.includes(draftJson(p.marker)), p.marker).toBe(false);
    expect(bytes).not.toMatch(/"Q1":\d/);
    expectNoFineTime(bytes, 'backup during fieldwork');
    const { n, rho } = orderStatistics(offsetsIn(bytes));
    expect(n).toBeGreaterThan(FINISH / 3);
    expect(Math.abs(rho), `rho ${rho}`).toBeLessThan(4 / Math.sqrt(n - 1));
    expect(Math.abs(withinPageZ(bytes).z)).toBeLessThan(4);
  });
});

describe('the raw bytes after fieldwork', () => {
  let live: string;
  let wal: string;
  let after: string;
  beforeAll(async () => {
    t.setNow(new Date(closesAt + 5 * MINUTE));
    const pass = await t.app.maintenance.runPass();
    expect(pass.sealed).toEqual([{ waveId, drafts: people.filter((p) => !p.finishes).length }]);
    const backup = join(t.dir, 'na.db');
    await backupDatabase(t.config.databaseFile, backup);
    live = latin1(t.config.databaseFile);
    wal = latin1(`${t.config.databaseFile}-wal`);
    after = latin1(backup);
  });

  it('hold no draft JSON, and each answer only once, in the live file, its -wal and a backup', () => {
    for (const [what, bytes] of [
      ['live', live],
      ['backup', after],
    ] as const) {
      expect(bytes, what).not.toMatch(/"Q1":\d/);
      for (const p of people) {
        const count = bytes.split(p.marker).length - 1;
        // Q2 holds the marker and Q3 "ook <marker>": two answers of a response, nothing of a draft
        expect(count, `${what} ${p.marker}`).toBe(p.finishes ? 2 : 0);
      }
    }
    for (const p of people) expect(wal.includes(p.marker)).toBe(false);
  });

  it('hold no moment of a respondent finer than the day', () => {
    expectNoFineTime(live, 'live database');
    expectNoFineTime(wal, '-wal');
    expectNoFineTime(after, 'backup');
  });

  it('place the response rows in an order unrelated to the order of submission', () => {
    expectNoOrder(live, 'live database');
    expectNoOrder(after, 'backup after fieldwork');
  });
});

describe('the raw bytes after a purge', () => {
  it('hold no free page, no address and still no order once the purge has rebuilt the file', async () => {
    t.setNow(new Date(closesAt + 10 * MINUTE));
    const wave = await findWave(t.app.db, waveId);
    const purged = await purgeWave({ db: t.app.db, now: t.app.now(), actor: { system: 'cli' } }, wave!, { force: true });
    expect(purged.ok).toBe(true);
    await walScrubbed(t.app.db);
    const raw = new SQLite(t.config.databaseFile, { readonly: true });
    try {
      // a purge erases a whole list: without the rebuild its pages stay behind as free pages
      expect(raw.pragma('freelist_count', { simple: true })).toBe(0);
    } finally {
      raw.close();
    }
    const bytes = latin1(t.config.databaseFile) + latin1(`${t.config.databaseFile}-wal`);
    expect(bytes).not.toContain('partner0@example.test');
    expect(bytes).not.toMatch(/partner\d+@example\.test/);
    expectNoOrder(latin1(t.config.databaseFile), 'live database after the purge');
  });
});

