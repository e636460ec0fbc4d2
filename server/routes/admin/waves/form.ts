/**
 * The list of waves and the wave form: a new wave (stored as a concept), and editing one, with what
 * may still change once it has opened (the opening moment, anonymity, a closed test wave's mark).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Wave } from '../../../db/database.js';
import { waveTextsFor } from '../../../domain/fieldwork/defaultTexts.js';
import { parseWaveForm, waveFormFields, type WaveFormFields } from '../../../domain/fieldwork/waveForm.js';
import { waveState, waveStateLabel } from '../../../domain/fieldwork/waveState.js';
import { formatDutchDate } from '../../../domain/format/nl.js';
import { versionOptions } from '../../../services/questionnaires.js';
import { createWave, listWavesWithParticipants, loosenedSettings, questionnaireOf, updateWave } from '../../../services/waves.js';
import { userContext } from '../../context.js';
import { formFields, pageData } from '../forms.js';
import { houseChosen, houseOptions, postedVersion, questionnaireOptions, versionKey, waveParam, withDefaultsOf } from './shared.js';

const waveFormRoutes: FastifyPluginAsync = async (app) => {
  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    wave: Wave | null,
    values: WaveFormFields & { questionnaire?: string; textsFrom?: string },
    errors: Record<string, string>,
  ) {
    const state = wave ? waveState(wave, app.now()) : 'concept';
    const opened = state === 'open' || state === 'closed';
    return reply.viewAsync(
      'pages/admin/wave-form',
      pageData(request, wave ? `Ronde bewerken: ${wave.title}` : 'Nieuwe veldwerkronde', 'waves', {
        wave,
        state,
        values,
        errors,
        questionnaires: await questionnaireOptions(app),
        houses: await houseOptions(request),
        // an opened anonymous wave stays anonymous; an opened non-anonymous one may still become anonymous
        anonymousLocked: opened && wave?.anonymous === 1,
        opensLocked: opened,
        testLocked: state === 'closed' && wave?.is_test === 1,
      }),
    );
  }

  app.get('/waves', { config: { access: 'manageWaves' } }, async (request, reply) => {
    const waves = await listWavesWithParticipants(app.db, request.user);
    const now = app.now();
    const rows = waves.map((w) => ({
      ...w,
      stateKey: waveState(w, now),
      state: waveStateLabel(w, now),
      opens: formatDutchDate(w.opens_at),
      closes: formatDutchDate(w.closes_at),
    }));
    const notice = (request.query as { verwijderd?: string }).verwijderd !== undefined ? 'De ronde is verwijderd.' : null;
    return reply.viewAsync('pages/admin/waves', pageData(request, 'Veldwerkrondes', 'waves', { waves: rows, notice }));
  });

  app.get('/waves/new', { config: { access: 'manageWaves' } }, async (request, reply) => {
    const options = await versionOptions(app.db);
    const asked = (request.query as { vragenlijst?: string }).vragenlijst;
    const chosen = (await postedVersion(request, asked)) ?? (options[0] ? await postedVersion(request, versionKey(options[0])) : undefined);
    const texts = waveTextsFor(chosen, true);
    const key = chosen ? versionKey(chosen) : '';
    const houses = await houseOptions(request);
    // no opening date is filled in: a wave never opens "now" without the researcher saying so
    return renderForm(
      request,
      reply,
      null,
      {
        questionnaire: key,
        textsFrom: key,
        title: '',
        house: houses.length === 1 ? houses[0]!.value : '',
        opens: '',
        closes: '',
        anonymous: 'on',
        reminders: '7, 14, 21',
        senderName: '',
        senderOrganisation: '',
        senderEmail: '',
        invitationSubject: texts.invitation_subject,
        invitationTemplate: texts.invitation_template,
        reminderSubject: texts.reminder_subject,
        reminderTemplate: texts.reminder_template,
        minCellSize: '5',
        retentionDays: '',
      },
      {},
    );
  });

  app.post('/waves', { config: { access: 'manageWaves' } }, async (request, reply) => {
    const form = formFields(request.body) as WaveFormFields & { questionnaire?: string; textsFrom?: string };
    const questionnaire = await postedVersion(request, form.questionnaire);
    // texts left as the defaults of the questionnaire the form was filled for follow the one chosen
    const textsFrom = form.textsFrom && form.textsFrom !== form.questionnaire ? await postedVersion(request, form.textsFrom) : undefined;
    const fields = textsFrom && questionnaire ? withDefaultsOf(form, textsFrom, questionnaire) : form;
    const result = parseWaveForm(fields, { now: app.now(), isNew: true, questionnaire });
    const errors = result.ok ? {} : { ...result.errors };
    if (!questionnaire) errors.questionnaire = 'Kies een vragenlijst.';
    if (result.ok && !(await houseOptions(request)).some((h) => h.value === String(result.value.house_id))) errors.house = 'Kies een Veiligheidshuis.';
    if (!result.ok || !questionnaire || errors.house) {
      reply.status(422);
      return renderForm(request, reply, null, form, errors);
    }
    const wave = await createWave(userContext(request), questionnaire, result.value);
    return reply.redirect(`/admin/waves/${wave.id}`, 303);
  });

  app.get('/waves/:id/edit', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    return renderForm(request, reply, wave, waveFormFields(wave), {});
  });

  app.post('/waves/:id', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const form = formFields(request.body) as WaveFormFields;
    const state = waveState(wave, app.now());
    // once open, the opening moment is history, and an anonymous wave's checkbox is disabled (not sent)
    const opened = state === 'open' || state === 'closed';
    // a closed test wave's checkbox is disabled too: it stays a test wave (loosenedSettings)
    const keepTest = state === 'closed' && wave.is_test === 1;
    const input = { ...form, ...(opened ? { opens: wave.opens_at } : {}), ...(keepTest ? { test: 'on' } : {}) };
    const keepAnonymous = opened && wave.anonymous === 1;
    const result = parseWaveForm(input, { now: app.now(), isNew: false, lockedAnonymous: keepAnonymous ? 1 : undefined, questionnaire: questionnaireOf(wave) ?? undefined });
    const errors = result.ok ? loosenedSettings(wave, result.value, app.now()) : result.errors;
    if (result.ok && !(await houseChosen(request, result.value.house_id, wave.house_id))) errors.house = 'Kies een Veiligheidshuis.';
    if (!result.ok || Object.keys(errors).length > 0) {
      reply.status(422);
      return renderForm(request, reply, wave, { ...form, anonymous: keepAnonymous ? 'on' : form.anonymous, test: keepTest ? 'on' : form.test }, errors);
    }
    await updateWave(userContext(request), wave, result.value);
    return reply.redirect(`/admin/waves/${wave.id}?opgeslagen`, 303);
  });
};

export default waveFormRoutes;
