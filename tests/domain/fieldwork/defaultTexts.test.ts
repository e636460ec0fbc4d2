import { describe, expect, it } from 'vitest';
import { defaultTemplates, matchDefaultToAnonymity, waveTextsFor } from '../../../server/domain/fieldwork/defaultTexts.js';
import { checkTemplate, renderTemplate, SAMPLE_FIELDS } from '../../../server/domain/fieldwork/templateCheck.js';
import { instrument } from '../../helpers/questionnaire.js';

const houses = ['Veiligheidshuis Noord-Holland Noord', 'Alle Veiligheidshuizen', 'Zorg- en Veiligheidshuis Rotterdam-Rijnmond', 'Veiligheidshuis Fryslân'];

describe('default texts', () => {
  it('read correctly with any house name: the name stands on its own, never after an article', () => {
    for (const anonymous of [true, false]) {
      for (const q of [undefined, instrument('breedtescan-ketenmanagers'), instrument('stappenmeter-doelbereik')]) {
        const texts = waveTextsFor(q, anonymous);
        for (const [key, text] of Object.entries(texts)) {
          expect(checkTemplate(text, key.endsWith('template') ? { required: ['link', 'optOutLink'] } : { singleLine: true }), key).toBeNull();
          for (const house of houses) {
            const rendered = renderTemplate(text, { ...SAMPLE_FIELDS, house });
            expect(rendered, `${key} for ${house}`).not.toMatch(new RegExp(`\\b(het|de|een) ${house}`, 'i'));
          }
        }
      }
    }
    const invitation = renderTemplate(waveTextsFor(undefined, true).invitation_template, { ...SAMPLE_FIELDS, house: 'Alle Veiligheidshuizen' });
    expect(invitation).toContain('Namens Alle Veiligheidshuizen onderzoeken wij');
  });

  it('of the breedtescan address the ketenmanager of a Veiligheidshuis, not netwerkpartners of a casusoverleg', () => {
    const texts = waveTextsFor(instrument('breedtescan-ketenmanagers'), false);
    const invitation = renderTemplate(texts.invitation_template, { ...SAMPLE_FIELDS, name: '' });
    expect(invitation).toMatch(/^Beste ketenmanager,/);
    expect(invitation).toContain('Als (keten)manager van uw Veiligheidshuis');
    expect(invitation).toContain('10 tot 15 minuten');
    expect(`${invitation}${texts.reminder_template}`).not.toMatch(/netwerkpartner|casusoverleg/);
    expect(texts.invitation_subject).toBe('Uitnodiging: vragenlijst voor ketenmanagers over het Landelijk Kader Veiligheidshuizen');
  });

  it('follow the wave’s anonymity while unedited, for the platform’s texts and a questionnaire’s own', () => {
    const { invitation: anonymous } = defaultTemplates(true);
    const { invitation: confidential } = defaultTemplates(false);
    expect(matchDefaultToAnonymity(anonymous, 'invitation', false)).toBe(confidential);
    expect(matchDefaultToAnonymity(confidential, 'invitation', true)).toBe(anonymous);
    expect(matchDefaultToAnonymity(`${anonymous} (aangepast)`, 'invitation', false)).toBe(`${anonymous} (aangepast)`);
    const own = { mailTexts: { invitationSubject: 'U', invitation: 'Anoniem <%= it.link %> <%= it.optOutLink %>', reminderSubject: 'H', reminder: 'R', invitationConfidential: 'Vertrouwelijk <%= it.link %> <%= it.optOutLink %>' } };
    expect(matchDefaultToAnonymity(own.mailTexts.invitation, 'invitation', false, own)).toBe(own.mailTexts.invitationConfidential);
    expect(waveTextsFor(own, false)).toMatchObject({ invitation_template: own.mailTexts.invitationConfidential, reminder_template: 'R' });
  });
});
