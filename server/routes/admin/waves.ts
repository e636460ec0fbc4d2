import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Wave } from '../../db/database.js';
import { waveTextsFor } from '../../domain/fieldwork/defaultTexts.js';
import type { LaunchPlan } from '../../domain/fieldwork/launchChecklist.js';
import { participantStatuses } from '../../domain/fieldwork/participantStatus.js';
import { renderTemplate, SAMPLE_FIELDS } from '../../domain/fieldwork/templateCheck.js';
import { parseWaveForm, waveFormFields, type WaveFormFields } from '../../domain/fieldwork/waveForm.js';
import { waveAllows, waveState, waveStateLabel, waveStateLabels } from '../../domain/fieldwork/waveState.js';
import { dutchDay, formatDutchDate, formatDutchDateTime } from '../../domain/format/nl.js';
import type { Questionnaire } from '../../domain/questionnaire/normalize.js';
import { housesOf } from '../../services/houses.js';
import { checklistOf, launchWave } from '../../services/launch.js';
import { findVersion, versionOptions } from '../../services/questionnaires.js';
import { sendTestMail } from '../../services/testMail.js';
import { copyPlan, copyWave } from '../../services/waveCopy.js';
import {
  assertWaveAllows,
  chooseQuestionnaire,
  createOpenLink,
  createWave,
  deletability,
  deleteWave,
  getWave,
  listWavesWithParticipants,
  loosenedSettings,
  participantStatusCounts,
  questionnaireOf,
  reminderDaysOf,
  removeOpenLink,
  updateWave,
} from '../../services/waves.js';
import { userContext } from '../context.js';
import { aboutOf, registerPreview } from '../preview.js';
import { formFields, pageData } from './forms.js';

/** The wave of the :id parameter, or 404. */
export async function waveParam(request: FastifyRequest): Promise<Wave> {
  const { id } = request.params as { id: string };
  return getWave(request.server.db, id);
}

/** `id@version` as a form posts a version choice. */
export function versionKey(v: { id: string; version: string }): string {
  return `${v.id}@${v.version}`;
}

/** The stored version of a posted `id@version`, if there is one. */
export async function postedVersion(request: FastifyRequest, key: string | undefined): Promise<Questionnaire | undefined> {
  const at = (key ?? '').indexOf('@');
  if (at <= 0) return undefined;
  return (await findVersion(request.server.db, key!.slice(0, at), key!.slice(at + 1)))?.questionnaire;
}

function sampleFields(wave: Pick<Wave, 'house' | 'closes_at' | 'sender_name'>) {
  return { ...SAMPLE_FIELDS, house: wave.house, closeDate: formatDutchDate(wave.closes_at), senderName: wave.sender_name };
}

/** "op 30 november 2026 om 00:00", or at once with the next mail pass. */
export function firstSendingText(plan: LaunchPlan, mailIntervalSeconds: number): string {
  if (!plan.immediately) return `op ${formatDutchDateTime(plan.firstAt)} (de openingsdatum)`;
  return mailIntervalSeconds > 0
    ? `direct: bij de volgende verzending, binnen ${mailIntervalSeconds >= 120 ? `${Math.round(mailIntervalSeconds / 60)} minuten` : `${mailIntervalSeconds} seconden`}`
    : 'bij de volgende verzending (de server verstuurt niet vanzelf: npm run cli -- mail run)';
}

