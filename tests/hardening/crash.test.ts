/**
 * Crash safety of the final submit, with the real server as a child process: 500 respondents whose
 * drafts are complete, on the check page, press "Versturen" at once; the server is SIGKILLed as soon
 * as 250 of them have been acknowledged (a deterministic trigger, not a timer), then restarted.
 * Every acknowledged submission must be stored complete, no response may be stored half, the file
 * must pass `PRAGMA integrity_check`, and every respondent who was cut off can resume and finish.
 * The same for 500 page saves ("Volgende"), which the server commits in groups (inGroupCommit):
 * every acknowledged page is in its draft, every other draft is as it was.
 */
import { insertHouse } from '../../server/db/repositories/houses.js';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { newDraftId } from '../../server/db/repositories/drafts.js';
import { invitationToken } from '../../server/security/tokens.js';
import { insertParticipants } from '../../server/db/repositories/participants.js';
import { createWave } from '../../server/db/repositories/waves.js';
import { defaultWaveTexts } from '../../server/domain/fieldwork/defaultTexts.js';
import { createSecrets } from '../../server/security/secrets.js';
import { hashToken } from '../../server/security/tokens.js';
import { createTestApp } from '../helpers/app.js';
import { freePort, launchServer, type ServerChild } from '../helpers/childProcess.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { proef, questionnaireDir } from '../helpers/proefQuestionnaire.js';
import { Client, pageForm } from '../helpers/formClient.js';
import { page1, page2, page3, page4 } from '../helpers/proefAnswers.js';

const TOTAL = 500;
const KILL_AFTER = 250;
const SECRET_KEY = 'crash-test-secret-key-0123456789abcdefghijklmnop';

const dir = mkdtempSync(join(tmpdir(), 'vhcrash-'));
let databaseFile = join(dir, 'survey.db');
const questionnaires = questionnaireDir();
let server: ServerChild | undefined;

afterAll(() => {
  if (server && server.process.exitCode === null && server.process.signalCode === null) server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  rmSync(questionnaires, { recursive: true, force: true });
});

/** The real server on the test's database and questionnaires; resolves once it listens. */
async function startServer(port: number): Promise<ServerChild> {
  const child = launchServer({
    DATABASE_FILE: databaseFile,
    QUESTIONNAIRES_DIR: questionnaires,
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    SECRET_KEY,
    MAIL_INTERVAL_SECONDS: '0',
    RETENTION_INTERVAL_HOURS: '0',
    RESPONDENT_RATE_LIMIT: '100000',
  });
  await child.listening();
  return child;
}

interface DraftState {
  values: Record<string, unknown>;
  page: number;
}

/**
 * The answers of pages 1-4 as the real pages store them (a draft on the last page), the complete
 * draft on the check page, and how many answer rows a submission makes.
 */
async function referenceDraft(): Promise<DraftState & { atCheck: DraftState; answerRows: number }> {
  const t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaires });
  try {
    const wave = await makeWave(t.app, 'proef');
    const { token } = await makeInvitee(t.app, wave);
    const client = new Client(t.app);
    let page = await client.get(`/r/${token}/pagina/1`);
    for (const fields of [page1, page2, page3, page4]) page = await client.submit(pageForm(page), fields, 'Volgende');
    expect(page.url).toBe(`/r/${token}/pagina/5`);
    const draft = await t.app.db.selectFrom('drafts').selectAll().executeTakeFirstOrThrow();
    page = await client.submit(pageForm(page), { Q9: '0' }, 'Volgende');
    expect(page.url).toBe(`/r/${token}/controle`);
    const atCheck = await t.app.db.selectFrom('drafts').selectAll().executeTakeFirstOrThrow();
    await client.submit(pageForm(page), {}, 'Versturen');
    const rows = await t.app.db.selectFrom('answers').select('variable').execute();
    const state = (d: typeof draft) => ({ values: JSON.parse(d.values_json) as Record<string, unknown>, page: d.page });
    return { ...state(draft), atCheck: state(atCheck), answerRows: rows.length };
  } finally {
    await t.close();
  }
}

