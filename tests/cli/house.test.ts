/** `house create`, `house list`, `house merge`, `users create --grant`, `users grants` and `audit list` from the command line. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, useCliEnvironment } from '../helpers/cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vhcli-'));
});
useCliEnvironment(() => ({ DATABASE_FILE: join(dir, 'cli.db'), ADMIN_NEW_PASSWORD: 'een lang wachtwoord' }));
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const json = async (...argv: string[]) => {
  const res = await cli(...argv, '--json');
  expect(res.stderr, argv.join(' ')).toBe('');
  expect(res.code, argv.join(' ')).toBe(0);
  return JSON.parse(res.stdout);
};

describe('houses on the command line', () => {
  it('creates houses, refuses a near-duplicate name, lists them and merges two into one', async () => {
    const twente = await json('house', 'create', '--name', 'Veiligheidshuis Twente', '--region', 'Oost', '--municipalities', 'Enschede, Hengelo; Almelo');
    expect(twente).toMatchObject({ id: expect.any(Number), name: 'Veiligheidshuis Twente', region: 'Oost', municipalities: ['Enschede', 'Hengelo', 'Almelo'] });
    const dup = await cli('house', 'create', '--name', 'VHH  twente');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('Er is al een huis met (bijna) dezelfde naam: Veiligheidshuis Twente');
    expect((await cli('house', 'create')).code).toBe(2);

    const list = await json('house', 'list');
    expect(list.houses).toEqual([expect.objectContaining({ id: twente.id, name: 'Veiligheidshuis Twente', waves: 0, grants: 0 })]);
    expect(list.nearDuplicates).toEqual([]);
    const human = await cli('house', 'list');
    expect(human.stdout).toContain(`${twente.id}  Veiligheidshuis Twente  (0 waves, 0 grants)`);

    // a second spelling that came in before houses were records (the migration keeps it): merge it
    const noord = await json('house', 'create', '--name', 'Veiligheidshuis Noord');
    const wave = await json('wave', 'create', '--questionnaire', 'stappenmeter-doelbereik', '--house', 'Veiligheidshuis Noord', '--opens', '2099-01-01', '--closes', '2099-01-31');
    const user = await json('users', 'create', '--email', 'c@example.nl', '--name', 'C', '--grant', `coordinator:${noord.id}`, '--grant', `evaluator:${twente.id}`);
    expect(user).toMatchObject({ email: 'c@example.nl', grants: [`coordinator:${noord.id}`, `evaluator:${twente.id}`] });
    const merged = await json('house', 'merge', '--from', String(noord.id), '--into', String(twente.id));
    expect(merged).toEqual({ from: noord.id, into: twente.id, waves: 1, grants: 1 });
    expect((await json('wave', 'list')).map((w: { id: string; house_id: number }) => [w.id, w.house_id])).toEqual([[wave.id, twente.id]]);
    expect((await json('users', 'grants', '--email', 'c@example.nl')).grants).toEqual([`coordinator:${twente.id}`, `evaluator:${twente.id}`]);
    expect((await cli('house', 'merge', '--from', String(twente.id), '--into', String(twente.id))).code).toBe(1);
  });
});

describe('accounts on the command line', () => {
  it('creates an account with repeatable grants and prints them; refuses unknown grants and houses', async () => {
    const house = await json('house', 'create', '--name', 'Veiligheidshuis Twente');
    const created = await json('users', 'create', '--email', 'Anna@Example.nl', '--name', 'Anna', '--grant', 'national-evaluator', '--grant', `coordinator:${house.id}`);
    expect(created).toEqual({ id: expect.any(Number), email: 'anna@example.nl', name: 'Anna', grants: ['national-evaluator', `coordinator:${house.id}`] });
    expect(await json('users', 'grants', '--email', 'anna@example.nl')).toMatchObject({ email: 'anna@example.nl', grants: ['national-evaluator', `coordinator:${house.id}`], twoFactor: false });
    for (const grant of ['admin', 'coordinator', 'coordinator:x', 'national-researcher:1']) {
      const bad = await cli('users', 'create', '--email', 'b@example.nl', '--name', 'B', '--grant', grant);
      expect(bad.code, grant).toBe(2);
      expect(bad.stderr).toContain('national-researcher|national-evaluator|coordinator:<house id>|evaluator:<house id>');
    }
    expect((await cli('users', 'create', '--email', 'b@example.nl', '--name', 'B')).code).toBe(2);
    const noHouse = await cli('users', 'create', '--email', 'b@example.nl', '--name', 'B', '--grant', 'evaluator:999');
    expect(noHouse.code).toBe(1);
    expect(noHouse.stderr).toContain('Dit Veiligheidshuis bestaat niet.');
    expect((await cli('users', 'grants', '--email', 'niemand@example.nl')).code).toBe(1);
    const list = await json('users', 'list');
    expect(list).toEqual([expect.objectContaining({ email: 'anna@example.nl', grants: ['national-evaluator', `coordinator:${house.id}`], disabled: false })]);
  });
});

describe('audit list', () => {
  it('prints the audit log newest first as JSON, filtered by period, user and house', async () => {
    const twente = await json('house', 'create', '--name', 'Veiligheidshuis Twente');
    const noord = await json('house', 'create', '--name', 'Veiligheidshuis Noord');
    const wave = await json('wave', 'create', '--questionnaire', 'stappenmeter-doelbereik', '--house', String(twente.id), '--opens', '2099-01-01', '--closes', '2099-01-31');
    await json('users', 'create', '--email', 'e@example.nl', '--name', 'E', '--grant', `evaluator:${noord.id}`);

    const all = await json('audit', 'list');
    expect(all.map((e: { action: string }) => e.action)).toEqual(['grant_added', 'user_created', 'wave_created', 'house_created', 'house_created']);
    expect(all[2]).toMatchObject({ actor: 'cli', action: 'wave_created', waveId: wave.id, houseId: twente.id, house: 'Veiligheidshuis Twente' });
    expect(all[2].details).toMatchObject({ questionnaire: 'stappenmeter-doelbereik', anonymous: 0, min_cell_size: 5 });
    expect((await json('audit', 'list', '--house', String(twente.id))).map((e: { action: string }) => e.action)).toEqual(['wave_created', 'house_created']);
    expect((await json('audit', 'list', '--house', 'Veiligheidshuis Noord')).map((e: { action: string }) => e.action)).toEqual(['grant_added', 'house_created']);
    expect(await json('audit', 'list', '--since', '2099-01-01')).toEqual([]);
    expect((await json('audit', 'list', '--since', '2000-01-01')).length).toBe(5);
    // actions by the command line have no account: --user with an address no account has filters on the actor as logged
    expect(await json('audit', 'list', '--user', 'e@example.nl')).toEqual([]);
    expect((await json('audit', 'list', '--user', 'cli')).length).toBe(5);
    expect((await cli('audit', 'list', '--since', 'gisteren')).code).toBe(2);
    expect((await cli('audit', 'list', '--house', 'Nergens')).code).toBe(1);
  });
});
