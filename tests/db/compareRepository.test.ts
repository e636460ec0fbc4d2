/**
 * The wave lists of the comparisons and trends (db/repositories/compare.ts) read each wave without its
 * snapshot and take a launched wave's snapshot from the copy read before: the rows must still be the
 * whole waves, and a concept's snapshot, which may still be replaced, is read afresh every time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparableWaves, wavesWithResponseCounts } from '../../server/db/repositories/compare.js';
import { findWave, setWaveQuestionnaire, waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeWave } from '../helpers/factories.js';
import { storeResponses, uniformStappenmeter } from '../helpers/resultsPage.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('comparableWaves and wavesWithResponseCounts', () => {
  it('give every column of each wave, its snapshot included, as findWave reads it', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { house: 'Huis A' });
    const other = await makeWave(t.app, 'stappenmeter-doelbereik', { house: 'Huis B' });
    await storeResponses(t.app, other, [uniformStappenmeter(waveQuestionnaire(other).variables, 3, { Q2: 1, Q3: 4, Q63: 1 })]);
    for (let i = 0; i < 2; i++) {
      const [row] = (await comparableWaves(t.app.db, wave)).filter((w) => w.id === other.id);
      expect(row).toEqual({ ...(await findWave(t.app.db, other.id)), house: 'Huis B', responses: 1 });
      expect(row!.questionnaire_json).not.toBeNull();
    }
    const listed = (await wavesWithResponseCounts(t.app.db, 'all')).find((w) => w.id === wave.id);
    expect(listed).toEqual({ ...(await findWave(t.app.db, wave.id)), house: 'Huis A', responses: 0 });
  });

  it("read a concept's snapshot afresh, so a replaced questionnaire shows at once", async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { house: 'Huis C' });
    const concept = await makeWave(t.app, 'stappenmeter-doelbereik', { house: 'Huis D', launched_at: null });
    await storeResponses(t.app, concept, [uniformStappenmeter(waveQuestionnaire(concept).variables, 2, { Q2: 1, Q3: 4, Q63: 1 })]);
    const title = async () => waveQuestionnaire((await comparableWaves(t.app.db, wave)).find((w) => w.id === concept.id)!).title;
    const before = await title();
    expect(await setWaveQuestionnaire(t.app.db, concept.id, { ...waveQuestionnaire(concept), title: 'Vervangen titel' })).toBe(true);
    expect(before).not.toBe('Vervangen titel');
    expect(await title()).toBe('Vervangen titel');
  });
});
