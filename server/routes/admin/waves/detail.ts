/**
 * A wave's page: its settings, the launch checklist of a concept, the participants by status, the
 * e-mails as they will read; choosing another questionnaire version of a concept, the open link, and
 * the preview as a respondent. renderDetail is the page the launch and test-mail routes answer with too.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Wave } from '../../../db/database.js';
import type { LaunchPlan } from '../../../domain/fieldwork/launchChecklist.js';
import { participantStatuses } from '../../../domain/fieldwork/participantStatus.js';
import { renderTemplate, SAMPLE_FIELDS } from '../../../domain/fieldwork/templateCheck.js';
import { waveAllows, waveState, waveStateLabel, waveStateLabels } from '../../../domain/fieldwork/waveState.js';
import { formatDutchDate, formatDutchDateTime } from '../../../domain/format/nl.js';
import { checklistOf } from '../../../services/launch.js';
import { assertWaveAllows, chooseQuestionnaire, createOpenLink, deletability, getWave, participantStatusCounts, questionnaireOf, reminderDaysOf, removeOpenLink } from '../../../services/waves.js';
import { userContext } from '../../context.js';
import { aboutOf, registerPreview } from '../../preview.js';
import { formFields, pageData } from '../forms.js';
import { postedVersion, questionnaireOptions, versionKey, waveParam } from './shared.js';

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

/** The wave's page, with `extra` (a notice, an error, a new open link) for the view. */
export async function renderDetail(request: FastifyRequest, reply: FastifyReply, wave: Wave, extra: Record<string, unknown> = {}) {
  const app = request.server;
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
      versions: state === 'concept' ? await questionnaireOptions(app) : [],
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

const waveDetailRoutes: FastifyPluginAsync = async (app) => {
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

export default waveDetailRoutes;
