/**
 * Dutch default invitation and reminder texts: a research invitation that says who asks, why, how
 * long it takes, that answers are anonymous, and until when. Eta templates; merge fields are
 * it.name, it.link, it.closeDate, it.house, it.optOutLink, it.senderName.
 */
export const defaultInvitationSubject = 'Uitnodiging: enquête over de samenwerking in <%= it.house %>';

export const defaultInvitationTemplate = `Beste <%= it.name || 'netwerkpartner' %>,

Het <%= it.house %> onderzoekt hoe goed de samenwerking tussen de partners in het netwerk verloopt. U neemt deel aan een of meer casusoverleggen en uw ervaring is daarom belangrijk. Wij vragen u een korte vragenlijst in te vullen; dat kost ongeveer 10 minuten.

Uw antwoorden worden anoniem verwerkt: de resultaten worden alleen gerapporteerd voor groepen van voldoende omvang, zodat niemand herkenbaar is.

Vul de vragenlijst in via deze persoonlijke link:
<%= it.link %>

U kunt tussendoor stoppen en later verdergaan via dezelfde link. De vragenlijst sluit op <%= it.closeDate %>.

Met vriendelijke groet,
<%= it.senderName %>
<%= it.house %>

Wilt u geen berichten meer over dit onderzoek ontvangen? Meld u af via <%= it.optOutLink %>
`;

export const defaultReminderSubject = 'Herinnering: enquête over de samenwerking in <%= it.house %>';

export const defaultReminderTemplate = `Beste <%= it.name || 'netwerkpartner' %>,

Enige tijd geleden hebben wij u uitgenodigd voor een korte vragenlijst over de samenwerking in het <%= it.house %>. Als u de vragenlijst al hebt ingevuld: hartelijk dank, dan kunt u dit bericht negeren. Zo niet, dan stellen wij het zeer op prijs als u dat alsnog doet; het kost ongeveer 10 minuten en uw antwoorden zijn anoniem.

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

/**
 * A body that is still one of the defaults follows the wave's anonymity (so unticking "anoniem"
 * does not leave a promise of anonymity in the invitation); an edited body is left alone.
 */
export function matchDefaultToAnonymity(body: string, kind: 'invitation' | 'reminder', anonymous: boolean): string {
  const normalized = body.replace(/\r\n?/g, '\n');
  const isDefault = normalized === defaultTemplates(true)[kind] || normalized === defaultTemplates(false)[kind];
  return isDefault ? defaultTemplates(anonymous)[kind] : body;
}

/** The four default texts as wave columns, to spread into a new wave. */
export const defaultWaveTexts = {
  invitation_subject: defaultInvitationSubject,
  invitation_template: defaultInvitationTemplate,
  reminder_subject: defaultReminderSubject,
  reminder_template: defaultReminderTemplate,
} as const;
