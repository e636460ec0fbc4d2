/** A new wave based on one: its settings and texts, a suggested period and version, and which participants come along. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Wave } from '../../../db/database.js';
import { parseWaveForm, waveFormFields, type WaveFormFields } from '../../../domain/fieldwork/waveForm.js';
import { dutchDay } from '../../../domain/format/nl.js';
import { copyPlan, copyWave } from '../../../services/waveCopy.js';
import { userContext } from '../../context.js';
import { formFields, pageData } from '../forms.js';
import { houseChosen, houseOptions, postedVersion, versionKey, waveParam } from './shared.js';

const waveCopyRoutes: FastifyPluginAsync = async (app) => {
  async function renderCopy(request: FastifyRequest, reply: FastifyReply, source: Wave, values: Record<string, string | undefined>, errors: Record<string, string>, selected: Set<number> | null) {
    const plan = await copyPlan(app.db, source, app.now());
    return reply.viewAsync(
      'pages/admin/wave-copy',
      pageData(request, `Nieuwe ronde op basis van ${source.title}`, 'waves', {
        source,
        plan,
        values,
        errors,
        takeList: selected === null ? true : values.takeList === 'on',
        houses: await houseOptions(request),
        selected: selected ?? new Set<number>(),
        versionKey,
      }),
    );
  }

  app.get('/waves/:id/kopie', { config: { access: 'manageWave' } }, async (request, reply) => {
    const source = await waveParam(request);
    const plan = await copyPlan(app.db, source, app.now());
    const values = {
      ...waveFormFields(source),
      title: `${source.title} (nieuwe ronde)`,
      opens: dutchDay(plan.opens),
      closes: dutchDay(plan.closes),
      questionnaire: plan.suggested ? versionKey(plan.suggested) : '',
    };
    return renderCopy(request, reply, source, values, {}, null);
  });

  app.post('/waves/:id/kopie', { config: { access: 'manageWave' } }, async (request, reply) => {
    const source = await waveParam(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = formFields(body) as WaveFormFields & { questionnaire?: string; takeList?: string };
    const extra = new Set(
      ([] as unknown[])
        .concat(body.also ?? [])
        .filter((v): v is string => typeof v === 'string' && /^\d{1,12}$/.test(v))
        .map(Number),
    );
    const questionnaire = await postedVersion(request, form.questionnaire);
    const result = parseWaveForm(form, { now: app.now(), isNew: true, questionnaire });
    const errors = result.ok ? {} : { ...result.errors };
    if (!questionnaire) errors.questionnaire = 'Kies een vragenlijstversie.';
    if (result.ok && !(await houseChosen(request, result.value.house_id))) errors.house = 'Kies een Veiligheidshuis.';
    if (!result.ok || !questionnaire || errors.house) {
      reply.status(422);
      return renderCopy(request, reply, source, { ...form }, errors, extra);
    }
    const plan = await copyPlan(app.db, source, app.now());
    const take = new Set([...(form.takeList === 'on' ? plan.taken.map((p) => p.id) : []), ...plan.left.filter((p) => p.selectable && extra.has(p.id)).map((p) => p.id)]);
    const wave = await copyWave(userContext(request), app.secrets, source, questionnaire, result.value, take);
    return reply.redirect(`/admin/waves/${wave.id}?aangemaakt`, 303);
  });
};

export default waveCopyRoutes;
