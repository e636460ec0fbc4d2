/**
 * `questionnaire import|list|diff`: the store of versions from the command line, on the database the
 * server uses (the folder's files are loaded first, as at start-up).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, useCliEnvironment } from '../helpers/cli.js';
import { proefInput } from '../helpers/proefQuestionnaire.js';
import { questionnaireFolder, questionnaireJson } from '../helpers/questionnaire.js';

let dir: string;
let folder: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vhcli-store-'));
  folder = questionnaireFolder([proefInput]);
});
useCliEnvironment(() => ({ DATABASE_FILE: join(dir, 'cli.db'), QUESTIONNAIRES_DIR: folder }));
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
});

function version(v: string, edit: (raw: Record<string, any>) => void = () => undefined): string {
  const raw = structuredClone(proefInput) as Record<string, any>;
  raw.version = v;
  raw.aspects = [{ id: 'overleg', label: 'Het overleg', items: ['M1_1', 'M1_2', 'M1_3'] }];
  edit(raw);
  const file = join(dir, `proef-${v}.json`);
  writeFileSync(file, JSON.stringify(questionnaireJson(raw), null, 2));
  return file;
}

describe('questionnaire import', () => {
  it('stores a checked version and prints id, version and what happened; a faulty file is refused with its faults, nothing stored', async () => {
    const ok = await cli('questionnaire', 'import', version('2'), '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ ok: true, id: 'proef', version: '2', title: 'Proefvragenlijst', status: 'added', faults: [] });
    const same = await cli('questionnaire', 'import', version('2'));
    expect(same.stdout).toBe(`${join(dir, 'proef-2.json')}: proef version 2: already stored with this content\n`);

    const broken = version('3', (raw) => {
      raw.aspects[0].items.push('Q99');
    });
    const refused = await cli('questionnaire', 'import', broken, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({
      ok: false,
      faults: [{ file: broken, path: 'aspects[0].items[3]', message: 'refers to "Q99", which does not exist', line: expect.any(Number), column: 9, from: expect.any(Number), to: expect.any(Number) }],
    });
    const text = await cli('questionnaire', 'import', broken);
    expect(text.stdout).toBe(`${broken}: aspects[0].items[3]: refers to "Q99", which does not exist\n`);
    const list = JSON.parse((await cli('questionnaire', 'list', '--json')).stdout);
    expect(list.map((q: { id: string; versions: Array<{ version: string }> }) => [q.id, q.versions.map((v) => v.version)])).toEqual([['proef', ['2', '1']]]);

    const changed = version('2', (raw) => {
      raw.title = 'Proef, herzien';
    });
    const conflict = await cli('questionnaire', 'import', changed);
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toContain('is already stored with other content: give this version its own number, or replace the stored one');
    expect(JSON.parse((await cli('questionnaire', 'import', changed, '--replace', '--json')).stdout)).toMatchObject({ ok: true, status: 'replaced' });
    expect((await cli('questionnaire', 'import', join(dir, 'nergens.json'))).code).toBe(1);
    expect((await cli('questionnaire', 'import')).code).toBe(2);
  });
});

describe('questionnaire list', () => {
  it('lists the folder’s files as versions, with who added them and the waves that use them', async () => {
    expect((await cli('house', 'create', '--name', 'Veiligheidshuis Twente')).code).toBe(0);
    await cli('wave', 'create', '--questionnaire', 'proef', '--house', 'Veiligheidshuis Twente', '--opens', '2099-01-01', '--closes', '2099-01-31');
    const res = await cli('questionnaire', 'list');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^proef {2}Proefvragenlijst\n {2}1 {10}\d{4}-\d{2}-\d{2} {2}questionnaire-folder {5}waves: [A-Za-z2-9]{10} \(concept\)\n$/);
  });
});

describe('questionnaire diff', () => {
  it('prints what changed and, per aspect, whether results stay comparable', async () => {
    await cli('questionnaire', 'import', version('2'));
    await cli(
      'questionnaire',
      'import',
      version('3', (raw) => {
        raw.pages[1].blocks[1].statements[0].text = 'Het doel van het overleg is duidelijk';
        raw.aspects[0].items = ['M1_1', 'M1_2'];
      }),
    );
    const json = await cli('questionnaire', 'diff', 'proef@2', 'proef@3', '--json');
    expect(json.code).toBe(0);
    const diff = JSON.parse(json.stdout);
    expect(diff.aspects).toEqual([{ id: 'overleg', label: 'Het overleg', comparable: false, status: 'broken', reasons: ['Andere items; eraf: M1_3.', 'Een score vraagt nu 1 beantwoord item (was 2).'], notes: ['Tekst van M1_1 gewijzigd: ‘Het doel is duidelijk’ → ‘Het doel van het overleg is duidelijk’.'] }]);
    expect(diff.changes.map((c: { kind: string }) => c.kind)).toEqual(['wording', 'membership', 'scoring']);
    const text = await cli('questionnaire', 'diff', 'proef@2', 'proef@3');
    expect(text.stdout).toBe(
      [
        'proef@2 → proef@3: 3 change(s)',
        '',
        'Aspects:',
        '  overleg            NOT comparable: Andere items; eraf: M1_3. Een score vraagt nu 1 beantwoord item (was 2).',
        '',
        'Changes:',
        '  - Tekst van M1_1 gewijzigd: ‘Het doel is duidelijk’ → ‘Het doel van het overleg is duidelijk’.',
        '  - Items van aspect overleg gewijzigd: M1_1, M1_2, M1_3 → M1_1, M1_2.',
        '  - Aspect overleg vraagt nu 1 beantwoord item voor een score (was 2).',
        '',
      ].join('\n'),
    );
    expect((await cli('questionnaire', 'diff', 'proef@2', 'proef@9')).stderr).toContain('No version proef@9 in the store');
    expect((await cli('questionnaire', 'diff', 'proef', 'proef@2')).code).toBe(2);
  });
});
