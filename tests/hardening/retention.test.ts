/**
 * Retention: a wave's participants' personal data (e-mail, name, attributes) are deleted a set number
 * of days after it closes, with drafts, contact answers and the outbox copies of its mail; responses
 * and the response-rate figures stay (the rates come from a snapshot afterwards); the deletion is in
 * the audit log. Through `wave purge` and through the server's own daily pass.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import SQLite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appEnvironment, cli, stubCliEnvironment } from '../helpers/cli.js';
import type { Wave } from '../../server/db/database.js';
import { computeWaveRates } from '../../server/services/rates.js';
import { purgeDueAt, purgeEligibility } from '../../server/domain/fieldwork/retention.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { loginAs } from '../helpers/auth.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';
import { Client, pageForm } from '../helpers/formClient.js';
import { dumpTables } from '../helpers/databaseFile.js';
import { completeProef, page1 } from '../helpers/proefAnswers.js';

let t: TestApp | undefined;
afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  await t?.close();
  t = undefined;
});

const DAY = 24 * 3600 * 1000;

const organisations = ['Politie', 'Politie', 'Gemeente', 'Gemeente', 'Reclassering', 'Zorg'];

/**
 * A closed-to-be wave with six invitees: three complete (one leaves a name for contact), one starts,
 * one is ineligible, one never answers; every invitation goes out through the outbox.
 */
async function fieldwork(app: FastifyInstance, overrides: Parameters<typeof makeWave>[2]) {
  const wave = await makeWave(app, 'proef', { anonymous: 0, retention_days: 30, ...overrides });
  const invitees = [];
  for (let i = 0; i < 6; i++) {
    invitees.push(
      await makeInvitee(app, wave, {
        email: `persoon${i}.${wave.id.toLowerCase()}@partner.example`,
        name: `Persoon ${i} ${wave.id}`,
        attributes: { organisatie: organisations[i]!, functie: 'casusregisseur' },
      }),
    );
  }
  await app.mailer.runPass({ waveId: wave.id });
  for (const [i, inv] of invitees.slice(0, 3).entries()) {
    const page = await completeProef(new Client(app), `/r/${inv.token}`, i === 0 ? {} : { p5: { Q9: '0' } });
    expect(page.url).toBe(`/r/${inv.token}/klaar`);
  }
  const starter = new Client(app);
  const first = await starter.get(`/r/${invitees[3]!.token}/pagina/1`);
  await starter.submit(pageForm(first), page1, 'Volgende');
  await app.db.updateTable('participants').set({ eligible: 0, ineligible_reason: 'Persoon 4 zat in geen enkel overleg' }).where('id', '=', invitees[4]!.participant.id).execute();
  return { wave, invitees };
}

async function participantsOf(app: FastifyInstance, wave: Wave) {
  return app.db.selectFrom('participants').selectAll().where('wave_id', '=', wave.id).orderBy('id').execute();
}

describe('retention dates', () => {
  it('is due closes_at + retention_days; never while open; without a period or before it only when forced', () => {
    const wave = { closes_at: '2026-12-20T22:59:59.999Z', retention_days: 30, purged_at: null };
    expect(purgeDueAt(wave)?.toISOString()).toBe('2027-01-19T22:59:59.999Z');
    expect(purgeDueAt({ ...wave, retention_days: null })).toBeNull();
    expect(purgeEligibility(wave, new Date('2026-12-01T00:00:00Z'), { force: true })).toMatchObject({ ok: false, reason: 'open' });
    expect(purgeEligibility(wave, new Date('2027-01-19T22:59:59.998Z'))).toMatchObject({ ok: false, reason: 'not-due' });
    expect(purgeEligibility(wave, new Date('2027-01-19T22:59:59.999Z'))).toMatchObject({ ok: true, forced: false });
    expect(purgeEligibility(wave, new Date('2027-01-01T00:00:00Z'), { force: true })).toMatchObject({ ok: true, forced: true });
    expect(purgeEligibility({ ...wave, retention_days: null }, new Date('2027-06-01T00:00:00Z'))).toMatchObject({ ok: false, reason: 'no-retention' });
    expect(purgeEligibility({ ...wave, purged_at: '2027-01-20T00:00:00Z' }, new Date('2027-06-01T00:00:00Z'), { force: true })).toMatchObject({
      ok: false,
      reason: 'purged',
    });
  });
});

