/**
 * National rounds (issue 14): one step makes a concept wave for each of 33 houses, with the
 * coordinators' accounts and grants; nothing is mailed before a house's coordinator launches, and a
 * coordinator launches only their own house's wave. Unknown houses create nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { grantsOf } from '../../server/db/repositories/grants.js';
import { findUserByEmail } from '../../server/db/repositories/users.js';
import { parseRoundHousesCsv } from '../../server/domain/fieldwork/roundHousesCsv.js';
import { markTestWave } from '../../server/services/waves.js';
import { createNationalRound, listNationalRounds, roundOverview } from '../../server/services/rounds.js';
import { loadWaveResponses } from '../../server/db/repositories/results.js';
import { findWave, waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { analyze } from '../../server/domain/analysis/report.js';
import { formatDecimal } from '../../server/domain/format/nl.js';
import { launchWave } from '../../server/services/launch.js';
import { cachedReportCount } from '../../server/services/results.js';
import { decode, storeResponses, uniformStappenmeter } from '../helpers/resultsPage.js';
import { createTestApp, storedQuestionnaire, type TestApp } from '../helpers/app.js';
import { formBody, loginAs, type LoggedIn } from '../helpers/auth.js';
import { appEnvironment, cli, useCliEnvironment } from '../helpers/cli.js';
import { makeHouse, makeInvitee } from '../helpers/factories.js';
import { auditLog, contextOf, userOf } from './support.js';

const QID = 'stappenmeter-doelbereik';
const HOUSES = Array.from({ length: 33 }, (_, i) => `Veiligheidshuis Regio ${String(i + 1).padStart(2, '0')}`);

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  t.setNow('2026-11-23T09:00:00Z');
  for (const name of HOUSES) await makeHouse(t.app, name);
});
afterEach(async () => t.close());
useCliEnvironment(() => appEnvironment(t));

const count = async (table: 'waves' | 'users' | 'national_rounds' | 'mail_jobs' | 'outbox') =>
  Number((await t.app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

const coordinatorOf = (i: number) => `coordinator${i + 1}@regio.test`;

async function roundInput(houses: Array<{ house: string; coordinatorEmail: string | null }>) {
  return { questionnaire: await storedQuestionnaire(t.app, QID), opens: '2026-12-01', closes: '2027-01-15', reminders: '7, 14', senderEmail: 'onderzoek@landelijk.test', houses };
}

function post(who: LoggedIn, url: string) {
  return t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: who.csrf }) });
}

describe('createNationalRound', () => {
  it('makes 33 concept waves with their coordinators in one step; nothing is mailed until a coordinator launches their own wave', async () => {
    const existing = await loginAs(t.app, [], { email: coordinatorOf(0) });
    const rows = HOUSES.map((house, i) => ({ house, coordinatorEmail: i === 32 ? null : coordinatorOf(i) }));
    const created = await createNationalRound(contextOf(t, { user: userOf('researcher') }), await roundInput(rows));

    expect(created.waves).toHaveLength(33);
    expect(new Set(created.waves.map((w) => w.house))).toEqual(new Set(HOUSES));
    for (const wave of created.waves) {
      expect(wave).toMatchObject({ round_id: created.round.id, launched_at: null, questionnaire_id: QID, reminder_days: '[7,14]', sender_name: wave.house });
      expect(wave.title).toContain(wave.house);
      expect(wave.invitation_subject).not.toBe('');
    }
    // the existing account got the grant (its password kept); 31 new accounts were invited
    expect(created.granted).toEqual([existing.user.email]);
    expect(created.invited.map((a) => a.email)).toEqual(HOUSES.slice(1, 32).map((_, i) => coordinatorOf(i + 1)));
    for (const [i, wave] of created.waves.entries()) {
      if (i === 32) continue;
      const account = (await findUserByEmail(t.app.db, coordinatorOf(i)))!;
      expect(await grantsOf(t.app.db, account.id)).toEqual([{ kind: 'coordinator', houseId: wave.house_id }]);
    }
    const log = await auditLog(t);
    expect(log.filter((e) => e.action === 'round_created')).toHaveLength(1);
    expect(log.filter((e) => e.action === 'wave_created' && e.details.roundId === created.round.id)).toHaveLength(33);
    expect(log.filter((e) => e.action === 'grant_added')).toHaveLength(32);

    // participants in every wave; past the opening moment a mail pass still sends nothing
    for (const wave of created.waves) await makeInvitee(t.app, wave);
    t.setNow('2026-12-02T09:00:00Z');
    expect((await t.app.mailer.runPass()).sent).toBe(0);
    expect(await count('mail_jobs')).toBe(0);

    // a coordinator launches their own house's wave, not another's (404, as for a wave that does not exist)
    const coordinator = await loginAs(t.app, [{ kind: 'coordinator', houseId: created.waves[5]!.house_id }]);
    expect((await post(coordinator, `/admin/waves/${created.waves[6]!.id}/versturen`)).statusCode).toBe(404);
    expect((await post(coordinator, `/admin/waves/${created.waves[5]!.id}/versturen`)).statusCode).toBe(303);
    expect((await t.app.mailer.runPass()).sent).toBe(1);
    const launched = (await listNationalRounds(contextOf(t)))[0]!.waves.filter((w) => w.launched_at !== null);
    expect(launched.map((w) => w.id)).toEqual([created.waves[5]!.id]);
  });

  it('creates nothing when houses are unknown, and names them in Dutch', async () => {
    const before = { waves: await count('waves'), users: await count('users'), rounds: await count('national_rounds') };
    const rows = [{ house: HOUSES[0]!, coordinatorEmail: 'a@regio.test' }, { house: 'Veiligheidshuis Nergens', coordinatorEmail: 'b@regio.test' }, { house: 'VHH Atlantis', coordinatorEmail: null }];
    await expect(createNationalRound(contextOf(t, { user: userOf('researcher') }), await roundInput(rows))).rejects.toMatchObject({
      statusCode: 422,
      message: expect.stringContaining('Onbekende huizen: Veiligheidshuis Nergens, VHH Atlantis.'),
    });
    expect({ waves: await count('waves'), users: await count('users'), rounds: await count('national_rounds') }).toEqual(before);
  });

  it('is for a landelijk onderzoeker only', async () => {
    const houseId = (await t.app.db.selectFrom('houses').select('id').executeTakeFirstOrThrow()).id;
    const input = await roundInput([{ house: HOUSES[0]!, coordinatorEmail: null }]);
    for (const user of [userOf([{ kind: 'coordinator', houseId }]), userOf('evaluator')]) {
      await expect(createNationalRound(contextOf(t, { user }), input)).rejects.toMatchObject({ statusCode: 403 });
    }
    expect(await count('waves')).toBe(0);
  });

  it('refuses bad settings with the wave form\'s Dutch faults, creating nothing', async () => {
    const input = { ...(await roundInput([{ house: HOUSES[0]!, coordinatorEmail: null }])), closes: '2026-11-01' };
    await expect(createNationalRound(contextOf(t), input)).rejects.toThrow(/sluitingsdatum/);
    expect(await count('national_rounds')).toBe(0);
  });
});

describe('the houses file', () => {
  it('reads ; or , with a BOM and an optional header, and reports bad lines by number', () => {
    expect(parseRoundHousesCsv('\uFEFFhuis;e-mail coördinator\nVHH A;Jan@A.test\nVHH B;\n')).toEqual({
      rows: [
        { line: 2, house: 'VHH A', coordinatorEmail: 'jan@a.test' },
        { line: 3, house: 'VHH B', coordinatorEmail: null },
      ],
      errors: [],
    });
    expect(parseRoundHousesCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('VHH A,a@a.test\n')])).rows).toEqual([{ line: 1, house: 'VHH A', coordinatorEmail: 'a@a.test' }]);
    expect(parseRoundHousesCsv('huis;e-mail\nVHH A;geen-adres\nVHH A;\n;x@y.test\n').errors).toEqual([
      'Regel 2: "geen-adres" is geen geldig e-mailadres.',
      'Regel 3: VHH A staat ook al op regel 2.',
      'Regel 4: de naam van het huis ontbreekt.',
    ]);
    expect(parseRoundHousesCsv('huis;e-mail\n').errors).toEqual(['Het bestand bevat geen huizen.']);
  });
});

describe('round create and round list on the command line', () => {
  it('creates a round over 33 houses from a CSV and prints its waves; unknown houses fail whole', async () => {
    const file = join(t.dir, 'huizen.csv');
    writeFileSync(file, '\uFEFFhuis,e-mail coördinator\r\n' + HOUSES.map((h, i) => `${h},${coordinatorOf(i)}`).join('\r\n') + '\r\n');
    const version = (await storedQuestionnaire(t.app, QID)).version;
    const created = await cli('round', 'create', '--questionnaire', `${QID}@${version}`, '--houses', file, '--opens', '2026-12-01', '--closes', '2027-01-15', '--reminders', '7,14', '--json');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const out = JSON.parse(created.stdout) as { waves: Array<{ id: string; house: string; state: string }>; invited: Array<{ email: string; password: string }> };
    expect(out.waves).toHaveLength(33);
    expect(out.waves.every((w) => w.state === 'concept')).toBe(true);
    expect(out.invited).toHaveLength(33);
    expect(await count('waves')).toBe(33);

    const listed = await cli('round', 'list', '--json');
    const rounds = JSON.parse(listed.stdout) as Array<{ questionnaire_id: string; waves: Array<{ id: string }> }>;
    expect(rounds).toHaveLength(1);
    expect(rounds[0]!.waves.map((w) => w.id).sort()).toEqual(out.waves.map((w) => w.id).sort());

    writeFileSync(file, 'huis;e-mail coördinator\nVeiligheidshuis Regio 01;\nVeiligheidshuis Onbekend;\n');
    const refused = await cli('round', 'create', '--questionnaire', `${QID}@${version}`, '--houses', file, '--opens', '2026-12-01', '--closes', '2027-01-15');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Onbekende huizen: Veiligheidshuis Onbekend.');
    expect(await count('waves')).toBe(33);
  });
});


describe('the Landelijke rondes pages', () => {
  const get = (who: LoggedIn, url: string) => t.app.inject({ url, headers: { cookie: who.cookie, accept: 'text/html' } });
  const submit = (who: LoggedIn, fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/admin/rounds', headers: { cookie: who.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: who.csrf, ...fields }) });

  it('makes a round from checked houses and pasted lines, shows each house\'s wave, and is for landelijk onderzoekers only', async () => {
    const researcher = await loginAs(t.app, 'researcher');
    const version = (await storedQuestionnaire(t.app, QID)).version;
    const houses = await t.app.db.selectFrom('houses').select(['id', 'name']).orderBy('name').execute();
    const base = { questionnaire: `${QID}@${version}`, opens: '2026-12-01', closes: '2027-01-15', reminders: '7, 14' };

    const unknown = await submit(researcher, { ...base, houseList: 'Veiligheidshuis Nergens;x@y.test' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('Onbekende huizen: Veiligheidshuis Nergens.');
    expect(await count('waves')).toBe(0);

    const created = await submit(researcher, { ...base, [`house-${houses[0]!.id}`]: 'on', [`house-${houses[1]!.id}`]: 'on', houseList: `huis;e-mail coördinator\n${houses[2]!.name};nieuw@regio.test\n` });
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('3 conceptrondes');
    expect(created.body).toContain('nieuw@regio.test');
    const round = (await t.app.db.selectFrom('national_rounds').select('id').executeTakeFirstOrThrow()).id;

    const overview = await get(researcher, `/admin/rounds/${round}`);
    expect(overview.statusCode).toBe(200);
    for (const h of houses.slice(0, 3)) expect(overview.body).toMatch(new RegExp(`${h.name}</a></th><td>concept</td><td class="num">0</td><td class="num">–</td><td class="num">0</td><td>na sluiting</td>`));
    expect((await get(researcher, '/admin/rounds/999')).statusCode).toBe(404);

    const coordinator = await loginAs(t.app, [{ kind: 'coordinator', houseId: houses[0]!.id }]);
    expect((await get(coordinator, '/admin/rounds')).statusCode).toBe(403);
    expect((await get(coordinator, `/admin/rounds/${round}`)).statusCode).toBe(403);
    // the coordinator finds their house's round wave in their own Rondes list, and only that one
    const list = await get(coordinator, '/admin/waves');
    expect(list.body).toContain(houses[0]!.name);
    expect(list.body).not.toContain(houses[1]!.name);
  });
});

describe('the round overview and the round\'s own benchmark', () => {
  /** Five houses: 0 and 1 closed with 6 responses, 2 closed with 2 (below the minimum of 5), 3 still open with 6, 4 never launched. */
  async function roundWithResults() {
    const created = await createNationalRound(contextOf(t), await roundInput(HOUSES.slice(0, 5).map((house) => ({ house, coordinatorEmail: null }))));
    const waves = created.waves;
    for (const wave of waves.slice(0, 4)) {
      await makeInvitee(t.app, wave);
      await launchWave(contextOf(t), (await findWave(t.app.db, wave.id))!);
    }
    await t.app.db.updateTable('waves').set({ closes_at: '2027-03-01T23:00:00.000Z' }).where('id', '=', waves[3]!.id).execute();
    const answered = async (i: number, values: number[]) => {
      const wave = (await findWave(t.app.db, waves[i]!.id))!;
      await storeResponses(t.app, wave, values.map((v, j) => uniformStappenmeter(waveQuestionnaire(wave).variables, v, { Q2: 1 + (j % 2), Q3: 1, Q63: 2 })));
    };
    await answered(0, [4, 4, 3, 3, 4, 2]);
    await answered(1, [1, 2, 1, 2, 1, 2]);
    await answered(2, [3, 3]);
    await answered(3, [1, 1, 1, 1, 1, 1]);
    t.setNow('2027-01-20T09:00:00Z');
    return created;
  }

  const overallOf = async (ids: string[]) => {
    const waves = await Promise.all(ids.map(async (id) => (await findWave(t.app.db, id))!));
    const responses = (await Promise.all(waves.map((w) => loadWaveResponses(t.app.db, w.id)))).flatMap((r) => r.responses);
    return analyze(waveQuestionnaire(waves[0]!), responses, { by: [] }).overall.mean!;
  };

  it('pools the round\'s closed waves only, leaves out a house below the minimum, and shows both references with n', async () => {
    const { round, waves } = await roundWithResults();
    const before = cachedReportCount(t.app.db);
    const { lines, benchmark } = await roundOverview(contextOf(t, { user: userOf('researcher') }), round.id);

    expect(lines.map((l) => [l.wave.house, l.state, l.invited, l.responses])).toEqual([
      [HOUSES[0], 'closed', 1, 6],
      [HOUSES[1], 'closed', 1, 6],
      [HOUSES[2], 'closed', 1, 2],
      [HOUSES[3], 'open', 1, 6],
      [HOUSES[4], 'concept', 0, 0],
    ]);
    expect(benchmark).toMatchObject({ waves: 5, closed: 3, withheld: null, houseCount: 2, minCellSize: 5 });
    // the open wave (house 3) and the concept (house 4) are never pooled; house 2 is listed but does not count
    expect(benchmark!.pooled.map((w) => w.id)).toEqual(waves.slice(0, 3).map((w) => w.id));
    const c = benchmark!.comparison!;
    expect(c.waves.map((w) => [w.house, w.n, w.counted])).toEqual([
      [HOUSES[0], 6, true],
      [HOUSES[1], 6, true],
      [HOUSES[2], null, false],
    ]);
    const pooled = await overallOf([waves[0]!.id, waves[1]!.id]);
    expect(c.overall.reference.mean).toBeCloseTo(pooled, 12);
    expect(c.overall.reference).toMatchObject({ n: 12, houses: 2, suppressed: false });
    const houseMeans = ((await overallOf([waves[0]!.id])) + (await overallOf([waves[1]!.id]))) / 2;
    expect(c.overall.reference.houseMeans).toBeCloseTo(houseMeans, 12);
    // the landelijk onderzoeker sees each house's means in the list
    expect(c.waves[0]!.overall.mean).toBeCloseTo(await overallOf([waves[0]!.id]), 12);
    // the pooled closed waves' reports were kept in the results cache
    expect(cachedReportCount(t.app.db)).toBeGreaterThan(before);

    const researcher = await loginAs(t.app, 'researcher');
    const page = await t.app.inject({ url: `/admin/rounds/${round.id}`, headers: { cookie: researcher.cookie, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    const text = decode(page.body.replace(/<[^>]+>/g, ' '));
    expect(text).toContain('3 van de 5 rondes (3 gesloten)');
    expect(text).toContain('Benchmark van de landelijke ronde: gemiddelde score per aspect');
    expect(text).toContain('Gepoold gemiddelde (elke respondent telt even zwaar)');
    expect(text).toContain('Gemiddelde van de huisgemiddelden (elk huis telt even zwaar)');
    expect(text).toContain('De rondes in de benchmark van de landelijke ronde');
    expect(text).toContain(`Alle aspecten ${formatDecimal(pooled, 2)}`);
  });

  it('never pools a wave of the round marked as a test wave (Testronde), and marks it in the overview', async () => {
    const { round, waves } = await roundWithResults();
    await markTestWave(contextOf(t), (await findWave(t.app.db, waves[1]!.id))!, true);
    const { benchmark } = await roundOverview(contextOf(t, { user: userOf('researcher') }), round.id);
    expect(benchmark!.pooled.map((w) => w.id)).toEqual([waves[0]!.id, waves[2]!.id]);
    expect(benchmark!.closed).toBe(3);
    expect(benchmark!.comparison!.waves.map((w) => w.house)).toEqual([HOUSES[0], HOUSES[2]]);
    const researcher = await loginAs(t.app, 'researcher');
    const page = await t.app.inject({ url: `/admin/rounds/${round.id}`, headers: { cookie: researcher.cookie, accept: 'text/html' } });
    expect(page.body).toContain(`${HOUSES[1]}</a> <span class="state state-test">Testronde</span>`);
    expect(page.body).toContain('concepten en testrondes tellen nooit mee');
  });

  it('gives no benchmark while fewer than two houses are pooled, and says why', async () => {
    const { round, waves } = await roundWithResults();
    await t.app.db.updateTable('waves').set({ closes_at: '2027-03-01T23:00:00.000Z' }).where('id', 'in', [waves[1]!.id, waves[2]!.id]).execute();
    const { benchmark } = await roundOverview(contextOf(t), round.id);
    expect(benchmark).toMatchObject({ waves: 5, closed: 1, comparison: null, withheld: expect.stringContaining('pas één gesloten ronde') });
    expect(benchmark!.pooled.map((w) => w.id)).toEqual([waves[0]!.id]);
  });
});
