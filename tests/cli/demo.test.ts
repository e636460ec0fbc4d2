import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { DEFAULT_DEMO_PASSWORD, DEMO_EMAIL, DEMO_EVALUATOR_EMAIL, demoAccounts, loadDemo } from '../../server/services/demo.js';
import { cli, useCliEnvironment } from '../helpers/cli.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase, type Db } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { loadWaveResponses } from '../../server/db/repositories/results.js';
import { findWave, waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { analyze } from '../../server/domain/analysis/report.js';
import { loadQuestionnaireDir } from '../../server/services/questionnaireFiles.js';
import { route } from '../../server/domain/questionnaire/routing.js';
import { createSecrets } from '../../server/security/secrets.js';
import { formBody, sessionCsrf, submitPassword, totpCode } from '../helpers/auth.js';

let dir: string;
let db: Db;
let output: { status: string; password?: string; accounts: unknown; waves: Array<{ id: string; key: string; participants: number; responses: number }> };

const waveId = (key: string) => output.waves.find((w) => w.key === key)!.id;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vhdemo-'));
});
useCliEnvironment(() => ({ DATABASE_FILE: join(dir, 'survey.db'), DEMO_PASSWORD: '', SECRET_KEY: '' }), 'all');
beforeAll(async () => {
  const run = await cli('demo', '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  output = JSON.parse(run.stdout);
  db = openDatabase(join(dir, 'survey.db')).db;
});

afterAll(async () => {
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('loads the demo Veiligheidshuis with the fieldwork of the Stappenmeter thesis', async () => {
    expect(output.status).toBe('loaded');
    expect(output.password).toBe(DEFAULT_DEMO_PASSWORD);
    const id = waveId('demo-2025');
    const wave = (await findWave(db, id))!;
    expect(wave.house).toBe('Veiligheidshuis Demoregio');
    expect(wave.anonymous).toBe(1);
    expect(Date.parse(wave.closes_at)).toBeLessThan(Date.now());
    const participants = await db.selectFrom('participants').select(['eligible', 'attributes']).where('wave_id', '=', id).execute();
    expect(participants).toHaveLength(165);
    expect(participants.filter((p) => p.eligible === 0)).toHaveLength(13);
    expect(Object.keys(JSON.parse(participants[0]!.attributes)).sort()).toEqual(['geslacht', 'organisatie', 'overleg']);
    const invitations = await db.selectFrom('invitations').select(['status', 'responses_count']).where('wave_id', '=', id).execute();
    expect(invitations.filter((i) => i.status === 'completed')).toHaveLength(73);
    expect(invitations.filter((i) => i.responses_count === 2)).toHaveLength(3);
    // anonymous: responses carry a date, no link and no time
    const responses = await db.selectFrom('responses').selectAll().where('wave_id', '=', id).execute();
    expect(responses).toHaveLength(76);
    for (const r of responses) {
      expect(r.invitation_id).toBeNull();
      expect(r.participant_id).toBeNull();
      expect(r.submitted_at).toBeNull();
      expect(r.submitted_on >= '2025-11-15' && r.submitted_on <= '2025-12-20').toBe(true);
    }
  });

  it('sends the invitation and three reminders, each followed by responses', async () => {
    const id = waveId('demo-2025');
    const rounds = await db
      .selectFrom('mail_jobs')
      .select(['kind', 'round', (eb) => eb.fn.min('sent_at').as('first'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('wave_id', '=', id)
      .where('status', '=', 'sent')
      .groupBy(['kind', 'round'])
      .orderBy('round')
      .execute();
    expect(rounds.map((r) => `${r.kind} ${r.round}`)).toEqual(['invitation 0', 'reminder 1', 'reminder 2', 'reminder 3']);
    const dates = (await db.selectFrom('responses').select('submitted_on').where('wave_id', '=', id).execute()).map((r) => r.submitted_on);
    for (const [i, round] of rounds.entries()) {
      const from = round.first!.slice(0, 10);
      const until = rounds[i + 1]?.first!.slice(0, 10) ?? '9999';
      expect(dates.filter((d) => d >= from && d < until).length, `responses after ${round.kind} ${round.round}`).toBeGreaterThan(3);
    }
    // reminders go only to those who had not answered: fewer each round
    const sent = rounds.map((r) => Number(r.n));
    expect(sent[1]!).toBeLessThan(sent[0]!);
    expect(sent[3]!).toBeLessThan(sent[2]!);
  });

  it('has Likert answers that make plausible scales and some geen oordeel on Q17', async () => {
    const wave = await db.selectFrom('waves').selectAll().where('id', '=', waveId('demo-2025')).executeTakeFirstOrThrow();
    const { responses } = await loadWaveResponses(db, wave.id);
    const report = analyze(waveQuestionnaire(wave), responses, { minCellSize: wave.min_cell_size });
    for (const s of report.scales) {
      expect(s.alpha!, s.id).toBeGreaterThan(0.75);
      expect(s.alpha!, s.id).toBeLessThan(0.95);
    }
    expect(report.overall.mean!).toBeGreaterThan(2.7);
    expect(report.overall.mean!).toBeLessThan(3.4);
    const q17 = report.items.find((i) => i.code === 'Q17_1')!;
    expect(q17.missing.declared).toBeGreaterThan(0);
    expect(q17.max).toBe(4);
    // some groups are small enough to be suppressed
    expect(report.breakdowns.some((b) => b.cells.some((c) => c.suppressed))).toBe(true);
  });

  it('has a breedtescan wave answered by 31 of 33 houses, following the routing, with Q19 totalling 100', async () => {
    const id = waveId('breedtescan-2025');
    const wave = await db.selectFrom('waves').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(await db.selectFrom('participants').select('id').where('wave_id', '=', id).execute()).toHaveLength(33);
    const { responses } = await loadWaveResponses(db, id);
    expect(responses).toHaveLength(31);
    const questionnaire = waveQuestionnaire(wave);
    const houses = new Set(responses.map((r) => r.Q1));
    expect(houses.size).toBe(31);
    for (const values of responses) {
      expect(route(questionnaire, values).values).toEqual(values);
      const shares = Array.from({ length: 11 }, (_, i) => values[`Q19_${i + 1}`]);
      if (shares.some((s) => s !== undefined)) expect(shares.reduce<number>((a, s) => a + Number(s ?? 0), 0)).toBe(100);
      if (values.Q8_1 === 1) expect([values.Q8_2, values.Q8_3, values.Q8_4]).toEqual([0, 0, 0]);
    }
  });

  it('has waves to compare: the same house a year earlier and other houses', () => {
    expect(output.waves.map((w) => [w.key, w.responses])).toEqual([
      ['demo-2025', 76],
      ['demo-2024', expect.any(Number)],
      ['kust-2025', expect.any(Number)],
      ['stroom-2025', expect.any(Number)],
      ['eilanden-2025', 3],
      ['breedtescan-2025', 31],
    ]);
  });

  it('is reproducible: the same seed gives the same answers', async () => {
    const { questionnaires } = loadQuestionnaireDir(loadConfig().questionnairesDir);
    const byId = new Map(questionnaires.map((q) => [q.id, q]));
    const answerSets = async (target: Db, id: string) => (await loadWaveResponses(target, id)).responses.map((r) => JSON.stringify(r)).sort();
    const other = openDatabase(':memory:').db;
    await migrateToLatest(other);
    const again = await loadDemo(other, createSecrets('y'.repeat(40)), byId, { password: DEFAULT_DEMO_PASSWORD });
    if (again.status !== 'loaded') throw new Error('not loaded');
    for (const key of ['demo-2025', 'breedtescan-2025']) {
      const otherId = again.waves.find((w) => w.key === key)!.id;
      expect(await answerSets(other, otherId)).toEqual(await answerSets(db, waveId(key)));
    }
    await other.destroy();
  });

  it('refuses to load twice and prints how to log in instead', async () => {
    const second = await cli('demo');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already loaded');
    expect(second.stdout).toContain(DEMO_EMAIL);
    expect(second.stdout).toContain(DEFAULT_DEMO_PASSWORD);
    // the server has to be started on the same database file to show the demo
    expect(second.stdout).toContain(`Start the server with \`DATABASE_FILE=${join(dir, 'survey.db')} npm start\``);
    expect(await db.selectFrom('responses').select('id').where('wave_id', '=', waveId('demo-2025')).execute()).toHaveLength(76);
    const users = await db.selectFrom('users').select('email').execute();
    expect(users.map((u) => u.email).sort()).toEqual(demoAccounts().map((a) => a.email).sort());
    for (const account of demoAccounts()) expect(second.stdout).toContain(account.email);
  });

  it('has houses as records, a landelijk onderzoeker and evaluator, and a coordinator and an evaluator per house', async () => {
    const houses = await db.selectFrom('houses').select(['id', 'name']).orderBy('name').execute();
    expect(houses.map((h) => h.name)).toEqual([
      'Alle Veiligheidshuizen (ketenmanagers)',
      'Veiligheidshuis Demoregio',
      'Veiligheidshuis Eilanden',
      'Veiligheidshuis Kustregio',
      'Veiligheidshuis Stroomland',
    ]);
    const grants = await db
      .selectFrom('grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .leftJoin('houses as h', 'h.id', 'g.house_id')
      .select(['u.email', 'g.kind', 'h.name'])
      .orderBy('u.email')
      .execute();
    expect(grants).toContainEqual({ email: DEMO_EMAIL, kind: 'national-researcher', name: null });
    expect(grants).toContainEqual({ email: DEMO_EVALUATOR_EMAIL, kind: 'national-evaluator', name: null });
    for (const house of ['Demoregio', 'Kustregio', 'Stroomland', 'Eilanden']) {
      const slug = house.toLowerCase();
      expect(grants).toContainEqual({ email: `demo-coordinator-${slug}@example.org`, kind: 'coordinator', name: `Veiligheidshuis ${house}` });
      expect(grants).toContainEqual({ email: `demo-evaluator-${slug}@example.org`, kind: 'evaluator', name: `Veiligheidshuis ${house}` });
    }
    expect(output.accounts).toEqual(demoAccounts());
  });

  it('has a national round: a concept wave for each house with a team, its coordinator the one who launches it', async () => {
    const round = await db.selectFrom('national_rounds').selectAll().executeTakeFirstOrThrow();
    expect(round).toMatchObject({ questionnaire_id: 'stappenmeter-doelbereik', reminder_days: '[7,14]' });
    const waves = await db.selectFrom('waves').innerJoin('houses', 'houses.id', 'waves.house_id').select(['houses.name', 'waves.launched_at']).where('round_id', '=', round.id).orderBy('houses.name').execute();
    expect(waves).toEqual(['Demoregio', 'Eilanden', 'Kustregio', 'Stroomland'].map((h) => ({ name: `Veiligheidshuis ${h}`, launched_at: null })));
    expect(await db.selectFrom('mail_jobs').innerJoin('waves', 'waves.id', 'mail_jobs.wave_id').select('mail_jobs.id').where('waves.round_id', '=', round.id).execute()).toEqual([]);
  });

  it('fills the results pages, reachable after logging in with the printed account', async () => {
    const config = loadConfig({ DATABASE_FILE: join(dir, 'survey.db'), LOG_LEVEL: 'silent', MAIL_INTERVAL_SECONDS: '0', BASE_URL: 'http://demo.test' });
    const app = await buildApp({ config, logger: false });
    try {
      const login = await submitPassword(app, DEMO_EVALUATOR_EMAIL, DEFAULT_DEMO_PASSWORD);
      expect(login.statusCode).toBe(303);
      // the first login sets up two-factor login: the secret from the page, a code computed as the app would
      expect(login.headers.location).toBe('/admin/login/enrol');
      const pending = login.cookies.find((c) => c.name === 'sid')!.value;
      const enrol = await app.inject({ url: '/admin/login/enrol', headers: { cookie: `sid=${pending}`, accept: 'text/html' } });
      const secret = /class="totp-secret">([A-Z2-7 ]+)</.exec(enrol.body)![1]!.replace(/ /g, '');
      const confirmed = await app.inject({
        method: 'POST',
        url: '/admin/login/enrol',
        headers: { cookie: `sid=${pending}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: formBody({ code: await totpCode(app, secret), _csrf: await sessionCsrf(app, pending) }),
      });
      expect(confirmed.statusCode).toBe(200);
      const cookie = `sid=${confirmed.cookies.find((c) => c.name === 'sid')!.value}`;
      const list = await app.inject({ url: '/admin/results', headers: { cookie, accept: 'text/html' } });
      for (const w of output.waves) expect(list.body).toContain(`/admin/results/${w.id}`);
      const results = await app.inject({ url: `/admin/results/${waveId('demo-2025')}`, headers: { cookie, accept: 'text/html' } });
      expect(results.statusCode).toBe(200);
      expect(results.body).toContain('48,0 % (73 / 152)');
      // numbered in page order: the scores, seven distributions, then reliability and the groups
      expect(results.body).toContain('Tabel 1. Gemiddelde score per aspect');
      expect(results.body).toContain('Tabel 9. Betrouwbaarheid per aspect');
      expect(results.body).toContain('Tabel 10. Gemiddelde score per aspect naar overlegvorm');
      // the response curve marks the invitation and each of the three reminder rounds, in order
      const curve = [...results.body.matchAll(/<svg\b[\s\S]*?<\/svg>/g)].map((m) => m[0]).find((svg) => svg.includes('class="marker"'))!;
      expect(curve.match(/class="marker"/g)).toHaveLength(4);
      expect([...curve.matchAll(/<text[^>]*>(Uitnodiging|Herinnering \d)<\/text>/g)].map((m) => m[1])).toEqual(['Uitnodiging', 'Herinnering 1', 'Herinnering 2', 'Herinnering 3']);
      const scan = await app.inject({ url: `/admin/results/${waveId('breedtescan-2025')}`, headers: { cookie, accept: 'text/html' } });
      expect(scan.body).toContain('Frequentietabellen');
      const compare = await app.inject({ url: `/admin/results/compare?wave=${waveId('demo-2025')}`, headers: { cookie, accept: 'text/html' } });
      expect(compare.body).toContain('Stappenmeter najaar 2024');
      expect(compare.body).toContain('De rondes in het gemiddelde van de andere huizen');
      expect(compare.body).toContain('Gemiddelde van de huisgemiddelden');
    } finally {
      await app.close();
    }
  });
});
