/**
 * Child processes of the national-round benchmark, on one database folder:
 *
 *   child.ts setup <dir> <houses> <waves> <invitees> <responses>
 *       the real app's database in <dir>: <houses> houses, each with <waves> closed Stappenmeter waves a
 *       year apart (the latest closed yesterday), <invitees> people on each list and about <responses>
 *       responses each (± 10, so no two houses answer alike), stored through drafts and the final
 *       submit; an evaluator of the first house and a national evaluator; emits the first house's
 *       latest wave and the accounts
 *   child.ts serve <dir> <wave>
 *       the real app on <dir> (run with --expose-gc), listening on 127.0.0.1; times analyze() of the
 *       wave's responses in this process (the call the results service makes), then resets the peak
 *       of its resident memory after a full GC: the baseline. Emits the port and the timings; on
 *       SIGTERM emits the peak resident memory since the baseline.
 */
import { mkdirSync } from 'node:fs';
import { buildApp } from '../../server/app.js';
import { benchConfig } from '../lib/config.js';
import { loadWaveResponses } from '../../server/db/repositories/results.js';
import { findWave, waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { analyze } from '../../server/domain/analysis/report.js';
import { createAccount } from '../lib/accounts.js';
import { emit, log } from '../lib/child.js';
import { closedWaveWithResponses } from '../lib/closedWave.js';
import { fullGc, median, peakRssTracker, round, seeded } from '../lib/measure.js';
import { HOUSE_EVALUATOR, NATIONAL_EVALUATOR, type NationalServerDone, type NationalServerReady, type NationalSetup } from './shared.js';

const DAY = 24 * 3600 * 1000;

const [mode, dir, ...rest] = process.argv.slice(2);
if (!dir) throw new Error('usage: child.ts setup|serve <dir> …');

if (mode === 'setup') {
  const [houses, waves, invitees, responses] = rest.map(Number) as [number, number, number, number];
  mkdirSync(dir, { recursive: true });
  const app = await buildApp({ config: benchConfig(dir), logger: false });
  await app.ready();
  const start = performance.now();
  const random = seeded(33);
  const now = app.now().getTime();
  let latest = '';
  let stored = 0;
  for (let h = 1; h <= houses; h++) {
    const house = `Veiligheidshuis Regio ${String(h).padStart(2, '0')}`;
    // the oldest wave first, so that each house's waves open in order
    for (let w = waves - 1; w >= 0; w--) {
      const closes = new Date(now - DAY - w * 365 * DAY);
      const n = responses - 10 + Math.floor(random() * 21);
      const { wave } = await closedWaveWithResponses(app, Math.min(n, invitees), {
        house,
        title: `Partnerenquête ${new Date(closes).getUTCFullYear()}`,
        closes,
        participants: invitees,
        seed: h * 100 + w,
      });
      stored += Math.min(n, invitees);
      if (h === 1 && w === 0) latest = wave.id;
    }
    log(`house ${h} of ${houses} stored`);
  }
  const first = (await findWave(app.db, latest))!;
  await createAccount(app, HOUSE_EVALUATOR, [{ kind: 'evaluator', houseId: first.house_id }]);
  await createAccount(app, NATIONAL_EVALUATOR, [{ kind: 'national-evaluator' }]);
  await app.close();
  emit({ waveId: latest, houses, waves: houses * waves, responses: stored, participants: houses * waves * invitees, seconds: round((performance.now() - start) / 1000, 1) } satisfies NationalSetup);
} else if (mode === 'serve') {
  const [waveId] = rest as [string];
  const app = await buildApp({ config: benchConfig(dir), logger: false });
  await app.ready();
  const wave = (await findWave(app.db, waveId))!;
  const questionnaire = waveQuestionnaire(wave);
  const { responses } = await loadWaveResponses(app.db, wave.id);
  const time = () => {
    const start = process.hrtime.bigint();
    analyze(questionnaire, responses, { minCellSize: wave.min_cell_size });
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  const cold = time();
  // as warm as the pages' code will be when they are measured: a few runs first, then the median of nine
  for (let i = 0; i < 3; i++) time();
  const runs = Array.from({ length: 9 }, () => time());
  await app.listen({ host: '127.0.0.1', port: 0 });
  fullGc();
  const peak = peakRssTracker();
  const address = app.server.address();
  emit({
    port: typeof address === 'object' && address ? address.port : 0,
    analyzeSeconds: runs.map((s) => round(s, 5)),
    medianAnalyzeSeconds: round(median(runs), 5),
    analyzeColdSeconds: round(cold, 5),
    waveResponses: responses.length,
    baselineRssMB: round(peak.baselineMB, 1),
    memoryMethod: peak.method,
  } satisfies NationalServerReady);
  process.once('SIGTERM', () => {
    const peakMB = peak.peakMB();
    emit({ peakRssMB: round(peakMB, 1), peakRssAboveBaselineMB: round(peakMB - peak.baselineMB, 1) } satisfies NationalServerDone);
    void app.close().then(() => process.exit(0));
  });
} else {
  throw new Error(`unknown mode ${mode}`);
}
