/**
 * Dutch default invitation and reminder texts: a research invitation that says who asks, why, how
 * long it takes, that answers are anonymous, and until when. Eta templates; merge fields are
 * it.name, it.link, it.closeDate, it.house, it.optOutLink, it.senderName. The house name stands on
 * its own ("namens …", never "het …"), so "Alle Veiligheidshuizen" reads as well as "Veiligheidshuis
 * Twente". A questionnaire can bring its own texts (`mailTexts`), which a new wave starts with.
 */
import type { MailTexts } from '../questionnaire/schema.js';

export const defaultInvitationSubject = 'Uitnodiging: enquête over de samenwerking – <%= it.house %>';

export const defaultInvitationTemplate = `Beste <%= it.name || 'netwerkpartner' %>,

Namens <%= it.house %> onderzoeken wij hoe goed de samenwerking tussen de partners in het netwerk verloopt. U neemt deel aan een of meer casusoverleggen en uw ervaring is daarom belangrijk. Wij vragen u een korte vragenlijst in te vullen; dat kost ongeveer 10 minuten.

Uw antwoorden worden anoniem verwerkt: de resultaten worden alleen gerapporteerd voor groepen van voldoende omvang, zodat niemand herkenbaar is.

Vul de vragenlijst in via deze persoonlijke link:
<%= it.link %>

U kunt tussendoor stoppen en later verdergaan via dezelfde link. De vragenlijst sluit op <%= it.closeDate %>.

Met vriendelijke groet,
<%= it.senderName %>
<%= it.house %>

Wilt u geen berichten meer over dit onderzoek ontvangen? Meld u af via <%= it.optOutLink %>
`;

export const defaultReminderSubject = 'Herinnering: enquête over de samenwerking – <%= it.house %>';

export const defaultReminderTemplate = `Beste <%= it.name || 'netwerkpartner' %>,

Enige tijd geleden hebben wij u namens <%= it.house %> uitgenodigd voor een korte vragenlijst over de samenwerking in het netwerk. Als u de vragenlijst al hebt ingevuld: hartelijk dank, dan kunt u dit bericht negeren. Zo niet, dan stellen wij het zeer op prijs als u dat alsnog doet; het kost ongeveer 10 minuten en uw antwoorden zijn anoniem.

Uw persoonlijke link:
<%= it.link %>

De vragenlijst sluit op <%= it.closeDate %>.

Met vriendelijke groet,
<%= it.senderName %>
<%= it.house %>

Afmelden: <%= it.optOutLink %>
`;

/*
 * The texts above promise anonymity. A wave that is not anonymous must not make that promise: these
 * variants promise confidential handling and reporting in groups instead.
 */
const anonymousSentence =
  'Uw antwoorden worden anoniem verwerkt: de resultaten worden alleen gerapporteerd voor groepen van voldoende omvang, zodat niemand herkenbaar is.';
const confidentialSentence =
  'Uw antwoorden worden vertrouwelijk behandeld en alleen door de onderzoekers ingezien. De resultaten worden alleen gerapporteerd voor groepen van voldoende omvang, zodat niemand herkenbaar is.';

export const defaultConfidentialInvitationTemplate = defaultInvitationTemplate.replace(anonymousSentence, confidentialSentence);

export const defaultConfidentialReminderTemplate = defaultReminderTemplate.replace(
  'het kost ongeveer 10 minuten en uw antwoorden zijn anoniem.',
  'het kost ongeveer 10 minuten en uw antwoorden worden vertrouwelijk behandeld.',
);

/** The default invitation and reminder bodies for an anonymous or a non-anonymous wave. */
export function defaultTemplates(anonymous: boolean): { invitation: string; reminder: string } {
  return anonymous
    ? { invitation: defaultInvitationTemplate, reminder: defaultReminderTemplate }
    : { invitation: defaultConfidentialInvitationTemplate, reminder: defaultConfidentialReminderTemplate };
}

/** The platform's defaults in the shape a questionnaire gives its own. */
const platformTexts: Required<MailTexts> = {
  invitationSubject: defaultInvitationSubject,
  invitation: defaultInvitationTemplate,
  reminderSubject: defaultReminderSubject,
  reminder: defaultReminderTemplate,
  invitationConfidential: defaultConfidentialInvitationTemplate,
  reminderConfidential: defaultConfidentialReminderTemplate,
};

function textsOf(questionnaire: { mailTexts?: MailTexts } | undefined): Required<MailTexts> {
  const own = questionnaire?.mailTexts;
  if (!own) return platformTexts;
  return { ...own, invitationConfidential: own.invitationConfidential ?? own.invitation, reminderConfidential: own.reminderConfidential ?? own.reminder };
}

/** The texts a new wave of `questionnaire` starts with: its own texts, or the platform's defaults, for an anonymous wave or not. */
export function waveTextsFor(questionnaire: { mailTexts?: MailTexts } | undefined, anonymous: boolean) {
  const t = textsOf(questionnaire);
  return {
    invitation_subject: t.invitationSubject,
    invitation_template: anonymous ? t.invitation : t.invitationConfidential,
    reminder_subject: t.reminderSubject,
    reminder_template: anonymous ? t.reminder : t.reminderConfidential,
  };
}

/**
 * A body that is still one of the defaults (the platform's, or the questionnaire's own) follows the
 * wave's anonymity, so unticking "anoniem" does not leave a promise of anonymity in the invitation;
 * an edited body is left alone.
 */
export function matchDefaultToAnonymity(body: string, kind: 'invitation' | 'reminder', anonymous: boolean, questionnaire?: { mailTexts?: MailTexts }): string {
  const normalized = body.replace(/\r\n?/g, '\n');
  for (const t of questionnaire?.mailTexts ? [textsOf(questionnaire), platformTexts] : [platformTexts]) {
    const pair = kind === 'invitation' ? [t.invitation, t.invitationConfidential] : [t.reminder, t.reminderConfidential];
    if (pair.includes(normalized)) return anonymous ? pair[0]! : pair[1]!;
  }
  return body;
}

/** The four default texts as wave columns, to spread into a new wave. */
export const defaultWaveTexts = {
  invitation_subject: defaultInvitationSubject,
  invitation_template: defaultInvitationTemplate,
  reminder_subject: defaultReminderSubject,
  reminder_template: defaultReminderTemplate,
} as const;

/** The sender address of a wave made without one (command line, national round): noreply@ the site's host. */
export function defaultSender(baseUrl: string): string {
  const host = new URL(baseUrl).hostname;
  return host.includes('.') ? `noreply@${host}` : 'noreply@example.org';
}
