/**
 * The questionnaire store: the folder's files as versions at every start, checked adds, and a version
 * a wave uses that never changes (a changed file under its number stops the start, naming the file).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { openDatabase } from '../../server/db/connection.js';
import { QuestionnaireFolderError } from '../../server/errors.js';
import { addVersion, getVersion, listQuestionnaires, syncQuestionnaireFolder, versionOptions } from '../../server/services/questionnaires.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeWave } from '../helpers/factories.js';
import { proefInput, questionnaireDir } from '../helpers/proefQuestionnaire.js';
import { questionnaireJson } from '../helpers/questionnaire.js';
import { auditLog, contextOf, userOf } from './support.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const folderCtx = (app: TestApp) => ({ ...contextOf(app), actor: { system: 'questionnaire-folder' as const } });
const proefFile = (dir: string) => join(dir, 'proef.json');

describe('loading the questionnaires folder', () => {
  it('adds new versions, leaves the same content alone however it is laid out, and replaces an unused version', async () => {
    const dir = questionnaireDir();
    t = await createTestApp({ QUESTIONNAIRES_DIR: dir });
    expect(await versionOptions(t.app.db)).toEqual([{ id: 'proef', version: '1', title: 'Proefvragenlijst' }]);
    expect(await syncQuestionnaireFolder(folderCtx(t), dir)).toEqual({ added: [], replaced: [], unchanged: ['proef@1'] });
    // the same content in another layout and key order
    const { pages, ...rest } = questionnaireJson(proefInput);
    writeFileSync(proefFile(dir), JSON.stringify({ pages, ...rest }));
    expect(await syncQuestionnaireFolder(folderCtx(t), dir)).toMatchObject({ unchanged: ['proef@1'] });
    // edited without a new version number while no wave uses it: the file wins
    writeFileSync(proefFile(dir), JSON.stringify(questionnaireJson({ ...proefInput, title: 'Proef (bijgewerkt)' })));
    expect(await syncQuestionnaireFolder(folderCtx(t), dir)).toMatchObject({ replaced: ['proef@1'] });
    expect((await getVersion(t.app.db, 'proef', '1')).title).toBe('Proef (bijgewerkt)');
    // files are the deployment's configuration: not in the audit log
    expect(await auditLog(t)).toEqual([]);
  });

  it('stops the start, naming the file, when a changed file has the number of a version a wave uses', async () => {
    const dir = questionnaireDir();
    t = await createTestApp({ QUESTIONNAIRES_DIR: dir });
    const wave = await makeWave(t.app, 'proef');
    writeFileSync(proefFile(dir), JSON.stringify(questionnaireJson({ ...proefInput, title: 'Stiekem anders' })));
    const refused = syncQuestionnaireFolder(folderCtx(t), dir);
    await expect(refused).rejects.toBeInstanceOf(QuestionnaireFolderError);
    await expect(refused).rejects.toThrow(`${proefFile(dir)}: version "1" of "proef" is stored with other content, and wave(s) ${wave.id} use the stored one; give the changed file a new "version"`);
    expect((await getVersion(t.app.db, 'proef', '1')).title).toBe('Proefvragenlijst');

    // the server itself refuses to start on that database
    const { db } = openDatabase(t.config.databaseFile);
    try {
      await expect(buildApp({ config: t.config, db, logger: false })).rejects.toThrow(/proef\.json: version "1" of "proef" is stored with other content/);
    } finally {
      await db.destroy();
    }
  });

  it('stops the start on a faulty file, naming file and path, as before', async () => {
    const dir = questionnaireDir();
    t = await createTestApp({ QUESTIONNAIRES_DIR: dir });
    writeFileSync(join(dir, 'kapot.json'), '{\n  "id": "kapot",\n}');
    await expect(syncQuestionnaireFolder(folderCtx(t), dir)).rejects.toThrow(`${join(dir, 'kapot.json')}: (top level): invalid JSON: unexpected '}': expected a property name in double quotes (line 3, column 1)`);
  });
});

describe('adding a version', () => {
  it('stores only what passes the check, audit-logs what people add, and keeps a version a wave uses', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const ctx = contextOf(t, { user: userOf('researcher') });
    const broken = JSON.stringify(questionnaireJson({ ...proefInput, version: '2', aspects: [{ id: 'a', label: 'A', items: ['Q1'] }] }));
    const refused = await addVersion(ctx, broken, { source: 'browser', sourceName: 'proef-2.json' });
    expect(refused).toEqual({ ok: false, faults: [expect.objectContaining({ file: 'proef-2.json', path: 'aspects[0].items[0]', message: '"Q1" is a single-choice question, not a Likert statement' })] });
    expect(await versionOptions(t.app.db)).toHaveLength(1);

    const v2 = JSON.stringify(questionnaireJson({ ...proefInput, version: '2' }));
    expect(await addVersion(ctx, v2, { source: 'browser' })).toMatchObject({ ok: true, status: 'added', id: 'proef', version: '2' });
    expect(await addVersion(ctx, v2, { source: 'browser' })).toMatchObject({ ok: true, status: 'unchanged' });
    expect(await getVersion(t.app.db, 'proef', '2')).toMatchObject({ addedBy: 'researcher1@example.test', source: 'browser', text: v2 });

    await makeWave(t.app, 'proef', { title: 'Gebruikt 2' });
    const used = await listQuestionnaires(t.app.db, t.app.now());
    expect(used[0]!.versions.map((v) => [v.version, v.waves.map((w) => w.title)])).toEqual([
      ['2', ['Gebruikt 2']],
      ['1', []],
    ]);
    const other = JSON.stringify(questionnaireJson({ ...proefInput, version: '2', title: 'Anders' }));
    expect(await addVersion(ctx, other, { source: 'browser', replace: true })).toMatchObject({ ok: false, conflict: { id: 'proef', version: '2', inUse: true } });
    expect((await getVersion(t.app.db, 'proef', '2')).text).toBe(v2);
    expect((await auditLog(t)).map((e) => [e.action, e.details])).toEqual([['questionnaire_version_added', { questionnaire: 'proef', version: '2', source: 'browser' }]]);
    await expect(getVersion(t.app.db, 'proef', '9')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('is for a landelijk onderzoeker only: a coördinator\'s version is refused, even a faultless one, and nothing is stored', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const ctx = contextOf(t, { user: userOf([{ kind: 'coordinator', houseId: 1 }]) });
    const v2 = JSON.stringify(questionnaireJson({ ...proefInput, version: '2' }));
    await expect(addVersion(ctx, v2, { source: 'browser' })).rejects.toMatchObject({ statusCode: 403, message: expect.stringContaining('Alleen een landelijk onderzoeker voegt vragenlijstversies toe') });
    expect(await versionOptions(t.app.db)).toHaveLength(1);
    expect(await auditLog(t)).toEqual([]);
  });
});
