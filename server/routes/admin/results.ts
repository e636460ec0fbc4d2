/**
 * Results pages, readable by researchers and evaluators: the list of waves with results, a wave's
 * results (response panel, Tabel B1.1/B1.2/7.3-shaped tables, charts, frequency tables), a printable
 * report to hand to the house, comparisons (another wave, all houses) and the downloads.
 *
 * Everything shown is aggregated and goes through the analysis report's small-cell suppression; the
 * respondent-level downloads (CSV, SPSS) follow the exports' anonymity rule (rawWithholding: an
 * anonymous wave's rows only after it has closed, and never below its minimum cell size).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Wave } from '../../db/database.js';
import { rawWithholdingText, resultsWithheldText } from '../../domain/exports/codebook.js';
import { formatCount, formatDutchDate } from '../../domain/format/nl.js';
import { waveState, waveStateLabel } from '../../domain/fieldwork/waveState.js';
import { downloadFormatNotFound, RawDataWithheldError, rawDataWithheldRefusal } from '../../errors.js';
import { completedQuestionnaires, responseSentences } from '../../domain/fieldwork/responseSummary.js';
import { canEditOpenAnswers } from '../../services/access.js';
import { compareWave, comparisonStarts, summaryComparisons, type Period } from '../../services/compare.js';
import { houseTrend } from '../../services/trends.js';
import { presentTrend } from './results/trendView.js';
import { DOWNLOAD_FORMATS, downloadWave, type DownloadFormat } from '../../services/downloads.js';
import { loadResults, questionnaireOf, resultsOverview, resultsRates, resultsWave, tablesWithheld } from '../../services/results.js';
import { userContext } from '../context.js';
import { pageData } from './forms.js';
import { presentHouseComparison, presentWaveComparison } from './results/compareView.js';
import { scaleAxisLabel } from './results/charts.js';
import openAnswerRoutes from './results/openAnswers.js';
import { presentRates, presentReport, runningHeaderCss, sections, waveHeader } from './results/present.js';
import { TEST_WAVE_LABEL, waveTitle } from '../../domain/fieldwork/testWave.js';

const downloadLabels: Record<DownloadFormat, { label: string; hint: string }> = {
  'csv-excel': { label: 'Ruwe data voor Excel (CSV)', hint: 'opent met dubbelklikken in kolommen in een Nederlandse Excel: puntkomma’s, één regel per ingevulde vragenlijst, antwoordcodes' },
  csv: { label: 'Ruwe data met komma’s (CSV)', hint: 'dezelfde gegevens voor R, SPSS en de opdrachtregel' },
  xlsx: { label: 'Werkmap (XLSX)', hint: 'ruwe data, variabelen, samenvatting, respons, alle tabellen en de open antwoorden' },
  sps: { label: 'SPSS (ZIP)', hint: 'syntax met de data en een LEESMIJ: uitpakken, openen in SPSS en uitvoeren; labels en missende waarden staan erin' },
  r: { label: 'R-script (R)', hint: 'leest de ruwe data met komma’s (hierboven) met labels en missende waarden; zet beide in één map' },
  codebook: { label: 'Codeboek (CSV)', hint: 'één regel per variabele' },
};

/** A file name part from a house name: ASCII letters, digits and dashes. */
function slug(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'ronde'
  );
}

/** The base name of a wave's downloads: the .sps reads `<base>.csv`, the name the CSV download gets. */
export function downloadBaseName(wave: Pick<Wave, 'id' | 'questionnaire_id' | 'house'>): string {
  return `${wave.questionnaire_id}_${slug(wave.house)}_${wave.id}`;
}

function waveLabel(w: Pick<Wave, 'title' | 'house' | 'opens_at' | 'is_test'>): string {
  return `${w.house}, ${waveTitle(w)} (${formatDutchDate(w.opens_at).replace(/^\d+ /, '')})`;
}