describe('wave purge', () => {
  it('deletes e-mail, name and attributes after the retention period and keeps responses and response rates', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const { app } = t;
    stubCliEnvironment(appEnvironment(t));
    const { wave, invitees } = await fieldwork(app, {});
    // a wave without a retention period, and one that closes later: neither is due
    const keep = await fieldwork(app, { retention_days: null });
    const later = await fieldwork(app, { closes_at: new Date(app.now().getTime() + 90 * DAY).toISOString() });

    const closes = Date.parse(wave.closes_at);
    const afterDue = new Date(closes + 31 * DAY);
    const before = {
      participants: await participantsOf(app, wave),
      responses: await app.db.selectFrom('responses').selectAll().where('wave_id', '=', wave.id).orderBy('id').execute(),
      answers: await app.db.selectFrom('answers').selectAll().orderBy('response_id').orderBy('variable').execute(),
      invitations: await app.db.selectFrom('invitations').select(['id', 'status', 'responses_count']).where('wave_id', '=', wave.id).orderBy('id').execute(),
      rates: await computeWaveRates(app.db, wave, afterDue),
      keep: await participantsOf(app, keep.wave),
      later: await participantsOf(app, later.wave),
    };
    expect(before.rates).toMatchObject({ invited: 6, ineligible: 1, eligible: 5, completePersons: 3, partialPersons: 1, responses: 3 });
    expect(before.rates.breakdowns.map((b) => b.attribute)).toEqual(['functie', 'organisatie']);
    // a "no" to the contact question is a contact answer too: three rows, one with a name
    expect(await app.db.selectFrom('contacts').where('wave_id', '=', wave.id).select('id').execute()).toHaveLength(3);
    const outboxOfWave = () =>
      app.db.selectFrom('outbox').innerJoin('mail_jobs', 'mail_jobs.id', 'outbox.job_id').select('outbox.id').where('mail_jobs.wave_id', '=', wave.id).execute();
    expect(await outboxOfWave()).toHaveLength(6);

    // a day before it is due: nothing
    const early = await cli('wave', 'purge', '--now', new Date(closes + 29 * DAY).toISOString(), '--json');
    expect(early.code, early.stderr).toBe(0);
    expect(JSON.parse(early.stdout).purged).toEqual([]);

    // a dry run names the wave and what would go, and changes nothing
    const dry = await cli('wave', 'purge', '--now', afterDue.toISOString(), '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      dryRun: true,
      purged: [{ waveId: wave.id, participants: 6, drafts: 1, contacts: 3, outbox: 6, forced: false, dryRun: true, dueAt: new Date(closes + 30 * DAY).toISOString() }],
    });
    expect(await participantsOf(app, wave)).toEqual(before.participants);

    const run = await cli('wave', 'purge', '--now', afterDue.toISOString());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Purged personal data of:');
    expect(run.stdout).toContain(`${wave.id}  Testronde`);

    // personal data gone; the facts the rates are made of kept
    const after = await participantsOf(app, wave);
    expect(after).toHaveLength(6);
    for (const [i, p] of after.entries()) {
      const was = before.participants[i]!;
      expect(p).toEqual({ ...was, email: `verwijderd-${was.id}`, name: null, attributes: '{}', ineligible_reason: null, bounce_reason: null });
    }
    const text = JSON.stringify(await app.db.selectFrom('participants').selectAll().where('wave_id', '=', wave.id).execute());
    for (const inv of invitees) {
      expect(text).not.toContain(inv.participant.email);
      expect(text).not.toContain(inv.participant.name);
    }
    expect(text).not.toContain('Politie');
    // nowhere else in the database either, and not in the file's free space or log (secure_delete)
    const everything = JSON.stringify(dumpTables(t.config.databaseFile));
    const raw = new SQLite(t.config.databaseFile);
    try {
      expect(raw.pragma('wal_checkpoint(TRUNCATE)', { simple: true })).toBe(0);
    } finally {
      raw.close();
    }
    const file = [t.config.databaseFile, `${t.config.databaseFile}-wal`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString('latin1'))
      .join('');
    expect(file).toContain(keep.invitees[0]!.participant.email);
    for (const inv of invitees)
      for (const personal of [inv.participant.email, inv.participant.name!]) {
        expect(everything, personal).not.toContain(personal);
        expect(file, personal).not.toContain(personal);
      }
    expect(await app.db.selectFrom('mail_jobs').select('last_error').where('wave_id', '=', wave.id).where('last_error', 'is not', null).execute()).toEqual([]);
    expect(await app.db.selectFrom('drafts').where('wave_id', '=', wave.id).select('id').execute()).toEqual([]);
    expect(await app.db.selectFrom('contacts').where('wave_id', '=', wave.id).select('id').execute()).toEqual([]);
    expect(await outboxOfWave()).toEqual([]);
    expect(await app.db.selectFrom('responses').selectAll().where('wave_id', '=', wave.id).orderBy('id').execute()).toEqual(before.responses);
    expect(await app.db.selectFrom('answers').selectAll().orderBy('response_id').orderBy('variable').execute()).toEqual(before.answers);
    expect(
      await app.db.selectFrom('invitations').select(['id', 'status', 'responses_count']).where('wave_id', '=', wave.id).orderBy('id').execute(),
    ).toEqual(before.invitations);
    const purgedWave = await app.db.selectFrom('waves').selectAll().where('id', '=', wave.id).executeTakeFirstOrThrow();
    expect(purgedWave.purged_at).toBe(afterDue.toISOString());

    // the other waves are untouched, their contacts and outbox too
    expect(await participantsOf(app, keep.wave)).toEqual(before.keep);
    expect(await participantsOf(app, later.wave)).toEqual(before.later);
    expect(await app.db.selectFrom('contacts').where('wave_id', 'in', [keep.wave.id, later.wave.id]).select('id').execute()).toHaveLength(6);

    // logged
    const log = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'wave_purged').execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actor: 'cli', at: afterDue.toISOString() });
    expect(JSON.parse(log[0]!.details)).toEqual({ waveId: wave.id, forced: false, participants: 6, drafts: 1, contacts: 3, outbox: 6 });

    // the rates are the figures from before the purge, breakdowns by the deleted attributes included
    const rates = await cli('wave', 'rates', '--wave', wave.id, '--now', new Date(closes + 400 * DAY).toISOString(), '--json');
    expect(rates.code, rates.stderr).toBe(0);
    const shown = JSON.parse(rates.stdout);
    expect(shown).toEqual({ wave: { id: wave.id, title: wave.title, house: wave.house }, ...JSON.parse(JSON.stringify(before.rates)) });
    expect(shown.breakdowns[1].cells.map((c: { value: string }) => c.value)).toEqual(['Gemeente', 'Politie', 'Reclassering', 'Zorg']);

    // and so does the rates page: the breakdown by organisation can only come from the snapshot now
    t.setNow(new Date(closes + 400 * DAY));
    const researcher = await loginAs(app, 'researcher');
    const page = await app.inject({ url: `/admin/waves/${wave.id}/rates`, headers: { accept: 'text/html', cookie: researcher.cookie } });
    expect(page.statusCode).toBe(200);
    for (const value of ['Gemeente', 'Politie', 'Reclassering', 'Zorg', 'casusregisseur']) expect(page.body).toContain(value);

    // the invitation links of the purged wave say so
    t.setNow(afterDue);
    const link = await app.inject({ url: `/r/${invitees[5]!.token}`, headers: { accept: 'text/html' } });
    expect(link.statusCode).toBe(410);
    expect(link.body).toContain('de gegevens zijn verwijderd');

    // a second pass finds nothing more to do
    const again = await cli('wave', 'purge', '--now', afterDue.toISOString(), '--json');
    expect(JSON.parse(again.stdout).purged).toEqual([]);
    expect(await app.db.selectFrom('audit_log').select('id').where('action', '=', 'wave_purged').execute()).toHaveLength(1);
  });

  it('purges one wave with --wave: not before it is due or without a period unless --force, never while open', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const { app } = t;
    stubCliEnvironment(appEnvironment(t));
    const none = await makeWave(app, 'proef', { retention_days: null });
    await makeInvitee(app, none, { email: 'iemand@partner.example', name: 'Iemand' });
    const closed = new Date(Date.parse(none.closes_at) + DAY).toISOString();

    const refused = await cli('wave', 'purge', '--wave', none.id, '--now', closed);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('has no retention period (use --force to purge it anyway)');
    const open = await cli('wave', 'purge', '--wave', none.id, '--force', '--now', app.now().toISOString());
    expect(open.code).toBe(1);
    expect(open.stderr).toContain('has not closed yet');
    expect((await participantsOf(app, none))[0]!.email).toBe('iemand@partner.example');

    const forced = await cli('wave', 'purge', '--wave', none.id, '--force', '--now', closed, '--json');
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).purged).toEqual([expect.objectContaining({ waveId: none.id, forced: true, participants: 1, dueAt: null })]);
    expect((await participantsOf(app, none))[0]).toMatchObject({ email: expect.stringMatching(/^verwijderd-\d+$/), name: null, attributes: '{}' });
    const log = await app.db.selectFrom('audit_log').select('details').where('action', '=', 'wave_purged').executeTakeFirstOrThrow();
    expect(JSON.parse(log.details)).toMatchObject({ waveId: none.id, forced: true });

    // a purged wave again: nothing to do, not an error
    const twice = await cli('wave', 'purge', '--wave', none.id, '--force', '--now', closed, '--json');
    expect(twice.code).toBe(0);
    expect(JSON.parse(twice.stdout).purged).toEqual([]);

    expect((await cli('wave', 'purge', '--force')).code).toBe(2);
    expect((await cli('wave', 'purge', '--wave', 'nope')).stderr).toContain('No wave with id "nope"');
    expect((await cli('wave', 'purge', '--now', 'yesterday')).code).toBe(2);
  });
});

