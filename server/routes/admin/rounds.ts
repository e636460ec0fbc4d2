/**
 * Landelijke rondes: a national round for many houses in one step (form: questionnaire version,
 * period, reminder days, houses by checkbox or as `huis;e-mail coördinator` lines) and an overview
 * per round. Landelijk onderzoekers only; each house's coordinator launches their own wave.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { parseRoundHousesCsv } from '../../domain/fieldwork/roundHousesCsv.js';
import { waveStateLabels } from '../../domain/fieldwork/waveState.js';
import { dutchDay, formatFraction } from '../../domain/format/nl.js';
import { AppError, roundNotFound } from '../../errors.js';
import { defaultSender } from '../../domain/fieldwork/defaultTexts.js';
import { findVersion, versionOptions } from '../../services/questionnaires.js';
import { createNationalRound, listNationalRounds, roundHouseChoices, roundOverview, type CreatedRound } from '../../services/rounds.js';
import { actorSeesEveryHouse } from '../../services/access.js';
import { userContext } from '../context.js';
import { presentRoundBenchmark } from './results/compareView.js';
import { formFields, pageData } from './forms.js';

const roundRoutes: FastifyPluginAsync = async (app) => {
  const scope = { config: { access: 'manageRounds' as const } };

  async function render(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>, created: CreatedRound | null = null) {
    const ctx = userContext(request);
    const [rounds, versions, houses] = await Promise.all([listNationalRounds(ctx), versionOptions(app.db), roundHouseChoices(app.db)]);
    return reply.viewAsync(
      'pages/admin/rounds',
      pageData(request, 'Landelijke rondes', 'rounds', { rounds, versions, houses, values, errors, created, stateLabel: (s: keyof typeof waveStateLabels) => waveStateLabels[s] }),
    );
  }

  app.get('/rounds', scope, async (request, reply) => render(request, reply, { reminders: '7, 14' }, {}));

  app.post('/rounds', scope, async (request, reply) => {
    const form = formFields(request.body);
    const errors: Record<string, string> = {};
    const at = (form.questionnaire ?? '').lastIndexOf('@');
    const version = at > 0 ? await findVersion(app.db, form.questionnaire!.slice(0, at), form.questionnaire!.slice(at + 1)) : undefined;
    if (!version) errors.questionnaire = 'Kies een vragenlijstversie.';
    const chosen = (await roundHouseChoices(app.db)).filter((h) => form[`house-${h.id}`] === 'on').map((h) => ({ house: h.name, coordinatorEmail: null }));
    const listed = (form.houseList ?? '').trim() === '' ? { rows: [], errors: [] } : parseRoundHousesCsv(form.houseList!);
    if (listed.errors.length > 0) errors.houseList = listed.errors.join(' ');
    const named = new Set(listed.rows.map((r) => r.house.toLowerCase()));
    const houses = [...listed.rows, ...chosen.filter((c) => !named.has(c.house.toLowerCase()))];
    if (Object.keys(errors).length === 0) {
      try {
        const created = await createNationalRound(userContext(request), {
          questionnaire: version!.questionnaire,
          opens: form.opens ?? '',
          closes: form.closes ?? '',
          reminders: form.reminders ?? '',
          anonymous: form.anonymous === 'on',
          senderEmail: defaultSender(app.config.baseUrl),
          houses,
        });
        return render(request, reply, { reminders: '7, 14' }, {}, created);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode !== 422) throw error;
        errors.form = error.message;
      }
    }
    reply.status(422);
    return render(request, reply, form, errors);
  });

  app.get('/rounds/:roundId', scope, async (request, reply) => {
    const { roundId } = request.params as { roundId: string };
    if (!/^\d{1,12}$/.test(roundId)) throw roundNotFound();
    const ctx = userContext(request);
    const { round, lines, benchmark } = await roundOverview(ctx, Number(roundId));
    const perHouse = actorSeesEveryHouse(ctx.actor);
    return reply.viewAsync(
      'pages/admin/round',
      pageData(request, `Landelijke ronde: ${round.title}`, 'rounds', {
        round,
        lines,
        benchmark: benchmark && {
          waves: benchmark.waves,
          closed: benchmark.closed,
          pooled: benchmark.pooled.length,
          houseCount: benchmark.houseCount,
          withheld: benchmark.withheld,
          view: benchmark.comparison ? presentRoundBenchmark(benchmark.comparison, perHouse) : null,
        },
        stateLabel: (s: keyof typeof waveStateLabels) => waveStateLabels[s],
        percent: formatFraction,
        day: dutchDay,
      }),
    );
  });
};

export default roundRoutes;
