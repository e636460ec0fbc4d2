/**
 * "Nieuwe ronde op basis van …" offers the questionnaire in its latest comparable version: a later
 * version that only rewords is suggested over the earlier wave's own; one that changes an aspect's
 * item set is listed with the aspect it breaks, and not suggested.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addVersion, getVersion } from '../../server/services/questionnaires.js';
import { copyPlan } from '../../server/services/waveCopy.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeWave } from '../helpers/factories.js';
import { proefInput, questionnaireDir } from '../helpers/proefQuestionnaire.js';
import { questionnaireJson } from '../helpers/questionnaire.js';
import { contextOf, userOf } from './support.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** proef with an aspect over the first matrix's statements `items`; `reword` rewords the first statement. */
function version(v: string, items: string[], reword = false): string {
  const raw = structuredClone(proefInput) as Record<string, any>;
  raw.version = v;
  raw.aspects = [{ id: 'overleg', label: 'Het overleg', items }];
  if (reword) raw.pages[1].blocks[1].statements[0].text = 'Het doel van het overleg is duidelijk';
  return JSON.stringify(questionnaireJson(raw));
}

describe('copyPlan', () => {
  it('suggests the latest version whose aspects all stay comparable, and names the aspects a later one breaks', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const minute = 60_000;
    const add = async (text: string) => {
      t!.setNow(new Date(t!.app.now().getTime() + minute));
      expect(await addVersion(contextOf(t!, { user: userOf('researcher') }), text, { source: 'browser' })).toMatchObject({ ok: true, status: 'added' });
    };
    await add(version('2', ['M1_1', 'M1_2']));
    const earlier = await makeWave(t.app, 'proef');
    expect(earlier.questionnaire_version).toBe('2');

    // nothing later yet: the earlier wave's own version
    expect((await copyPlan(t.app.db, earlier, t.app.now())).suggested).toEqual({ id: 'proef', version: '2' });

    await add(version('3', ['M1_1', 'M1_2'], true));
    await add(version('4', ['M1_1', 'M1_2', 'M1_3'], true));
    const plan = await copyPlan(t.app.db, earlier, t.app.now());
    const byVersion = Object.fromEntries(plan.versions.map((v) => [v.version, v]));
    expect(plan.versions.map((v) => v.version).slice(0, 3)).toEqual(['4', '3', '2']);
    expect(byVersion['4']).toMatchObject({ comparable: false, broken: ['Het overleg'], same: false });
    expect(byVersion['3']).toMatchObject({ comparable: true, broken: [], same: false });
    expect(byVersion['2']).toMatchObject({ comparable: true, same: true });
    expect(plan.suggested).toEqual({ id: 'proef', version: '3' });
    // the reworded statement is what made 3 differ: it is a later version, not a copy of 2
    expect((await getVersion(t.app.db, 'proef', '3')).text).toContain('Het doel van het overleg is duidelijk');
  });
});