interface Respondent {
  token: string;
  marker: string;
  invitationId: number;
}

/** 500 invitations of an anonymous wave, each with a draft on the given page, written before the server starts. */
async function prepare(reference: DraftState, withMarker = true): Promise<Respondent[]> {
  const { db } = openDatabase(databaseFile);
  try {
    await migrateToLatest(db);
    const secrets = createSecrets(SECRET_KEY);
    const now = new Date();
    const house = await insertHouse(db, { name: 'Veiligheidshuis Test', region: null, municipalities: [] }, now);
    const wave = await createWave(
      db,
      proef(),
      {
        title: 'Crashtest',
        house_id: house.id,
        opens_at: new Date(now.getTime() - 86400_000).toISOString(),
        closes_at: new Date(now.getTime() + 30 * 86400_000).toISOString(),
        anonymous: 1,
        allow_edit: 0,
        reminder_days: '[]',
        sender_name: 'Onderzoek',
        sender_email: 'onderzoek@example.test',
        ...defaultWaveTexts,
        retention_days: null,
        open_link_hash: null,
        launched_at: now.toISOString(),
        purged_at: null,
      },
      now,
    );
    const people = Array.from({ length: TOTAL }, (_, i) => ({ email: `r${i}@partner.example`, name: `Respondent ${i}`, attributes: {} }));
    await insertParticipants(db, secrets, wave.id, people, now);
    const invitations = await db.selectFrom('invitations').select(['id', 'token_nonce']).where('wave_id', '=', wave.id).orderBy('id').execute();
    const respondents = invitations.map((inv, i) => ({ token: invitationToken(secrets, inv.token_nonce), marker: `opmerking-${i}`, invitationId: inv.id }));
    await db
      .insertInto('drafts')
      .values(
        respondents.map((r) => ({
          id: newDraftId(),
          wave_id: wave.id,
          invitation_id: r.invitationId,
          values_json: JSON.stringify(withMarker ? { ...reference.values, Q7: r.marker } : reference.values),
          page: reference.page,
          response_id: null,
          updated_at: now.toISOString(),
        })),
      )
      .execute();
    await db.updateTable('invitations').set({ status: 'started' }).where('wave_id', '=', wave.id).execute();
    return respondents;
  } finally {
    await db.destroy();
  }
}

function request(
  agent: http.Agent,
  port: number,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  onSent?: () => void,
): Promise<{ status: number; location: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { accept: 'text/html', ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // 'finish': the whole request has been handed to the socket (written to the server)
    if (onSent) req.on('finish', onSent);
    req.end(body);
  });
}

function submitBody(token: string): string {
  const csrf = createSecrets(SECRET_KEY).sign('csrf-respondent', hashToken(token));
  return new URLSearchParams({ _csrf: csrf, _action: 'submit' }).toString();
}

