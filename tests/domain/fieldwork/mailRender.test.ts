import { describe, expect, it } from 'vitest';
import { defaultWaveTexts } from '../../../server/domain/fieldwork/defaultTexts.js';
import { compileWaveMail, createTextEta, htmlBlocks } from '../../../server/domain/fieldwork/mailRender.js';
import { createEta } from '../../../server/templates/eta.js';

const engines = { text: createTextEta(), html: createEta() };
const wave = {
  house: 'Veiligheidshuis Noord-Holland Noord',
  sender_name: 'Team Onderzoek',
  closes_at: '2026-12-20T22:59:59.999Z',
  ...defaultWaveTexts,
};
const person = { name: 'Jan & <b>Piet</b>', link: 'https://survey.example/r/abc_DEF-123', optOutLink: 'https://survey.example/optout/7.sig' };

describe('rendering a wave’s messages', () => {
  it('fills the merge fields in the plain-text part, unescaped', () => {
    const m = compileWaveMail(engines, wave).render('invitation', person);
    expect(m.subject).toBe('Uitnodiging: enquête over de samenwerking – Veiligheidshuis Noord-Holland Noord');
    expect(m.text).toContain('Beste Jan & <b>Piet</b>,');
    expect(m.text).toContain('De vragenlijst sluit op 20 december 2026.');
    expect(m.text).toContain('https://survey.example/optout/7.sig');
  });

  it('escapes everything in the HTML part and turns the link line into a button', () => {
    const m = compileWaveMail(engines, wave).render('invitation', person);
    expect(m.html).toContain('Beste Jan &amp; &lt;b&gt;Piet&lt;/b&gt;,');
    expect(m.html).not.toContain('<b>Piet');
    expect(m.html).toMatch(/<a href="https:\/\/survey\.example\/r\/abc_DEF-123"[^>]*>Vragenlijst invullen<\/a>/);
    expect(m.html).toContain('<a href="https://survey.example/optout/7.sig">https://survey.example/optout/7.sig</a>');
    expect(m.html).toContain('<html lang="nl">');
  });

  it('adds the link and an opt-out link when a template leaves them out, and flattens the subject', () => {
    const bare = { ...wave, reminder_subject: 'Herinnering\n<%= it.house %>', reminder_template: 'Beste <%= it.name %>, denk aan de enquête.' };
    const m = compileWaveMail(engines, bare).render('reminder', person);
    expect(m.subject).toBe('Herinnering Veiligheidshuis Noord-Holland Noord');
    expect(m.text).toContain(`Naar de vragenlijst:\n${person.link}`);
    expect(m.text).toContain(`Meld u af via ${person.optOutLink}`);
    expect(m.html).toContain('Vragenlijst invullen');
  });

  it('names the template that does not compile', () => {
    expect(() => compileWaveMail(engines, { ...wave, reminder_template: 'Beste <%= it.name' })).toThrow(/reminder_template/);
  });

  it('shows a wave closing at midnight with the last day it is open', () => {
    const m = compileWaveMail(engines, { ...wave, closes_at: '2026-12-20T23:00:00.000Z' }).render('reminder', person);
    expect(m.text).toContain('sluit op 20 december 2026');
  });
});

describe('HTML blocks', () => {
  it('splits paragraphs on blank lines and keeps line breaks', () => {
    expect(htmlBlocks('a\nb\n\nc', 'https://x/r/1')).toEqual([
      { type: 'p', html: 'a<br>\nb' },
      { type: 'p', html: 'c' },
    ]);
  });
  it('does not let a URL end in sentence punctuation or break out of the attribute', () => {
    const [p] = htmlBlocks('Zie https://x/a?b=1&c=2. En "https://x/"onclick', 'https://x/r/1');
    expect(p).toEqual({ type: 'p', html: 'Zie <a href="https://x/a?b=1&amp;c=2">https://x/a?b=1&amp;c=2</a>. En &quot;<a href="https://x/">https://x/</a>&quot;onclick' });
  });
});
