import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Wave } from '../../db/database.js';
import {
  defaultInvitationSubject,
  defaultInvitationTemplate,
  defaultReminderSubject,
  defaultReminderTemplate,
} from '../../domain/fieldwork/defaultTexts.js';
import { participantStatuses } from '../../domain/fieldwork/participantStatus.js';
import { renderTemplate, SAMPLE_FIELDS } from '../../domain/fieldwork/templateCheck.js';
import { dutchDay, formatDutchDate, formatDutchDateTime } from '../../domain/format/nl.js';
import { parseWaveForm, type WaveFormFields } from '../../domain/fieldwork/waveForm.js';
import { waveState, type WaveState } from '../../domain/fieldwork/waveState.js';
import { housesOf } from '../../services/houses.js';
import {
  createOpenLink,
  createWave,
  getWave,
  listWavesWithParticipants,
  participantStatusCounts,
  questionnaireOf,
  refreshQuestionnaire,
  reminderDaysOf,
  removeOpenLink,
  updateWave,
} from '../../services/waves.js';
import { userContext } from '../context.js';
import { formFields, pageData } from './forms.js';

export const stateLabels: Record<WaveState, string> = { scheduled: 'gepland', open: 'open', closed: 'gesloten' };

/** The wave of the :id parameter, or 404. */
export async function waveParam(request: FastifyRequest): Promise<Wave> {
  const { id } = request.params as { id: string };
  return getWave(request.server.db, id);
}

/** Form field values of a stored wave. */
function waveFields(wave: Wave): WaveFormFields {
  return {
    title: wave.title,
    house: String(wave.house_id),
    opens: dutchDay(wave.opens_at),
    closes: dutchDay(wave.closes_at),
    anonymous: wave.anonymous ? 'on' : '',
    allowEdit: wave.allow_edit ? 'on' : '',
    reminders: reminderDaysOf(wave).join(', '),
    senderName: wave.sender_name,
    senderOrganisation: wave.sender_organisation,
    senderEmail: wave.sender_email,
    invitationSubject: wave.invitation_subject,
    invitationTemplate: wave.invitation_template,
    reminderSubject: wave.reminder_subject,
    reminderTemplate: wave.reminder_template,
    minCellSize: String(wave.min_cell_size),
    retentionDays: wave.retention_days === null ? '' : String(wave.retention_days),
  };
}

function sampleFields(wave: Pick<Wave, 'house' | 'closes_at' | 'sender_name'>) {
  return { ...SAMPLE_FIELDS, house: wave.house, closeDate: formatDutchDate(wave.closes_at), senderName: wave.sender_name };
}