describe('SIGKILL during 500 concurrent final submissions', () => {
  it('keeps every acknowledged submission complete, none half, an intact file, and lets the others resume and finish', async () => {
    const reference = await referenceDraft();
    const respondents = await prepare(reference.atCheck);
    const port = await freePort();
    const first = await startServer(port);
    server = first;

    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const acked = new Set<number>();
    let killed = false;
    // submissions written to the server and not yet answered; its size at the kill is what was in flight
    const unanswered = new Set<number>();
    let inFlightAtKill = 0;
    const outcomes = await Promise.allSettled(
      respondents.map((r, i) =>
        request(agent, port, 'POST', `/r/${r.token}/controle`, submitBody(r.token), () => unanswered.add(i)).then((res) => {
          unanswered.delete(i);
          if (res.status >= 200 && res.status < 400) {
            if (killed) return res;
            expect(res.location).toBe(`/r/${r.token}/klaar`);
            acked.add(i);
            if (acked.size === KILL_AFTER) {
              killed = true;
              inFlightAtKill = unanswered.size;
              first.kill('SIGKILL');
            }
          }
          return res;
        }),
      ),
    );
    agent.destroy();
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(acked.size).toBe(KILL_AFTER);
    // many were in flight or queued when the server died: killed mid-batch, with submissions sent and unanswered
    expect(outcomes.filter((o) => o.status === 'rejected').length).toBeGreaterThan(100);
    expect(inFlightAtKill).toBeGreaterThan(0);
    // no refusals before the kill: every answered request was an acknowledgement
    const refused = outcomes.filter((o) => o.status === 'fulfilled' && o.value.status >= 400);
    expect(refused).toEqual([]);

    const second = await startServer(port);
    server = second;

    const db = new SQLite(databaseFile, { readonly: true });
    const snapshot = () => ({
      responses: db.prepare('select r.id, count(a.variable) as n from responses r left join answers a on a.response_id = r.id group by r.id').all() as Array<{ id: string; n: number }>,
      byMarker: new Map(
        (db.prepare("select a.txt as marker, a.response_id as id from answers a where a.variable = 'Q7'").all() as Array<{ marker: string; id: string }>).map((r) => [r.marker, r.id]),
      ),
      invitations: new Map((db.prepare('select id, status, responses_count from invitations').all() as Array<{ id: number; status: string; responses_count: number }>).map((r) => [r.id, r])),
      drafts: new Set(db.prepare('select invitation_id from drafts').pluck().all() as number[]),
    });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const s = snapshot();
      // none stored half: every response has all its answer rows
      for (const r of s.responses) expect(r.n, r.id).toBe(reference.answerRows);
      // every acknowledged submission: its response complete, its invitation completed, its draft gone
      for (const i of acked) {
        const r = respondents[i]!;
        expect(s.byMarker.has(r.marker), r.marker).toBe(true);
        expect(s.invitations.get(r.invitationId)).toMatchObject({ status: 'completed', responses_count: 1 });
        expect(s.drafts.has(r.invitationId)).toBe(false);
      }
      // completion mark and response were written together: as many completed invitations as responses
      const completed = [...s.invitations.values()].filter((inv) => inv.status === 'completed').length;
      expect(completed).toBe(s.responses.length);
      expect(s.responses.length).toBeGreaterThanOrEqual(KILL_AFTER);
      // every respondent either finished completely or still has the whole draft
      for (const r of respondents) {
        const done = s.byMarker.has(r.marker);
        expect(done ? s.invitations.get(r.invitationId)?.status : s.drafts.has(r.invitationId), r.marker).toBe(done ? 'completed' : true);
      }
    } finally {
      db.close();
    }

    // the ones cut off come back to their draft with every answer, press "Versturen" again and are done
    const resumeAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const pending = respondents.filter((_, i) => !acked.has(i));
    let resumed = 0;
    await Promise.all(
      pending.map(async (r) => {
        const link = await request(resumeAgent, port, 'GET', `/r/${r.token}`);
        if (link.location === `/r/${r.token}/klaar`) return; // completed before the kill, just not acknowledged
        expect(link.status).toBe(303);
        expect(link.location).toBe(`/r/${r.token}/controle?verder=1`);
        const page = await request(resumeAgent, port, 'GET', link.location!);
        expect(page.status).toBe(200);
        expect(page.body).toContain('Welkom terug.');
        const back = await request(resumeAgent, port, 'GET', `/r/${r.token}/pagina/4`);
        expect(back.body).toContain(r.marker);
        const done = await request(resumeAgent, port, 'POST', `/r/${r.token}/controle`, submitBody(r.token));
        expect(done.status).toBe(303);
        expect(done.location).toBe(`/r/${r.token}/klaar`);
        resumed += 1;
      }),
    );
    resumeAgent.destroy();
    expect(resumed).toBeGreaterThan(100);
    if (process.env.HARDENING_STATS) console.log({ acked: acked.size, inFlightAtKill, lost: outcomes.filter((o) => o.status === 'rejected').length, resumed });

    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    const after = new SQLite(databaseFile, { readonly: true });
    try {
      expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
      const counts = after.prepare('select count(*) as n, count(distinct r.id) as responses from responses r join answers a on a.response_id = r.id').get() as { n: number; responses: number };
      expect(counts.responses).toBe(TOTAL);
      expect(counts.n).toBe(TOTAL * reference.answerRows);
      expect(after.prepare("select count(*) from invitations where status = 'completed' and responses_count = 1").pluck().get()).toBe(TOTAL);
      expect(after.prepare('select count(*) from drafts').pluck().get()).toBe(0);
      const markers = new Set(after.prepare("select txt from answers where variable = 'Q7'").pluck().all() as string[]);
      expect(markers.size).toBe(TOTAL);
    } finally {
      after.close();
    }
  }, 120_000);
});

