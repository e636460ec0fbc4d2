import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { cli, useCliEnvironment } from '../helpers/cli.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/connection.js';
import { findInvitationContext } from '../../server/db/repositories/invitations.js';
import { invitationToken } from '../../server/security/tokens.js';

let dir: string;
let waveId: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vhcli-'));
});
useCliEnvironment(() => ({ DATABASE_FILE: join(dir, 'cli.db'), BASE_URL: 'http://localhost:3000' }));
beforeEach(async () => {
  expect((await cli('house', 'create', '--name', 'Veiligheidshuis Twente')).code).toBe(0);
  const res = await cli('wave', 'create', '--questionnaire', 'stappenmeter-doelbereik', '--house', 'Veiligheidshuis Twente', '--opens', '2099-01-01', '--closes', '2099-01-31', '--anonymous', '--json');
  if (res.code !== 0) throw new Error(`wave create failed: ${res.stderr}`);
  waveId = JSON.parse(res.stdout).id;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function participants() {
  const { db } = openDatabase(join(dir, 'cli.db'));
  try {
    return await db.selectFrom('participants').innerJoin('invitations', 'invitations.participant_id', 'participants.id').select(['email', 'name', 'attributes', 'token_nonce', 'invitations.id as invitation_id']).orderBy('email').execute();
  } finally {
    await db.destroy();
  }
}

describe('participants import', () => {
  it('imports a UTF-8 comma file and prints imported and rejected rows', async () => {
    const path = file('lijst.csv', 'email,naam,organisatie,beroepsgroep\njan@politie.nl,Jan,Politie,politie\npiet@om.nl,Piet,OM,OM\n');
    const res = await cli('participants', 'import', '--wave', waveId, path, '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ wave: waveId, encoding: 'utf-8', delimiter: ',', committed: true, rejected: [] });
    expect(out.imported.map((r: { line: number; email: string }) => [r.line, r.email])).toEqual([[2, 'jan@politie.nl'], [3, 'piet@om.nl']]);
    expect(out.imported[0].attributes).toEqual({ organisatie: 'Politie', beroepsgroep: 'politie' });
    const rows = await participants();
    expect(rows.map((r) => r.email)).toEqual(['jan@politie.nl', 'piet@om.nl']);

    // the server, reading the same key file beside the database, finds the invitations by their links
    const app = await buildApp({ config: loadConfig({ DATABASE_FILE: join(dir, 'cli.db'), LOG_LEVEL: 'silent' }), logger: false });
    try {
      await app.ready();
      const found = await findInvitationContext(app.db, invitationToken(app.secrets, rows[0]!.token_nonce));
      expect(found?.invitation.id).toBe(rows[0]!.invitation_id);
    } finally {
      await app.close();
    }
  });

  it("imports Excel's semicolon file with BOM", async () => {
    const path = file('excel.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('E-mailadres;Naam;Overleg\r\nanna@gemeente.nl;Anna;jeugd\r\n')]));
    const res = await cli('participants', 'import', '--wave', waveId, path, '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ delimiter: ';', committed: true });
    expect(await participants()).toEqual([expect.objectContaining({ email: 'anna@gemeente.nl', name: 'Anna', attributes: '{"overleg":"jeugd"}' })]);
  });

  it('imports nothing when a row is bad, reporting it by line; --skip-invalid imports the rest', async () => {
    const path = file('fout.csv', 'email;naam\ngoed@politie.nl;Goed\nfout;Fout\ngoed@politie.nl;Dubbel\nook@om.nl;Ook\n');
    const refused = await cli('participants', 'import', '--wave', waveId, path, '--json');
    expect(refused.code).toBe(1);
    const out = JSON.parse(refused.stdout);
    expect(out.committed).toBe(false);
    expect(out.imported).toEqual([]);
    expect(out.rejected).toEqual([
      { line: 3, email: 'fout', message: 'Ongeldig e-mailadres "fout"' },
      { line: 4, email: 'goed@politie.nl', message: 'Het adres goed@politie.nl komt al voor op regel 2' },
    ]);
    expect(await participants()).toEqual([]);

    const human = await cli('participants', 'import', '--wave', waveId, path);
    expect(human.stdout).toContain('Nothing imported: 2 row(s) rejected');
    expect(human.stdout).toContain('line 3: Ongeldig e-mailadres "fout"');

    const skipped = await cli('participants', 'import', '--wave', waveId, path, '--skip-invalid', '--json');
    expect(skipped.code).toBe(0);
    const done = JSON.parse(skipped.stdout);
    expect(done.committed).toBe(true);
    expect(done.imported.map((r: { email: string }) => r.email)).toEqual(['goed@politie.nl', 'ook@om.nl']);
    expect(done.rejected).toHaveLength(2);
    expect((await participants()).map((r) => r.email)).toEqual(['goed@politie.nl', 'ook@om.nl']);

    // a second import of the same people is rejected as already in the wave
    const again = await cli('participants', 'import', '--wave', waveId, file('opnieuw.csv', 'email\nook@om.nl\n'), '--json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).rejected[0].message).toBe('Het adres ook@om.nl staat al in deze ronde');
  });

  it('imports 50,000 rows in one transaction', async () => {
    const lines = ['email;naam;organisatie;beroepsgroep;overleg;geslacht'];
    for (let i = 0; i < 50_000; i++) lines.push(`p${i}@example.nl;Persoon ${i};Org ${i % 13};politie;jeugd;${i % 2 ? 'm' : 'v'}`);
    const path = file('groot.csv', lines.join('\r\n'));
    const res = await cli('participants', 'import', '--wave', waveId, path);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Imported 50000 participant(s)');
    const { db } = openDatabase(join(dir, 'cli.db'));
    try {
      const count = await db.selectFrom('invitations').select((eb) => eb.fn.countAll<number>().as('n')).where('wave_id', '=', waveId).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(50_000);
    } finally {
      await db.destroy();
    }
  }, 30_000);

  it('needs --wave and one file, and an existing wave', async () => {
    expect((await cli('participants', 'import', file('x.csv', 'email\na@b.nl'))).code).toBe(2);
    const unknown = await cli('participants', 'import', '--wave', 'bestaatniet', file('y.csv', 'email\na@b.nl'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No wave with id bestaatniet');
  });
});
