import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appEnvironment, cli, useCliEnvironment } from '../helpers/cli.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
useCliEnvironment(() => appEnvironment(t));
afterEach(async () => {
  await t.close();
});

const organisaties = ['Politie', 'Gemeente', 'Zorg en welzijn', 'Reclassering', 'OM'];
const overleggen = ['Individueel', 'Jeugd', 'Volwassenen', 'High impact criminelen', 'Jeugdgroep'];

/**
 * The Stappenmeter fieldwork built in the database: 165 invited, 13 of them ineligible, 73 persons
 * completed (3 of them a second time, for another overleg: 76 responses), 6 started.
 */
async function stappenmeterWave() {
  const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { anonymous: 1, min_cell_size: 5 });
  const people: Array<Awaited<ReturnType<typeof makeInvitee>>> = [];
  for (let i = 0; i < 165; i++) {
    people.push(
      await makeInvitee(t.app, wave, {
        email: `partner${i}@example.test`,
        attributes: { organisatie: organisaties[i % 5]!, overleg: overleggen[Math.floor(i / 5) % 5]!, geslacht: i % 2 ? 'm' : 'v' },
      }),
    );
  }
  const ids = (from: number, to: number) => people.slice(from, to);
  await t.app.db.updateTable('participants').set({ eligible: 0, ineligible_reason: 'geen overleg bezocht in de laatste 3 maanden' }).where('id', 'in', ids(0, 13).map((p) => p.participant.id)).execute();
  // the invitations go out (to the outbox) before anyone answers
  await t.app.mailer.runPass();

  const completed = ids(13, 86);
  await t.app.db.updateTable('invitations').set({ status: 'completed', responses_count: 1 }).where('id', 'in', completed.map((p) => p.invitationId)).execute();
  await t.app.db.updateTable('invitations').set({ responses_count: 2 }).where('id', 'in', completed.slice(0, 3).map((p) => p.invitationId)).execute();
  await t.app.db.updateTable('invitations').set({ status: 'started' }).where('id', 'in', ids(86, 92).map((p) => p.invitationId)).execute();
  const days = ['2026-11-23', '2026-11-24', '2026-11-25'];
  const responses = Array.from({ length: 76 }, (_, i) => ({
    id: randomBytes(12).toString('base64url'),
    wave_id: wave.id,
    invitation_id: null,
    participant_id: null,
    submitted_on: days[i % 3]!,
    submitted_at: null,
  }));
  await t.app.db.insertInto('responses').values(responses).execute();
  return wave;
}

describe('wave rates', () => {
  it('reports the Stappenmeter fieldwork: RR1 = 73/152 with 76 responses', async () => {
    const wave = await stappenmeterWave();
    const res = await cli('wave', 'rates', '--wave', wave.id, '--now', '2026-11-26T12:00:00Z', '--json');
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ invited: 165, ineligible: 13, eligible: 152, completePersons: 73, partialPersons: 6, responses: 76, noAnswer: 73 });
    expect(out.rr1).toBe(73 / 152);
    expect(out.rr2).toBe(79 / 152);
    expect(out.formulas.rr1).toContain('volledig / (uitgenodigd − niet tot de doelgroep)');

    // broken down by every list attribute
    expect(out.breakdowns.map((b: { attribute: string }) => b.attribute)).toEqual(['geslacht', 'organisatie', 'overleg']);
    const organisatie = out.breakdowns[1].cells;
    expect(organisatie.map((c: { value: string; invited: number }) => [c.value, c.invited])).toEqual([
      ['Gemeente', 33],
      ['OM', 33],
      ['Politie', 33],
      ['Reclassering', 33],
      ['Zorg en welzijn', 33],
    ]);
    const sum = (key: string) => organisatie.reduce((a: number, c: Record<string, number>) => a + c[key]!, 0);
    expect([sum('ineligible'), sum('complete'), sum('partial')]).toEqual([13, 73, 6]);
    expect(out.suppression).toMatchObject({ applied: true, minCellSize: 5 });

    // the invitation round and the cumulative curve
    expect(out.rounds).toEqual([{ kind: 'invitation', round: 0, date: '2026-11-23', sent: 152 }]);
    expect(out.daily.map((d: { date: string; cumulative: number }) => [d.date, d.cumulative])).toEqual([
      ['2026-11-22', 0],
      ['2026-11-23', 26],
      ['2026-11-24', 51],
      ['2026-11-25', 76],
      ['2026-11-26', 76],
    ]);
    expect(out.daily[1].marks).toEqual([{ kind: 'invitation', round: 0 }]);
  });

  it('prints a readable summary without --json', async () => {
    const wave = await stappenmeterWave();
    const res = await cli('wave', 'rates', '--wave', wave.id);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('RR1 48.0 % = 73/152');
    expect(res.stdout).toContain('responses 76');
    expect(res.stdout).toContain('by organisatie:');
  });

  it('refuses a missing or unknown wave with exit code 2', async () => {
    expect((await cli('wave', 'rates', '--json')).code).toBe(2);
    const res = await cli('wave', 'rates', '--wave', 'nope');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('No wave with id "nope"');
  });
});