describe('SIGKILL during 500 concurrent page saves (committed in groups)', () => {
  it('keeps every acknowledged page in its draft and leaves every other draft as it was', async () => {
    const reference = await referenceDraft();
    databaseFile = join(dir, 'pages.db');
    // every respondent stands on page 4 with pages 1-3 answered; "Volgende" on page 4 saves its marker
    const { Q7: _q7, Q6_a: _a, Q6_b: _b, Q6_c: _c, Q8: _q8, ...before } = reference.values;
    const respondents = await prepare({ values: before, page: reference.page - 1 }, false);
    const port = await freePort();
    const first = await startServer(port);
    server = first;
    const saveBody = (r: Respondent) =>
      new URLSearchParams({ _csrf: createSecrets(SECRET_KEY).sign('csrf-respondent', hashToken(r.token)), _action: 'next', ...page4, Q7: r.marker }).toString();

    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const acked = new Set<number>();
    let killed = false;
    const outcomes = await Promise.allSettled(
      respondents.map((r, i) =>
        request(agent, port, 'POST', `/r/${r.token}/pagina/4`, saveBody(r)).then((res) => {
          if (killed) return res;
          expect(res.status).toBe(303);
          expect(res.location).toBe(`/r/${r.token}/pagina/5`);
          acked.add(i);
          if (acked.size === KILL_AFTER) {
            killed = true;
            first.kill('SIGKILL');
          }
          return res;
        }),
      ),
    );
    agent.destroy();
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(acked.size).toBe(KILL_AFTER);
    expect(outcomes.filter((o) => o.status === 'rejected').length).toBeGreaterThan(100);

    const second = await startServer(port);
    server = second;
    const db = new SQLite(databaseFile, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const drafts = new Map(
        (db.prepare('select invitation_id, values_json, page from drafts').all() as Array<{ invitation_id: number; values_json: string; page: number }>).map((d) => [
          d.invitation_id,
          { values: JSON.parse(d.values_json) as Record<string, unknown>, page: d.page },
        ]),
      );
      expect(drafts.size).toBe(TOTAL);
      let saved = 0;
      for (const [i, r] of respondents.entries()) {
        const draft = drafts.get(r.invitationId)!;
        const isSaved = draft.values.Q7 === r.marker;
        // an acknowledged page is stored; any draft is either the whole new page or exactly the old one
        if (acked.has(i)) expect(isSaved, r.marker).toBe(true);
        if (isSaved) {
          saved += 1;
          expect(draft).toEqual({ values: { ...before, Q6_a: 50, Q6_b: 30, Q6_c: 20, Q8: 'Reistijd', Q7: r.marker }, page: reference.page });
        } else {
          expect(draft).toEqual({ values: before, page: reference.page - 1 });
        }
      }
      expect(saved).toBeGreaterThanOrEqual(KILL_AFTER);
    } finally {
      db.close();
    }
    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 120_000);
});
