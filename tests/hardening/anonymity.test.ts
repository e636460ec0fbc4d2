/**
 * The anonymity proof: in an anonymous wave where invitees answered at different times of day, some
 * leaving contact details, nothing links a response to an invitee — not in any table or column, not
 * in the rows' physical order, not in the logs, not in the exports, not in the database file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../server/db/backup.js';
import { logSerializers } from '../../server/logging.js';
import { hashToken } from '../../server/security/tokens.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { loginAs } from '../helpers/auth.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';
import { Client } from '../helpers/formClient.js';
import { dumpTables } from '../helpers/databaseFile.js';
import { completeProef } from '../helpers/proefAnswers.js';

interface Invitee {
  participantId: number;
  invitationId: number;
  email: string;
  name: string;
  token: string;
  tokenHash: string;
  nonce: string;
  /** When this person submitted (the app's clock). */
  at: string;
  contact: boolean;
  marker: string;
}

const N = 24;
const lines: string[] = [];
let t: TestApp;
let waveId: string;
const invitees: Invitee[] = [];
/** Response ids in the order they were submitted. */
const submitted: string[] = [];

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() }, { logger: { level: 'trace', stream, serializers: logSerializers } });
  const { app } = t;
  const wave = await makeWave(app, 'proef', { anonymous: 1, min_cell_size: 5 });
  waveId = wave.id;
  for (let i = 0; i < N; i++) {
    const { participant, token, invitationId } = await makeInvitee(app, wave, {
      email: `partner${i}.anoniem@veiligheidshuis.example`,
      name: `Partner Anoniem ${i}`,
      attributes: { organisatie: ['Politie', 'Gemeente', 'OM', 'Reclassering'][i % 4]!, regio: `Regio-${i}` },
    });
    const inv = await app.db.selectFrom('invitations').select(['token_hash', 'token_nonce']).where('id', '=', invitationId).executeTakeFirstOrThrow();
    invitees.push({
      participantId: participant.id,
      invitationId,
      email: participant.email,
      name: participant.name!,
      token,
      tokenHash: inv.token_hash,
      nonce: inv.token_nonce,
      at: '',
      contact: i % 3 === 0,
      marker: `antwoord-${i}-${token.slice(0, 6)}`,
    });
  }
  await app.mailer.runPass();
  // answers over three days at scattered times of day (including around midnight in Dutch time)
  const start = Date.parse('2026-11-23T06:00:00Z');
  for (const [i, inv] of invitees.entries()) {
    const at = new Date(start + i * 2.9 * 3600_000 + (i % 5) * 61_000 + i * 7_000);
    t.setNow(at);
    inv.at = at.toISOString();
    const page = await completeProef(new Client(app), `/r/${inv.token}`, {
      p1: { Q1: String((i % 3) + 1), Q1_other: i % 3 === 2 ? `overleg ${inv.marker}` : "", Q2: String(i % 2) },
      p4: { Q8: inv.marker, Q7: `opmerking ${inv.marker}` },
      p5: inv.contact ? { Q9: '1', Q10_naam: `Contact ${i}`, Q10_email: `contact${i}@partner.example` } : { Q9: '0' },
    });
    expect(page.url).toBe(`/r/${inv.token}/klaar`);
    // the one new response: found by its answer, which carries the marker
    const row = await app.db.selectFrom('answers').select('response_id').where('txt', '=', inv.marker).executeTakeFirstOrThrow();
    submitted.push(row.response_id);
  }
});

afterAll(async () => {
  await t?.close();
});

function secretsOf(inv: Invitee): string[] {
  return [inv.token, inv.tokenHash, inv.nonce, inv.email, inv.name, hashToken(inv.token)];
}

const FINER_THAN_DAY = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

