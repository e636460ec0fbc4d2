/**
 * `compare --wave <id> [--with <id>] [--period <from>..<to>] --json` prints what the compare page
 * shows: the pooled waves (house, wave, period, state, n), per aspect this wave's mean with its
 * interval, the pooled mean, the mean of house means, the earlier wave's mean and each difference with
 * its interval; withheld values as null with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../server/db/database.js';
import { compareLoadedWave } from '../../server/services/compare.js';
import { meanInterval } from '../../server/domain/stats/meanInterval.js';
import { createTestApp, storedQuestionnaire, type TestApp } from '../helpers/app.js';
import { appEnvironment, cli, useCliEnvironment } from '../helpers/cli.js';
import { makeWave } from '../helpers/factories.js';
import { storeResponses, uniformStappenmeter } from '../helpers/resultsPage.js';

const Q = 'stappenmeter-doelbereik';
const DAY = 24 * 3600 * 1000;
let t: TestApp;
let own: Wave;
let earlier: Wave;
let small: Wave;

beforeAll(async () => {
  t = await createTestApp();
  const at = (d: number) => new Date(t.app.now().getTime() + d * DAY).toISOString();
  const q = await storedQuestionnaire(t.app, Q);
  const answered = (w: Wave, values: number[]) => storeResponses(t.app, w, values.map((v, i) => uniformStappenmeter(q.variables, v, { Q2: 1 + (i % 2), Q3: 1, Q63: 2 })));
  own = await makeWave(t.app, Q, { title: 'Eigen ronde', house: 'Veiligheidshuis Eigen' });
  earlier = await makeWave(t.app, Q, { title: 'Vorig jaar', house_id: own.house_id, opens_at: at(-365), closes_at: at(-335) });
  const noord = await makeWave(t.app, Q, { title: 'Ronde Noord', house: 'Veiligheidshuis Noord', opens_at: at(-60), closes_at: at(-30) });
  const zuid = await makeWave(t.app, Q, { title: 'Ronde Zuid', house: 'Veiligheidshuis Zuid', opens_at: at(-50), closes_at: at(-20) });
  small = await makeWave(t.app, Q, { title: 'Ronde Klein', house: 'Veiligheidshuis Klein', opens_at: at(-50), closes_at: at(-20) });
  await answered(own, [4, 4, 3, 3, 4, 2]);
  await answered(earlier, [2, 2, 3, 3, 2, 2]);
  await answered(noord, [1, 2, 1, 2, 1, 2]);
  await answered(zuid, [3, 3, 2, 4, 3, 3, 2]);
  await answered(small, [1, 1]);
  // a closed test wave with enough responses: never in the pooled list (the exact list below)
  const test = await makeWave(t.app, Q, { title: 'Proef West', house: 'Veiligheidshuis West', is_test: 1, opens_at: at(-45), closes_at: at(-20) });
  await answered(test, [1, 1, 1, 1, 1, 1]);
});
afterAll(async () => t?.close());
useCliEnvironment(() => appEnvironment(t));

describe('compare', () => {
  it('prints the pooled waves and per aspect every mean and difference with its interval, as the service computes them', async () => {
    const res = await cli('compare', '--wave', own.id, '--now', t.app.now().toISOString(), '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.earlierWave.id).toBe(earlier.id);
    expect(out.benchmark.waves.map((w: { wave: string; n: number | null; counted: boolean; state: string }) => [w.wave, w.state, w.n, w.counted])).toEqual([
      ['Ronde Klein', 'gesloten', null, false],
      ['Ronde Noord', 'gesloten', 6, true],
      ['Ronde Zuid', 'gesloten', 7, true],
    ]);
    expect(out.benchmark.waves[0].reason).toBe('minder dan 5 respondenten');
    const c = await compareLoadedWave(t.app.db, { system: 'cli' }, own, {}, t.app.now());
    const row = c.houseComparison!.comparison.rows[0]!;
    const selectie = out.aspects[0];
    expect(selectie.id).toBe(row.id);
    const own0 = c.current.report.scales[0]!;
    const ci = meanInterval(own0.scoreMean, own0.scoreSd, own0.scoreN).value!;
    expect(selectie.wave).toEqual({ mean: own0.scoreMean, interval95: { lower: ci[0], upper: ci[1] }, n: 6 });
    expect(selectie.pooled.mean).toBe(row.reference.mean);
    // Noord 1.5 and Zuid 20/7: (1.5 + 20/7) / 2
    expect(selectie.meanOfHouseMeans.mean).toBeCloseTo((1.5 + 20 / 7) / 2, 12);
    expect(selectie.differenceWithPooled).toEqual({
      estimate: row.differenceInterval.estimate,
      interval95: { lower: row.differenceInterval.interval![0], upper: row.differenceInterval.interval![1] },
      reading: row.differenceInterval.reading,
    });
    expect(selectie.earlierWave.mean).toBeCloseTo(14 / 6, 14);
    expect(selectie.differenceWithEarlier.interval95.lower).toBeLessThan(selectie.differenceWithEarlier.estimate);
    expect(out.aspects.at(-1).id).toBe('overall');
  });

  it('takes the earlier wave and the period asked for, and refuses a malformed period', async () => {
    const res = await cli('compare', '--wave', own.id, '--with', earlier.id, '--period', '2000-01-01..2000-12-31', '--json');
    const out = JSON.parse(res.stdout);
    expect(out.benchmark.period).toEqual({ from: '2000-01-01', to: '2000-12-31' });
    expect(out.benchmark.waves).toEqual([]);
    expect(out.aspects[0].pooled).toBeNull();
    const bad = await cli('compare', '--wave', own.id, '--period', '2026-12-31..2026-01-01');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--period');
    const text = await cli('compare', '--wave', own.id);
    expect(text.stdout).toContain('Veiligheidshuis Noord, Ronde Noord');
  });
});
