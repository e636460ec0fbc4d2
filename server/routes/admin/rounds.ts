/**
 * Landelijke rondes: a national round for many houses in one step (form: questionnaire version,
 * period, reminder days, the mail texts, houses by checkbox, as an uploaded CSV file or as pasted
 * `huis;e-mail coördinator` lines) and an overview per round with the round's own benchmark. Landelijk onderzoekers only; each house's coordinator launches their own wave.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_ROUND_FILE_BYTES, MAX_ROUND_HOUSES, parseRoundHousesCsv, type RoundHouseRow } from '../../domain/fieldwork/roundHousesCsv.js';
import type { Questionnaire } from '../../domain/questionnaire/normalize.js';
import { waveStateLabels } from '../../domain/fieldwork/waveState.js';
import { dutchDay, formatFraction } from '../../domain/format/nl.js';
import { AppError, roundNotFound } from '../../errors.js';
import { defaultSender, waveTextsFor } from '../../domain/fieldwork/defaultTexts.js';
import { versionOptions } from '../../services/questionnaires.js';
import { createNationalRound, listNationalRounds, roundHouseChoices, roundOverview, type CreatedRound } from '../../services/rounds.js';
import { actorSeesEveryHouse } from '../../services/access.js';
import { userContext } from '../context.js';
import { presentRoundBenchmark } from './results/compareView.js';
import { formFields, pageData } from './forms.js';
import { registerCsvUpload, uploadedFile } from './upload.js';
import { postedVersion, withDefaultsOf } from './waves/shared.js';

/** The texts every wave of a round starts with, as the form shows them: the questionnaire's own or the platform's (confidential: not anonymous). */
function textFields(questionnaire: Questionnaire | undefined, anonymous: boolean): Record<string, string> {
  const t = waveTextsFor(questionnaire, anonymous);
  return { invitationSubject: t.invitation_subject, invitationTemplate: t.invitation_template, reminderSubject: t.reminder_subject, reminderTemplate: t.reminder_template };
}

const roundRoutes: FastifyPluginAsync = async (app) => {
  const scope = { config: { access: 'manageRounds' as const } };
  // a checkbox per house (at most a few hundred houses) besides the dates, texts and the pasted list
  await registerCsvUpload(app, { maxBytes: MAX_ROUND_FILE_BYTES, fields: 600, keepTooLarge: true });

  async function render(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>, created: CreatedRound | null = null) {
    const ctx = userContext(request);
    const [rounds, versions, houses] = await Promise.all([listNationalRounds(ctx), versionOptions(app.db), roundHouseChoices(app.db)]);
    return reply.viewAsync(
      'pages/admin/rounds',
      pageData(request, 'Landelijke rondes', 'rounds', { rounds, versions, houses, values, errors, created, maxHouses: MAX_ROUND_HOUSES, maxKb: MAX_ROUND_FILE_BYTES / 1024, stateLabel: (s: keyof typeof waveStateLabels) => waveStateLabels[s] }),
    );
  }
  const blank = () => ({ reminders: '7, 14', textsFrom: '', ...textFields(undefined, false) });

  app.get('/rounds', scope, async (request, reply) => render(request, reply, blank(), {}));

  app.post('/rounds', { ...scope, bodyLimit: MAX_ROUND_FILE_BYTES + 1024 * 1024 }, async (request, reply) => {
    const form = formFields(request.body);
    const errors: Record<string, string> = {};
    const questionnaire = await postedVersion(request, form.questionnaire);
    if (!questionnaire) errors.questionnaire = 'Kies een vragenlijstversie.';
    const chosen = (await roundHouseChoices(app.db)).filter((h) => form[`house-${h.id}`] === 'on').map((h) => ({ house: h.name, coordinatorEmail: null }));
    const file = uploadedFile(request.body, 'housesFile');
    const listed: { rows: RoundHouseRow[] } = { rows: [] };
    if (file === 'tooLarge') errors.housesFile = `Het bestand is te groot: hoogstens ${MAX_ROUND_FILE_BYTES / 1024} kB (een ronde heeft hoogstens ${MAX_ROUND_HOUSES} huizen). Kies het bestand opnieuw.`;
    for (const [field, input] of [['housesFile', file], ['houseList', form.houseList]] as const) {
      if (input === null || input === 'tooLarge' || input === undefined || (typeof input === 'string' && input.trim() === '')) continue;
      const parsed = parseRoundHousesCsv(input);
      if (parsed.errors.length > 0) errors[field] = parsed.errors.join(' ') + (field === 'housesFile' ? ' Kies het verbeterde bestand opnieuw.' : '');
      listed.rows.push(...parsed.rows);
    }
    // a house in both the file and the pasted lines, or also ticked, counts once (the first coordinator address given)
    const named = new Set<string>();
    const houses = [...listed.rows, ...chosen].filter((r) => !named.has(r.house.toLowerCase()) && named.add(r.house.toLowerCase()));
    if (Object.keys(errors).length === 0) {
      try {
        const textsFrom = form.textsFrom && form.textsFrom !== form.questionnaire ? await postedVersion(request, form.textsFrom) : undefined;
        const texts = withDefaultsOf(form, textsFrom, questionnaire!);
        const created = await createNationalRound(userContext(request), {
          questionnaire: questionnaire!,
          opens: form.opens ?? '',
          closes: form.closes ?? '',
          reminders: form.reminders ?? '',
          anonymous: form.anonymous === 'on',
          senderEmail: defaultSender(app.config.baseUrl),
          texts: { invitationSubject: texts.invitationSubject, invitationTemplate: texts.invitationTemplate, reminderSubject: texts.reminderSubject, reminderTemplate: texts.reminderTemplate },
          houses,
        });
        return render(request, reply, blank(), {}, created);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode !== 422) throw error;
        errors.form = error.message;
        Object.assign(errors, (error as { fields?: Record<string, string> }).fields ?? {});
        if (file) errors.housesFile ??= 'Kies het bestand opnieuw: de browser bewaart een gekozen bestand niet.';
      }
    }
    reply.status(422);
    // the texts stay as typed; they are now the chosen questionnaire's
    return render(request, reply, { ...form, textsFrom: form.questionnaire ?? '' }, errors);
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
