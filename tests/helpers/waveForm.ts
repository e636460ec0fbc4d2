/** The wave form as a researcher fills it in correctly (Stappenmeter 1.0, default texts), without its house. */
import { defaultInvitationSubject, defaultInvitationTemplate, defaultReminderSubject, defaultReminderTemplate } from '../../server/domain/fieldwork/defaultTexts.js';

export const validWaveForm = {
  questionnaire: 'stappenmeter-doelbereik@1.0',
  title: 'Stappenmeter najaar 2026',
  opens: '2026-11-30',
  closes: '2026-12-20',
  anonymous: 'on',
  reminders: '7, 14, 21',
  senderName: 'Onderzoeksteam VHNHN',
  senderEmail: 'onderzoek@vhnhn.test',
  invitationSubject: defaultInvitationSubject,
  invitationTemplate: defaultInvitationTemplate,
  reminderSubject: defaultReminderSubject,
  reminderTemplate: defaultReminderTemplate,
  minCellSize: '5',
  retentionDays: '',
};