/** Waves: list, create (as a concept), edit, detail with checklist, launch, test mail, preview, delete, new round based on one. Researchers only. */
const waveRoutes: FastifyPluginAsync = async (app) => {

  const questionnaireOptions = async () =>
    (await versionOptions(app.db)).map((v) => ({ value: versionKey(v), label: `${v.title} (${v.id}, versie ${v.version})` }));

  const houseOptions = async (request: FastifyRequest) =>
    (await housesOf(app.db, request.user!, 'manageWaves')).map((h) => ({ value: String(h.id), label: h.name }));

  /** The form's house must be one whose waves the user manages (a wave may keep its own house). */
  async function houseChosen(request: FastifyRequest, houseId: number, keep?: number): Promise<boolean> {
    return houseId === keep || (await houseOptions(request)).some((h) => h.value === String(houseId));
  }

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
        questionnaires: await questionnaireOptions(),
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

  async function renderDetail(request: FastifyRequest, reply: FastifyReply, wave: Wave, extra: Record<string, unknown> = {}) {
    const now = app.now();
    const state = waveState(wave, now);
    const snapshot = questionnaireOf(wave);
    const { total, counts } = await participantStatusCounts(app.db, wave.id);
    const fields = sampleFields(wave);
    const checklist = state === 'concept' ? await checklistOf(app.db, wave, now) : null;
    const deletable = await deletability(app.db, wave, now);
    return reply.viewAsync(
      'pages/admin/wave',
      pageData(request, wave.title, 'waves', {
        wave,
        state,
        stateLabel: waveStateLabels[state],
        opens: formatDutchDateTime(wave.opens_at),
        closes: formatDutchDateTime(wave.closes_at),
        launchedAt: wave.launched_at ? formatDutchDateTime(wave.launched_at) : null,
        reminders: reminderDaysOf(wave).join(', ') || 'geen',
        questionnaireTitle: snapshot?.title ?? wave.questionnaire_id,
        versions: state === 'concept' ? await questionnaireOptions() : [],
        currentVersion: versionKey({ id: wave.questionnaire_id, version: wave.questionnaire_version }),
        checklist,
        firstSending: checklist ? firstSendingText(checklist.plan, app.config.mailIntervalSeconds) : null,
        can: {
          chooseQuestionnaire: waveAllows(state, 'chooseQuestionnaire'),
          launch: waveAllows(state, 'launch'),
          addParticipants: waveAllows(state, 'addParticipants'),
          openLink: waveAllows(state, 'openLink'),
          testMail: waveAllows(state, 'testMail'),
          delete: deletable.deletable,
        },
        notDeletable: deletable.deletable ? null : deletable.reason,
        total,
        counts,
        statuses: participantStatuses,
        preview: {
          invitationSubject: renderTemplate(wave.invitation_subject, fields),
          invitation: renderTemplate(wave.invitation_template, fields),
          reminderSubject: renderTemplate(wave.reminder_subject, fields),
          reminder: renderTemplate(wave.reminder_template, fields),
        },
        myEmail: request.user!.email,
        ...extra,
      }),
    );
  }

  const notices: Record<string, string> = {
    vragenlijst: 'De vragenlijstversie van de ronde is gewijzigd.',
    opgeslagen: 'De instellingen zijn opgeslagen.',
    aangemaakt: 'De ronde is aangemaakt als concept. Er wordt niets verstuurd totdat u op “Uitnodigingen versturen” klikt.',
  };

  app.get('/waves/:id', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const query = request.query as Record<string, string | undefined>;
    const key = Object.keys(notices).find((k) => query[k] !== undefined);
    let notice = key ? notices[key] : null;
    if (query.verstuurd !== undefined && wave.launched_at) {
      const { plan } = await checklistOf(app.db, wave, app.now());
      notice = `De ronde is verstuurd. ${plan.invitations === 1 ? 'De uitnodiging gaat' : `De ${plan.invitations} uitnodigingen gaan`} uit ${firstSendingText(plan, app.config.mailIntervalSeconds)}.`;
    }
    return renderDetail(request, reply, wave, { notice });
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

  app.post('/waves/:id/questionnaire', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    assertWaveAllows(wave, app.now(), 'chooseQuestionnaire');
    const chosen = await postedVersion(request, formFields(request.body).version);
    if (!chosen) {
      reply.status(422);
      return renderDetail(request, reply, wave, { versionError: 'Kies een vragenlijstversie.' });
    }
    await chooseQuestionnaire(userContext(request), wave, chosen);
    return reply.redirect(`/admin/waves/${wave.id}?vragenlijst`, 303);
  });

  app.get('/waves/:id/versturen', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const state = waveState(wave, app.now());
    if (state !== 'concept') return reply.redirect(`/admin/waves/${wave.id}`, 303);
    const checklist = await checklistOf(app.db, wave, app.now());
    return reply.viewAsync(
      'pages/admin/wave-launch',
      pageData(request, `Uitnodigingen versturen: ${wave.title}`, 'waves', { wave, checklist, firstSending: firstSendingText(checklist.plan, app.config.mailIntervalSeconds) }),
    );
  });

  app.post('/waves/:id/versturen', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    await launchWave(userContext(request), wave);
    return reply.redirect(`/admin/waves/${wave.id}?verstuurd`, 303);
  });

  app.post('/waves/:id/test', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const result = await sendTestMail(
      userContext(request),
      { transport: app.mailer.transport, engines: app.mailer.engines, secrets: app.secrets, baseUrl: app.config.baseUrl },
      wave,
      request.user!.email,
    );
    const where = app.mailer.transport.kind === 'outbox' ? ' (in de lokale outbox, want er is geen mailserver ingesteld)' : '';
    const notice = result.delivered
      ? `Testberichten verstuurd naar ${result.to}${where}: de uitnodiging en de eerste herinnering. De link erin opent de vragenlijst in de testmodus; er is niets in de ronde opgeslagen.`
      : null;
    if (!result.delivered) reply.status(502);
    return renderDetail(request, reply, wave, { notice, testError: result.delivered ? null : `De mailserver weigerde het testbericht: ${result.error}` });
  });

  app.get('/waves/:id/verwijderen', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const check = await deletability(app.db, wave, app.now());
    const { total } = await participantStatusCounts(app.db, wave.id);
    return reply.viewAsync('pages/admin/wave-delete', pageData(request, `Ronde verwijderen: ${wave.title}`, 'waves', { wave, check, total, state: waveStateLabel(wave, app.now()) }));
  });

  app.post('/waves/:id/verwijderen', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    await deleteWave(userContext(request), wave);
    return reply.redirect('/admin/waves?verwijderd', 303);
  });

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

  app.post('/waves/:id/open-link', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const token = await createOpenLink(userContext(request), wave);
    // only the hash is stored: this response is the one time the link can be shown
    const updated = await getWave(app.db, wave.id);
    return renderDetail(request, reply, updated, { newOpenLink: `${app.config.baseUrl}/o/${token}` });
  });

  app.post('/waves/:id/open-link/delete', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    await removeOpenLink(userContext(request), wave);
    return reply.redirect(`/admin/waves/${wave.id}`, 303);
  });

  registerPreview(app, '/waves/:id/bekijken', async (request) => {
    const wave = await waveParam(request);
    const questionnaire = questionnaireOf(wave);
    if (!questionnaire) throw new Error(`wave ${wave.id} has no questionnaire`);
    return {
      questionnaire,
      wave,
      about: aboutOf(wave),
      base: `/admin/waves/${wave.id}/bekijken`,
      key: `admin:${request.user!.id}:wave:${wave.id}`,
      csrf: request.csrfToken(),
      what: `Ronde “${wave.title}” (${waveStateLabel(wave, app.now())}), ${questionnaire.title} versie ${questionnaire.version}`,
      exit: { url: `/admin/waves/${wave.id}`, label: 'Terug naar de ronde' },
    };
  }, { config: { access: 'manageWave' } });
};

/**
 * The posted texts with every text still equal to a default of `from` (the questionnaire the form was
 * filled in for; none: the platform's) replaced by the same default of `to` (the questionnaire chosen after all).
 */
export function withDefaultsOf<T extends WaveFormFields>(form: T, from: Questionnaire | undefined, to: Questionnaire): T {
  const anonymous = form.anonymous === 'on';
  const before = waveTextsFor(from, anonymous);
  const beforeOther = waveTextsFor(from, !anonymous);
  const after = waveTextsFor(to, anonymous);
  const swap = (value: string | undefined, key: keyof typeof before) => {
    const normalized = (value ?? '').replace(/\r\n?/g, '\n');
    return normalized === before[key] || normalized === beforeOther[key] ? after[key] : value;
  };
  return {
    ...form,
    invitationSubject: swap(form.invitationSubject, 'invitation_subject'),
    invitationTemplate: swap(form.invitationTemplate, 'invitation_template'),
    reminderSubject: swap(form.reminderSubject, 'reminder_subject'),
    reminderTemplate: swap(form.reminderTemplate, 'reminder_template'),
  };
}

export default waveRoutes;