const resultsRoutes: FastifyPluginAsync = async (app) => {
  await app.register(openAnswerRoutes);

  /** The wave of the :waveId parameter, when the user may read it; 404 otherwise. */
  const waveParam = (request: FastifyRequest) => resultsWave(app.db, request.user!, (request.params as { waveId: string }).waveId);

  app.get('/results', { config: { access: 'readResults' } }, async (request, reply) => {
    const now = app.now();
    const waves = (await resultsOverview(app.db, request.user!)).map((w) => ({
      id: w.id,
      title: w.title,
      test: w.is_test === 1,
      house: w.house,
      questionnaire: `${w.questionnaireTitle} (versie ${w.questionnaire_version})`,
      period: `${formatDutchDate(w.opens_at)} – ${formatDutchDate(w.closes_at)}`,
      state: waveStateLabel(w, now),
      responses: w.responses,
      responsesText: formatCount(w.responses),
    }));
    return reply.viewAsync(
      'pages/admin/results/index',
      pageData(request, 'Resultaten', 'results', { withResults: waves.filter((w) => w.responses > 0), without: waves.filter((w) => w.responses === 0) }),
    );
  });

  /** The data of the results page and of the printable report. */
  async function waveView(request: FastifyRequest, idPrefix: string) {
    const wave = await waveParam(request);
    const user = request.user!;
    const now = app.now();
    const [current, rates] = await Promise.all([loadResults(app.db, wave, { openAnswers: true, now }), resultsRates(app.db, wave, now)]);
    const { questionnaire, report, withheld } = current;
    // a wave whose tables are withheld gets no summary of them either; the summary is made per request
    // (never cached): its comparisons take only the waves this user may read
    const summary = tablesWithheld(withheld) ? undefined : await summaryComparisons(app.db, { user }, current, now);
    const ratesView = rates.invited > 0 || rates.responses > 0 ? presentRates(rates, idPrefix) : null;
    const results = presentReport(report, idPrefix, { ...(summary ? { summary } : {}), openAnswers: current.openAnswers });
    const editable = canEditOpenAnswers(user, wave);
    return {
      header: waveHeader(wave, questionnaire, app.now()),
      open: waveState(wave, app.now()) !== 'closed',
      rates: ratesView,
      response: responseSentences(rates.invited > 0 ? rates : null, report.n),
      results,
      sections: sections({ rates: ratesView, results, withheld: tablesWithheld(withheld) }, idPrefix),
      openAnswerEdit: editable ? `/admin/results/${encodeURIComponent(wave.id)}/open/` : null,
      downloads: DOWNLOAD_FORMATS.map((format) => ({
        format,
        href: `/admin/results/${encodeURIComponent(wave.id)}/download/${format}`,
        ...downloadLabels[format],
        withheld: withheld !== null && format !== 'xlsx' && format !== 'codebook',
      })),
      withheldText: withheld ? rawWithholdingText(withheld) : null,
      // the same small-cell rule hides every table of a tiny anonymous wave, not only its raw data
      resultsWithheld: tablesWithheld(withheld) ? resultsWithheldText(withheld) : null,
    };
  }

  app.get('/results/:waveId', { config: { access: 'readWave' } }, async (request, reply) => {
    const view = await waveView(request, 'r');
    return reply.viewAsync('pages/admin/results/wave', pageData(request, `Resultaten: ${view.header.title}`, 'results', view));
  });

  app.get('/results/:waveId/rapport', { config: { access: 'readWave' } }, async (request, reply) => {
    const view = await waveView(request, 'p');
    return reply.viewAsync('pages/admin/results/report', { ...view, title: `Rapport ${view.header.title}`, generated: formatDutchDate(app.now()) });
  });

  // the printed report's running header names the house and the period: page margin boxes take their
  // text from CSS only, and the pages allow no inline styles, so each wave gets a small stylesheet
  app.get('/results/:waveId/rapport.css', { config: { access: 'readWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const header = waveHeader(wave, questionnaireOf(wave), app.now());
    return reply.type('text/css; charset=utf-8').header('cache-control', 'private, no-store').send(runningHeaderCss(`${header.house} · ${header.title}${header.test ? ` (${TEST_WAVE_LABEL})` : ''} · ${header.period}`));
  });

  app.get('/results/:waveId/download/:format', { config: { access: 'readWave' } }, async (request: FastifyRequest, reply: FastifyReply) => {
    const wave = await waveParam(request);
    const { format } = request.params as { format: string };
    if (!DOWNLOAD_FORMATS.includes(format as DownloadFormat)) throw downloadFormatNotFound();
    let download;
    try {
      download = await downloadWave(userContext(request), wave, format as DownloadFormat, { baseName: downloadBaseName(wave) });
    } catch (error) {
      if (error instanceof RawDataWithheldError) throw rawDataWithheldRefusal(rawWithholdingText(error.withheld));
      throw error;
    }
    return reply
      .type(download.contentType)
      .header('Content-Disposition', `attachment; filename="${download.fileName}"`)
      .send(download.body);
  });

  app.get('/results/compare', { config: { access: 'readResults' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const waveId = typeof query.wave === 'string' ? query.wave : '';
    if (!waveId) {
      const waves = await comparisonStarts(app.db, request.user!);
      return reply.viewAsync(
        'pages/admin/results/compare',
        pageData(request, 'Vergelijken', 'results', { choose: waves.map((w) => ({ id: w.id, label: `${waveLabel(w)}, ${w.questionnaire_id} ${w.questionnaire_version}` })) }),
      );
    }
    const period = periodQuery(query.from, query.to);
    const { current, others, otherWave, waveComparison, houseComparison, benchmarkOnly, benchmarkWithheld, period: used } = await compareWave(
      app.db,
      request.user!,
      waveId,
      { withId: typeof query.with === 'string' ? query.with : undefined, ...(period ? { period } : {}) },
      app.now(),
    );
    const { wave } = current;
    const header = waveHeader(wave, current.questionnaire, app.now());
    const axis = scaleAxisLabel(current.report);
    const hasAspects = current.report.scales.length > 0;

    return reply.viewAsync(
      'pages/admin/results/compare',
      pageData(request, `Vergelijken: ${wave.title}`, 'results', {
        header,
        hasAspects,
        n: formatCount(current.report.n),
        waveOptions: others.map((w) => ({ id: w.id, label: `${waveLabel(w)}, ${completedQuestionnaires(w.responses)}`, selected: w.id === otherWave?.id })),
        otherLabel: otherWave ? waveLabel(otherWave) : null,
        waveComparison: waveComparison && otherWave ? presentWaveComparison(waveComparison, waveLabel(wave), waveLabel(otherWave), axis, 'cmp') : null,
        period: used,
        periodText: `${formatDutchDate(used.from)} – ${formatDutchDate(used.to)}`,
        benchmarkOnly,
        benchmarkWithheld,
        houseComparison: houseComparison && {
          ...presentHouseComparison(houseComparison.comparison, wave.house, axis, 'cmp', !benchmarkOnly),
          houseCount: formatCount(houseComparison.houseCount),
        },
      }),
    );
  });

  app.get('/results/trend', { config: { access: 'readResults' } }, async (request, reply) => {
    const waveId = trendQuery(request.query as Record<string, unknown>);
    if (!waveId) {
      const waves = await comparisonStarts(app.db, request.user!);
      return reply.viewAsync('pages/admin/results/trend', pageData(request, 'Trend', 'results', { choose: waves.map((w) => ({ id: w.id, label: waveLabel(w) })) }));
    }
    const trend = await houseTrend(app.db, request.user!, waveId, app.now());
    const { current } = trend;
    const view = presentTrend(trend, scaleAxisLabel(current.report), 'trend');
    return reply.viewAsync(
      'pages/admin/results/trend',
      pageData(request, `Trend: ${trend.wave.house}`, 'results', { header: waveHeader(trend.wave, current.questionnaire, app.now()), trend: view, hasAspects: trend.aspects.length > 1 }),
    );
  });
};

/** The trend page's query: the wave whose house is followed. */
function trendQuery(query: Record<string, unknown>): string {
  return typeof query.wave === 'string' ? query.wave : '';
}

/** The benchmark period from the form's two dates, when both are valid days (otherwise the default). */
function periodQuery(from: unknown, to: unknown): Period | null {
  const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
  return isDay(from) && isDay(to) && from <= to ? { from, to } : null;
}

export default resultsRoutes;
