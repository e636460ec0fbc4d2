import { describe, expect, it } from 'vitest';
import {
  defaultInvitationSubject,
  defaultInvitationTemplate,
  defaultReminderSubject,
  defaultReminderTemplate,
} from '../../../server/domain/fieldwork/defaultTexts.js';
import { checkTemplate, renderTemplate, SAMPLE_FIELDS } from '../../../server/domain/fieldwork/templateCheck.js';

describe('checkTemplate', () => {
  it('accepts the Dutch default texts', () => {
    expect(checkTemplate(defaultInvitationTemplate, { required: ['link', 'optOutLink'] })).toBeNull();
    expect(checkTemplate(defaultReminderTemplate, { required: ['link', 'optOutLink'] })).toBeNull();
    expect(checkTemplate(defaultInvitationSubject, { singleLine: true })).toBeNull();
    expect(checkTemplate(defaultReminderSubject, { singleLine: true })).toBeNull();
  });

  it('accepts merge fields with fallbacks, raw output, trim markers and if/else on a field', () => {
    const source = "Beste <%= it.name || 'collega' %>,<% if (!it.name) { %> (geen naam)<% } else { %> welkom<% } %>\n<%~ it.link %> <%_= it.optOutLink _%> <%= it.house ?? \"huis\" %>";
    expect(checkTemplate(source, { required: ['link', 'optOutLink'] })).toBeNull();
  });

  it('rejects code, unknown fields, unclosed tags and unbalanced blocks', () => {
    expect(checkTemplate('<% process.exit(1) %> <%= it.link %>')).toMatch(/^Niet toegestaan: "<% process\.exit\(1\) %>"/);
    expect(checkTemplate("<%= it.name || require('fs') %>")).toMatch(/^Niet toegestaan/);
    expect(checkTemplate('<%= it.naam %>')).toMatch(/^Niet toegestaan/);
    expect(checkTemplate('<%= `${it.name}` %>')).toMatch(/^Niet toegestaan/);
    expect(checkTemplate('Hallo <%= it.name')).toBe('Een tag "<%" wordt niet afgesloten met "%>".');
    expect(checkTemplate('<% if (it.name) { %>x')).toMatch(/^De tekst kan niet worden verwerkt/);
  });

  it('requires the link and opt-out link in message bodies, one line in subjects', () => {
    expect(checkTemplate('Vul in: <%= it.link %>', { required: ['link', 'optOutLink'] })).toBe('De tekst moet de afmeldlink (<%= it.optOutLink %>) bevatten.');
    expect(checkTemplate('<% if (it.name) { %><%= it.link %><% } %>', { required: ['link'] })).toBeNull();
    expect(checkTemplate('Regel een\nregel twee', { singleLine: true })).toBe('Het onderwerp moet op één regel staan.');
    expect(checkTemplate('   ')).toBe('Vul een tekst in.');
  });
});

describe('the house name in a sentence', () => {
  it('refuses an article before the house (“het Alle Veiligheidshuizen” does not read) and accepts it standing on its own', () => {
    const refused = 'Zet geen lidwoord voor <%= it.house %>';
    for (const text of ['Het <%= it.house %> onderzoekt', 'in het <%= it.house %>', 'van de <%=it.house%>', 'een <%~ it.house %>']) {
      expect(checkTemplate(text), text).toContain(refused);
    }
    for (const text of ['Namens <%= it.house %> onderzoeken wij', '<%= it.house %> onderzoekt', 'samenwerking – <%= it.house %>', 'Lethet <%= it.house %>']) {
      expect(checkTemplate(text), text).toBeNull();
    }
  });
});

describe('renderTemplate', () => {
  it('fills merge fields as plain text, without HTML escaping', () => {
    const text = renderTemplate("Beste <%= it.name || 'netwerkpartner' %> van <%= it.house %>", { ...SAMPLE_FIELDS, name: '', house: 'Huis "A" & <B>' });
    expect(text).toBe('Beste netwerkpartner van Huis "A" & <B>');
  });
});