describe('the server purges on its own', () => {
  it('runs a pass a minute after start and then every RETENTION_INTERVAL_HOURS, and logs each purge', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const lines: string[] = [];
    const onLine: Array<() => void> = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        for (const wake of onLine.splice(0)) wake();
        done();
      },
    });
    const purges = () => lines.map((l) => JSON.parse(l) as { msg: string; waveId?: string }).filter((l) => l.msg.startsWith('purged personal data'));
    // the pass logs each purge when it is done: wait for that line, not for time to pass
    const purgeLogged = async (w: Wave) => {
      while (!purges().some((l) => l.waveId === w.id)) await new Promise<void>((wake) => onLine.push(wake));
    };
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir(), RETENTION_INTERVAL_HOURS: '24' }, { logger: { level: 'info', stream } });
    const { app } = t;
    const first = await makeWave(app, 'proef', { retention_days: 10 });
    await makeInvitee(app, first, { email: 'eerste@partner.example' });
    const second = await makeWave(app, 'proef', { retention_days: 11 });
    await makeInvitee(app, second, { email: 'tweede@partner.example' });
    const purgedAt = async (w: Wave) => (await app.db.selectFrom('waves').select('purged_at').where('id', '=', w.id).executeTakeFirstOrThrow()).purged_at;

    t.setNow(new Date(Date.parse(first.closes_at) + 10 * DAY + 1000));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(await purgedAt(first)).toBeNull();
    await vi.advanceTimersByTimeAsync(1_000);
    await purgeLogged(first);
    expect(await purgedAt(first)).not.toBeNull();
    expect(await purgedAt(second)).toBeNull();

    // the next day's pass takes the second wave
    t.setNow(new Date(Date.parse(second.closes_at) + 11 * DAY + 1000));
    await vi.advanceTimersByTimeAsync(24 * 3600 * 1000);
    await purgeLogged(second);
    expect(await purgedAt(second)).not.toBeNull();

    const audit = await app.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'wave_purged').orderBy('id').execute();
    expect(audit.map((a) => [a.actor, JSON.parse(a.details).waveId])).toEqual([
      ['retention', first.id],
      ['retention', second.id],
    ]);
    expect(purges().map((l) => l.waveId)).toEqual([first.id, second.id]);
  });
});