describe('an anonymous wave after fieldwork', () => {
  it('stores responses, answers and contacts without any id, token, address, name or time of an invitee', () => {
    const tables = dumpTables(t.config.databaseFile);
    const responses = tables.responses as Array<Record<string, unknown>>;
    expect(responses).toHaveLength(N);
    for (const r of responses) {
      // complete/partial is a fact about the response, computable from its answers anyway
      expect(Object.keys(r).sort()).toEqual(['complete', 'id', 'invitation_id', 'participant_id', 'submitted_at', 'submitted_on', 'wave_id']);
      expect(r).toMatchObject({ invitation_id: null, participant_id: null, submitted_at: null, wave_id: waveId, complete: 1 });
      expect(r.submitted_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    // the invitation says only that it completed; the complete/partial split is the wave's totals, nothing per person
    for (const inv of tables.invitations as Array<Record<string, unknown>>) {
      expect(Object.keys(inv).sort()).toEqual(['completed_at', 'created_at', 'id', 'participant_id', 'responses_count', 'status', 'token_hash', 'token_nonce', 'wave_id']);
    }
    expect(tables.submission_counts).toEqual([{ wave_id: waveId, complete_persons: N, partial_persons: 0 }]);
    const answers = tables.answers as Array<Record<string, unknown>>;
    expect(answers.length).toBeGreaterThan(N * 10);
    for (const a of answers) expect(Object.keys(a).sort()).toEqual(['num', 'response_id', 'txt', 'variable']);
    const contacts = tables.contacts as Array<Record<string, unknown>>;
    expect(contacts).toHaveLength(N);
    for (const c of contacts) {
      expect(Object.keys(c).sort()).toEqual(['id', 'values_json', 'wave_id']);
      // contact rows share no id with responses
      expect(submitted).not.toContain(c.id);
    }
    const text = JSON.stringify({ responses, answers, contacts });
    for (const inv of invitees) for (const secret of secretsOf(inv)) expect(text).not.toContain(secret);
    expect(text).not.toMatch(FINER_THAN_DAY);
    for (const inv of invitees) expect(text).not.toContain(inv.at.slice(0, 16));
  });

  it('lets no other table hold a response id or a contact id (nothing to join a response or a contact on)', () => {
    const tables = dumpTables(t.config.databaseFile);
    const contactIds = (tables.contacts as Array<{ id: string }>).map((c) => c.id);
    expect(contactIds).toHaveLength(N);
    for (const [name, rows] of Object.entries(tables)) {
      const text = JSON.stringify(rows);
      if (name !== 'responses' && name !== 'answers') for (const id of submitted) expect(text, `${name} holds response ${id}`).not.toContain(id);
      if (name !== 'contacts') for (const id of contactIds) expect(text, `${name} holds contact ${id}`).not.toContain(id);
    }
    // and the response and contact ids share nothing with the invitees' ids, tokens or nonces either
    const invitationSide = JSON.stringify({ invitations: tables.invitations, participants: tables.participants, mail_jobs: tables.mail_jobs });
    for (const id of [...submitted, ...contactIds]) {
      expect(invitationSide).not.toContain(id);
      expect(invitationSide).not.toContain(id.slice(0, 12));
    }
  });

  it('keeps no row order: the tables have no rowid and their physical order is the order of the random ids, not of submission', () => {
    const db = new SQLite(t.config.databaseFile, { readonly: true });
    try {
      for (const table of ['responses', 'answers', 'contacts']) {
        expect(() => db.prepare(`select rowid from ${table}`).all(), table).toThrow(/no such column: rowid/);
        const sql = db.prepare("select sql from sqlite_schema where name = ?").pluck().get(table) as string;
        expect(sql).toMatch(/without rowid\s*$/i);
      }
      const physical = db.prepare('select id from responses').pluck().all() as string[];
      expect(physical).toEqual([...physical].sort());
      expect(new Set(physical)).toEqual(new Set(submitted));
      // with 24 random ids the chance that id order follows submission order is 1 in 24!
      expect(physical).not.toEqual(submitted);
      const answerOrder = [...new Set(db.prepare('select response_id from answers').pluck().all() as string[])];
      expect(answerOrder).toEqual(physical);
      const contactIds = db.prepare('select id from contacts').pluck().all() as string[];
      expect(contactIds).toEqual([...contactIds].sort());
      // ids are random: no shared prefix, nothing time-like
      expect(new Set(physical.map((id) => id.slice(0, 4))).size).toBeGreaterThan(N / 2);
    } finally {
      db.close();
    }
  });

  it('lets the invitation record only that it completed, and leaves no draft', async () => {
    const rows = await t.app.db.selectFrom('invitations').selectAll().where('wave_id', '=', waveId).execute();
    expect(rows).toHaveLength(N);
    for (const r of rows) expect(r).toMatchObject({ status: 'completed', responses_count: 1, completed_at: null });
    expect(await t.app.db.selectFrom('drafts').selectAll().execute()).toEqual([]);
    // nothing else in the database was written at the moment someone submitted
    const everything = JSON.stringify(dumpTables(t.config.databaseFile));
    for (const inv of invitees) expect(everything, inv.at).not.toContain(inv.at.slice(0, 16));
  });

  it('writes no token, response id or contact detail to the logs', () => {
    expect(lines.length).toBeGreaterThan(N * 5);
    const log = lines.join('');
    for (const inv of invitees) for (const secret of [inv.token, inv.tokenHash, inv.nonce]) expect(log).not.toContain(secret);
    for (const id of submitted) expect(log).not.toContain(id);
    const contacts = invitees.filter((i) => i.contact).map((_, k) => `contact${k}@partner.example`);
    for (const c of contacts) expect(log).not.toContain(c);
    for (const inv of invitees) expect(log).not.toContain(inv.marker);
    // no line names a participant or invitation at the moment of a submission
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const submitLines = parsed.filter((l) => JSON.stringify(l).includes('/pagina/5'));
    expect(submitLines.length).toBeGreaterThan(0);
    for (const l of submitLines) {
      expect(Object.keys(l)).not.toContain('participantId');
      expect(Object.keys(l)).not.toContain('invitationId');
    }
    // every line of a respondent's request (matched by reqId, not only the lines naming the URL) carries
    // only the request's method and masked URL, its status and timing: no address, id, header or body
    const respondentRequests = new Set(
      parsed.filter((l) => /^\/(r|o|optout)\//.test(String((l.req as { url?: string } | undefined)?.url ?? ''))).map((l) => l.reqId),
    );
    expect(respondentRequests.size).toBeGreaterThan(N * 5);
    for (const l of parsed.filter((x) => respondentRequests.has(x.reqId))) {
      expect(Object.keys(l).filter((k) => !['level', 'time', 'pid', 'hostname', 'reqId', 'req', 'res', 'responseTime', 'msg'].includes(k)), JSON.stringify(l)).toEqual([]);
      if (l.req) {
        expect(Object.keys(l.req as object).sort()).toEqual(['method', 'url']);
        expect(String((l.req as { url: string }).url)).toMatch(/^\/(r|o|optout)\/\[token\]/);
      }
      if (l.res) expect(Object.keys(l.res as object)).toEqual(['statusCode']);
    }
  });

  it('exports no time finer than a day and nothing about the invitees (CSV, XLSX, codebook)', async () => {
    // a researcher signs in later (a sign-in is recorded with its time, which must not be a respondent's)
    t.setNow('2026-12-01T12:00:00Z');
    const researcher = await loginAs(t.app, 'researcher');
    const get = (format: string) => t.app.inject({ url: `/admin/results/${waveId}/download/${format}`, headers: { cookie: researcher.cookie } });
    const csv = await get('csv');
    expect(csv.statusCode).toBe(200);
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(N);
    expect(Object.keys(rows[0]!)).not.toContain('submitted_on');
    // rows in random-id order, not in submission order
    const ids = rows.map((r) => r.response_id!);
    expect(ids).toEqual([...ids].sort());
    expect(ids).not.toEqual(submitted);
    const xlsx = await get('xlsx');
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    let regionRows = 0;
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => {
        const values = (row.values as unknown[]).slice(1);
        // list attributes appear only as response-rate breakdowns, where a one-person cell shows no completion
        if (typeof values[0] === 'string' && values[0].startsWith('Regio-')) {
          regionRows += 1;
          expect(sheet.name).toBe('Respons');
          // invited, ineligible and eligible are list facts; completion (Volledig, RR1) is not shown
          expect(values.slice(4, 6).map((v) => typeof v)).toEqual(['object', 'object']);
          expect(values.slice(4).some((v) => typeof v === 'number')).toBe(false);
          return;
        }
        row.eachCell((cell) => cells.push(cell.value instanceof Date ? cell.value.toISOString() : String(cell.value)));
      }),
    );
    expect(regionRows).toBe(N);
    const codebook = await get('codebook');
    for (const [name, text] of [
      ['csv', csv.body],
      ['xlsx', cells.join('\n')],
      ['codebook', codebook.body],
    ] as const) {
      expect(text, name).not.toMatch(FINER_THAN_DAY);
      for (const inv of invitees) {
        for (const secret of [...secretsOf(inv), `Regio-${invitees.indexOf(inv)}`]) expect(text, name).not.toContain(secret);
      }
      for (let k = 0; k < N; k++) expect(text, name).not.toContain(`contact${k}@partner.example`);
    }
  });

  it('leaves nothing of the deleted drafts in the database file or a backup of it (no save time, no draft JSON)', async () => {
    const backup = join(t.dir, 'kopie.db');
    await backupDatabase(t.config.databaseFile, backup);
    const db = new SQLite(t.config.databaseFile);
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    for (const file of [t.config.databaseFile, backup]) {
      const bytes = readFileSync(file).toString('latin1');
      expect(bytes).toContain(invitees[0]!.marker);
      for (const inv of invitees) {
        // the save times of the deleted drafts (updated_at, next to their invitation id) must not survive in free space
        expect(bytes, `${file}: draft of ${inv.at}`).not.toContain(inv.at.slice(0, 16));
        // the answers live on in the answers table only, never in a draft's JSON
        expect(bytes, file).not.toContain(`"Q8":"${inv.marker}"`);
      }
    }
  });
});
