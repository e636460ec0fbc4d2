/**
 * Response rates of a wave: dispositions, RR1 and RR2 with their formulas, the non-response
 * breakdown by list attribute (small cells suppressed in anonymous waves) and the cumulative
 * response curve with the mail rounds marked. Researchers and evaluators.
 */
import type { FastifyPluginAsync } from 'fastify';
import { computeWaveRates } from '../../db/repositories/rates.js';
import type { CurveDay } from '../../domain/fieldwork/responseRates.js';
import { formatDutchDate } from '../../domain/fieldwork/waveDates.js';
import { waveState } from '../../domain/fieldwork/waveState.js';
import { pageData } from './forms.js';
import { stateLabels, waveParam } from './waves.js';

/** "48,0 %", or a dash when there is no rate. */
export function dutchPercent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1).replace('.', ',')} %`;
}

const W = 720;
const H = 240;
const PAD = { left: 44, right: 12, top: 28, bottom: 28 };

/** Geometry of the cumulative curve as SVG coordinates (drawn with presentation attributes: no inline CSS). */
export function curveChart(daily: readonly CurveDay[]) {
  const max = Math.max(1, ...daily.map((d) => d.cumulative));
  const n = Math.max(1, daily.length - 1);
  const x = (i: number) => PAD.left + (i / n) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const step = Math.max(1, Math.ceil(max / 4));
  const yTicks = [];
  for (let v = 0; v <= max; v += step) yTicks.push({ y: y(v), label: String(v) });
  const xEvery = Math.max(1, Math.ceil(daily.length / 8));
  return {
    width: W,
    height: H,
    left: PAD.left,
    right: W - PAD.right,
    top: PAD.top,
    bottom: H - PAD.bottom,
    points: daily.map((d, i) => `${x(i).toFixed(1)},${y(d.cumulative).toFixed(1)}`).join(' '),
    yTicks,
    // a date label centred on the last days would run past the right edge of the drawing: end it at its tick
    xTicks: daily.flatMap((d, i) =>
      i % xEvery === 0 ? [{ x: x(i), label: d.date.slice(5).split('-').reverse().join('-'), anchor: x(i) > W - PAD.right - 20 ? 'end' : 'middle' }] : [],
    ),
    // one marker a day (rounds starting the same day share it); labels near the right edge end at the line
    marks: daily.flatMap((d, i) => {
      if (d.marks.length === 0) return [];
      const atEnd = x(i) > W - PAD.right - 40;
      const label = d.marks.map((m) => (m.kind === 'invitation' ? 'U' : `H${m.round}`)).join(' ');
      return [{ x: x(i), label, textX: atEnd ? x(i) - 3 : x(i) + 3, anchor: atEnd ? 'end' : 'start' }];
    }),
  };
}

const rateRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', app.requireRole('researcher', 'evaluator'));

  app.get('/waves/:id/rates', async (request, reply) => {
    const wave = await waveParam(request);
    const rates = await computeWaveRates(app.db, wave, app.now());
    return reply.viewAsync(
      'pages/admin/rates/index',
      pageData(request, `Respons: ${wave.title}`, request.user?.role === 'researcher' ? 'waves' : 'results', {
        wave,
        state: stateLabels[waveState(wave, app.now())],
        rates,
        pct: dutchPercent,
        chart: curveChart(rates.daily),
        roundLabel: (kind: string, round: number) => (kind === 'invitation' ? 'Uitnodiging' : `Herinnering ${round}`),
        dateLabel: (day: string) => formatDutchDate(`${day}T12:00:00Z`),
        researcher: request.user?.role === 'researcher',
      }),
    );
  });
};

export default rateRoutes;
