/**
 * Results pages, readable by researchers and evaluators: the list of waves with results, a wave's
 * results (response panel, Tabel B1.1/B1.2/7.3-shaped tables, charts, frequency tables), a printable
 * report to hand to the house, comparisons (another wave, all houses) and the downloads.
 *
 * Everything shown is aggregated and goes through the analysis report's small-cell suppression; the
 * respondent-level downloads (CSV, SPSS) follow the exports' anonymity rule (rawDataWithheld).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Wave } from '../../db/database.js';
import { comparableWaves, wavesWithResponseCounts, type WaveWithResponses } from '../../db/repositories/compare.js';
import { DOWNLOAD_FORMATS, RawDataWithheldError, waveDownload, type DownloadFormat } from '../../db/repositories/results.js';
import { audit } from '../../db/repositories/users.js';
import { findWave, waveQuestionnaire } from '../../db/repositories/waves.js';
import { formatCount, formatDutchDate } from '../../domain/format/nl.js';
import { compareHouses } from '../../domain/compare/houses.js';
import { summarize } from '../../domain/compare/summary.js';
import { compareWaves } from '../../domain/compare/waves.js';
import { rawDataWithheld, resultsWithheldText, withheldText } from '../../domain/exports/codebook.js';
import { waveState } from '../../domain/fieldwork/waveState.js';
import { AppError, notFound } from '../../errors.js';
import { pageData } from './forms.js';
import { presentHouseComparison, presentWaveComparison } from './results/compareView.js';
import { loadRates, loadResults, resultsWave } from './results/load.js';
import { scaleAxisLabel } from './results/charts.js';
import { presentRates, presentReport, stateLabels, waveHeader } from './results/present.js';

const downloadLabels: Record<DownloadFormat, { label: string; hint: string }> = {
  csv: { label: 'Ruwe data (CSV)', hint: 'één regel per respons, antwoordcodes' },
  xlsx: { label: 'Werkmap (XLSX)', hint: 'ruwe data, variabelen, respons en alle tabellen' },
  sps: { label: 'SPSS-syntax (SPS)', hint: 'leest het CSV-bestand met labels en missende waarden' },
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

function waveLabel(w: Pick<Wave, 'title' | 'house' | 'opens_at'>): string {
  return `${w.house}, ${w.title} (${formatDutchDate(w.opens_at).replace(/^\d+ /, '')})`;
}

function queryList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

const resultsRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', app.requireRole('researcher', 'evaluator'));

  app.get('/results', async (request, reply) => {
    const now = app.now();
    const waves = (await wavesWithResponseCounts(app.db)).map((w) => ({
      id: w.id,
      title: w.title,
      house: w.house,
      questionnaire: `${w.questionnaire_json ? waveQuestionnaire(w).title : w.questionnaire_id} (versie ${w.questionnaire_version})`,
      period: `${formatDutchDate(w.opens_at)} – ${formatDutchDate(w.closes_at)}`,
      state: stateLabels[waveState(w, now)],
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
    const wave = await resultsWave(request);
    const [results, rates] = await Promise.all([loadResults(app, wave), loadRates(app, wave)]);
    const { questionnaire, report } = results;
    const withheld = rawDataWithheld({ anonymous: wave.anonymous === 1, minCellSize: wave.min_cell_size }, report.n);
    return {
      header: waveHeader(wave, questionnaire, app.now()),
      open: waveState(wave, app.now()) !== 'closed',
      rates: rates.invited > 0 || rates.responses > 0 ? presentRates(rates, idPrefix) : null,
      results: presentReport(report, idPrefix),
      downloads: DOWNLOAD_FORMATS.map((format) => ({
        format,
        href: `/admin/results/${encodeURIComponent(wave.id)}/download/${format}`,
        ...downloadLabels[format],
        withheld: withheld !== null && (format === 'csv' || format === 'sps'),
      })),
      withheldText: withheld ? withheldText(withheld) : null,
      // the same small-cell rule hides every table of a tiny anonymous wave, not only its raw data
      resultsWithheld: withheld ? resultsWithheldText(withheld) : null,
    };
  }

  app.get('/results/:waveId', async (request, reply) => {
    const view = await waveView(request, 'r');
    return reply.viewAsync('pages/admin/results/wave', pageData(request, `Resultaten: ${view.header.title}`, 'results', view));
  });

  app.get('/results/:waveId/rapport', async (request, reply) => {
    const view = await waveView(request, 'p');
    return reply.viewAsync('pages/admin/results/report', { ...view, title: `Rapport ${view.header.title}`, generated: formatDutchDate(app.now()) });
  });

  app.get('/results/:waveId/download/:format', async (request: FastifyRequest, reply: FastifyReply) => {
    const wave = await resultsWave(request);
    const { format } = request.params as { format: string };
    if (!DOWNLOAD_FORMATS.includes(format as DownloadFormat)) throw notFound('Dit downloadformaat bestaat niet.');
    let download;
    try {
      download = await waveDownload(app.db, wave, format as DownloadFormat, { now: app.now(), baseName: downloadBaseName(wave) });
    } catch (error) {
      if (error instanceof RawDataWithheldError) {
        throw new AppError(403, 'RAW_DATA_WITHHELD', withheldText(error.withheld), 'Ruwe data niet beschikbaar');
      }
      throw error;
    }
    if (format !== 'codebook') {
      await audit(app.db, request.user!.email, 'results.download', { wave: wave.id, format, rows: download.rows }, app.now());
    }
    return reply
      .type(download.contentType)
      .header('Content-Disposition', `attachment; filename="${download.fileName}"`)
      .send(download.body);
  });

  app.get('/results/compare', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const waveId = typeof query.wave === 'string' ? query.wave : '';
    if (!waveId) {
      const waves = (await wavesWithResponseCounts(app.db)).filter((w) => w.responses > 0);
      return reply.viewAsync(
        'pages/admin/results/compare',
        pageData(request, 'Vergelijken', 'results', { choose: waves.map((w) => ({ id: w.id, label: `${waveLabel(w)}, ${w.questionnaire_id} ${w.questionnaire_version}` })) }),
      );
    }
    const wave = await findWave(app.db, waveId);
    if (!wave || !wave.questionnaire_json) throw notFound('Deze veldwerkronde bestaat niet.');
    const current = await loadResults(app, wave, { breakdowns: false });
    const header = waveHeader(wave, current.questionnaire, app.now());
    const others = await comparableWaves(app.db, wave);
    const axis = scaleAxisLabel(current.report);
    const hasAspects = current.report.scales.length > 0;

    // another wave: chosen, or by default the latest earlier wave of the same house
    const sameHouse = others.filter((w) => w.house === wave.house && w.opens_at < wave.opens_at);
    const withId = typeof query.with === 'string' ? query.with : (sameHouse[0]?.id ?? '');
    const otherWave = others.find((w) => w.id === withId);
    let waveComparison = null;
    if (hasAspects && otherWave) {
      const other = await loadResults(app, otherWave, { breakdowns: false });
      waveComparison = presentWaveComparison(
        compareWaves(summarize(current.report), summarize(other.report)),
        waveLabel(wave),
        waveLabel(otherWave),
        axis,
        'cmp',
      );
    }

    // all houses: the chosen waves, or by default per other house the wave that opened closest to this one
    const otherHouses = others.filter((w) => w.house !== wave.house);
    const chosen = query.houses_form === '1' ? new Set(queryList(query.houses)) : defaultHouseWaves(wave, otherHouses);
    const houseWaves = otherHouses.filter((w) => chosen.has(w.id)).sort((a, b) => a.house.localeCompare(b.house, 'nl') || b.opens_at.localeCompare(a.opens_at));
    let houseComparison = null;
    if (hasAspects && houseWaves.length > 0) {
      const loaded = await Promise.all(houseWaves.map((w) => loadResults(app, w, { breakdowns: false })));
      const minCellSize = Math.max(wave.min_cell_size, ...houseWaves.map((w) => w.min_cell_size));
      const comparison = compareHouses(
        { key: wave.id, house: wave.house, wave: wave.title, summary: summarize(current.report) },
        loaded.map((l) => ({ key: l.wave.id, house: l.wave.house, wave: l.wave.title, summary: summarize(l.report) })),
        minCellSize,
      );
      houseComparison = { ...presentHouseComparison(comparison, wave.house, axis, 'cmp'), minCellSize, houseCount: formatCount(houseWaves.length + 1) };
    }

    return reply.viewAsync(
      'pages/admin/results/compare',
      pageData(request, `Vergelijken: ${wave.title}`, 'results', {
        header,
        hasAspects,
        n: formatCount(current.report.n),
        waveOptions: others.map((w) => ({ id: w.id, label: `${waveLabel(w)}, ${formatCount(w.responses)} responses`, selected: w.id === otherWave?.id })),
        otherLabel: otherWave ? waveLabel(otherWave) : null,
        waveComparison,
        houseOptions: otherHouses.map((w) => ({ id: w.id, label: `${waveLabel(w)}, ${formatCount(w.responses)} responses`, checked: chosen.has(w.id) })),
        houseComparison,
      }),
    );
  });
};

/** Per other house, the wave whose opening lies closest to this wave's: the default "all houses" of the same period. */
function defaultHouseWaves(wave: Wave, others: WaveWithResponses[]): Set<string> {
  const best = new Map<string, WaveWithResponses>();
  const distance = (w: WaveWithResponses) => Math.abs(Date.parse(w.opens_at) - Date.parse(wave.opens_at));
  for (const w of others) {
    const seen = best.get(w.house);
    if (!seen || distance(w) < distance(seen)) best.set(w.house, w);
  }
  return new Set([...best.values()].map((w) => w.id));
}

export default resultsRoutes;