/** Waves: list, create, edit, detail, questionnaire refresh and the open link. Researchers only. */
const waveRoutes: FastifyPluginAsync = async (app) => {

  const questionnaireOptions = () =>
    app.questionnaires.list().map((q) => ({ value: q.id, label: `${q.title} (versie ${q.version})` }));

  const houseOptions = async (request: FastifyRequest) =>
    (await housesOf(app.db, request.user!, 'manageWaves')).map((h) => ({ value: String(h.id), label: h.name }));

  async function renderForm(request: FastifyRequest, reply: FastifyReply, wave: Wave | null, values: WaveFormFields & { questionnaire?: string }, errors: Record<string, string>) {
    const state = wave ? waveState(wave, app.now()) : 'scheduled';
    const houses = await houseOptions(request);
    return reply.viewAsync(
      'pages/admin/wave-form',
      pageData(request, wave ? `Ronde bewerken: ${wave.title}` : 'Nieuwe veldwerkronde', 'waves', {
        wave,
        state,
        values,
        errors,
        questionnaires: questionnaireOptions(),
        houses,
        anonymousLocked: wave !== null && state !== 'scheduled',
        opensLocked: wave !== null && state !== 'scheduled',
      }),
    );
  }

  app.get('/waves', { config: { access: 'manageWaves' } }, async (request, reply) => {
    const waves = await listWavesWithParticipants(app.db, request.user);
    const now = app.now();
    const rows = waves.map((w) => ({
      ...w,
      state: stateLabels[waveState(w, now)],
      opens: formatDutchDate(w.opens_at),
      closes: formatDutchDate(w.closes_at),
    }));
    return reply.viewAsync('pages/admin/waves', pageData(request, 'Veldwerkrondes', 'waves', { waves: rows }));
  });

  app.get('/waves/new', { config: { access: 'manageWaves' } }, async (request, reply) => {
    const now = app.now();
    const sixWeeks = new Date(now.getTime() + 42 * 24 * 3600 * 1000);
    const first = app.questionnaires.list()[0];
    const houses = await houseOptions(request);
    return renderForm(
      request,
      reply,
      null,
      {
        questionnaire: first?.id ?? '',
        title: '',
        house: houses.length === 1 ? houses[0]!.value : '',
        opens: dutchDay(now),
        closes: dutchDay(sixWeeks),
        anonymous: 'on',
        reminders: '7, 14, 21',
        senderName: '',
        senderOrganisation: '',
        senderEmail: '',
        invitationSubject: defaultInvitationSubject,
        invitationTemplate: defaultInvitationTemplate,
        reminderSubject: defaultReminderSubject,
        reminderTemplate: defaultReminderTemplate,
        minCellSize: '5',
        retentionDays: '',
      },
      {},
    );
  });

  app.post('/waves', { config: { access: 'manageWaves' } }, async (request, reply) => {
    const form = formFields(request.body) as WaveFormFields & { questionnaire?: string };
    const questionnaire = app.questionnaires.get(form.questionnaire ?? '');
    const result = parseWaveForm(form, { now: app.now(), isNew: true });
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

  async function renderDetail(request: FastifyRequest, reply: FastifyReply, wave: Wave, extra: Record<string, unknown> = {}) {
    const now = app.now();
    const state = waveState(wave, now);
    const snapshot = questionnaireOf(wave);
    const current = app.questionnaires.get(wave.questionnaire_id);
    const { total, counts } = await participantStatusCounts(app.db, wave.id);
    const fields = sampleFields(wave);
    return reply.viewAsync(
      'pages/admin/wave',
      pageData(request, wave.title, 'waves', {
        wave,
        state,
        stateLabel: stateLabels[state],
        opens: formatDutchDateTime(wave.opens_at),
        closes: formatDutchDateTime(wave.closes_at),
        reminders: reminderDaysOf(wave).join(', ') || 'geen',
        questionnaireTitle: snapshot?.title ?? current?.title ?? wave.questionnaire_id,
        fileVersion: current?.version ?? null,
        canRefresh: state === 'scheduled' && current !== undefined,
        total,
        counts,
        statuses: participantStatuses,
        preview: {
          invitationSubject: renderTemplate(wave.invitation_subject, fields),
          invitation: renderTemplate(wave.invitation_template, fields),
          reminderSubject: renderTemplate(wave.reminder_subject, fields),
          reminder: renderTemplate(wave.reminder_template, fields),
        },
        ...extra,
      }),
    );
  }

  app.get('/waves/:id', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const notice = (request.query as { bijgewerkt?: string }).bijgewerkt !== undefined ? 'De vragenlijst is bijgewerkt naar de huidige versie van het bestand.' : null;
    return renderDetail(request, reply, wave, { notice });
  });

  app.get('/waves/:id/edit', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    return renderForm(request, reply, wave, waveFields(wave), {});
  });

  app.post('/waves/:id', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const form = formFields(request.body) as WaveFormFields;
    const started = waveState(wave, app.now()) !== 'scheduled';
    // Once open, the anonymity promise and the opening moment are history: keep them as stored.
    const input = started ? { ...form, opens: wave.opens_at } : form;
    const result = parseWaveForm(input, { now: app.now(), isNew: false, lockedAnonymous: started ? wave.anonymous : undefined });
    const houseOk = result.ok && (result.value.house_id === wave.house_id || (await houseOptions(request)).some((h) => h.value === String(result.value.house_id)));
    if (!result.ok || !houseOk) {
      reply.status(422);
      const errors = result.ok ? { house: 'Kies een Veiligheidshuis.' } : result.errors;
      return renderForm(request, reply, wave, { ...form, anonymous: started ? (wave.anonymous ? 'on' : '') : form.anonymous }, errors);
    }
    await updateWave(userContext(request), wave, result.value);
    return reply.redirect(`/admin/waves/${wave.id}`, 303);
  });

  app.post('/waves/:id/questionnaire', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    await refreshQuestionnaire(userContext(request), wave, app.questionnaires.get(wave.questionnaire_id));
    return reply.redirect(`/admin/waves/${wave.id}?bijgewerkt`, 303);
  });

  app.post('/waves/:id/open-link', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const token = await createOpenLink(userContext(request), wave);
    // Only the hash is stored: this response is the one time the link can be shown.
    const updated = await getWave(app.db, wave.id);
    return renderDetail(request, reply, updated, { newOpenLink: `${app.config.baseUrl}/o/${token}` });
  });

  app.post('/waves/:id/open-link/delete', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    await removeOpenLink(userContext(request), wave);
    return reply.redirect(`/admin/waves/${wave.id}`, 303);
  });
};

export default waveRoutes;
