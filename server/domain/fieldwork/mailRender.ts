/**
 * Invitation and reminder messages from the wave's own templates. A wave template is plain text
 * with Eta merge fields (it.name, it.link, it.closeDate, it.house, it.optOutLink, it.senderName);
 * it is compiled once per wave and rendered once per message. The plain-text part is that text;
 * the HTML part is the same text escaped as a whole (so neither a merge field nor the template can
 * inject markup), split into paragraphs, with the survey link as a button, inside the e-mail layout
 * views/emails/layout.eta.
 */
import { Eta } from 'eta';
import { formatDutchDate } from '../format/nl.js';
import type { MailKind } from './reminderPolicy.js';

export interface MergeFields {
  name: string;
  link: string;
  closeDate: string;
  house: string;
  optOutLink: string;
  senderName: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export type WaveTexts = {
  house: string;
  sender_name: string;
  closes_at: string;
  invitation_subject: string;
  invitation_template: string;
  reminder_subject: string;
  reminder_template: string;
};

export interface MailEngines {
  /** Renders the wave templates: no escaping, the result is plain text. */
  text: Eta;
  /** Renders views/emails/layout.eta with escaping on. */
  html: Eta;
}

/** The engine for wave templates: plain text out, so nothing is HTML-escaped here. */
export function createTextEta(): Eta {
  return new Eta({ autoEscape: false, autoTrim: false, cache: false });
}

export interface WaveMailRenderer {
  render(kind: MailKind, person: { name: string | null; link: string; optOutLink: string }): RenderedMail;
}

const OPT_OUT_FOOTER = 'Wilt u geen berichten meer over dit onderzoek ontvangen? Meld u af via';

/** Compile a wave's four templates once; throws (with the template named) when one does not compile. */
export function compileWaveMail(engines: MailEngines, wave: WaveTexts): WaveMailRenderer {
  const compile = (name: string, source: string) => {
    try {
      return engines.text.compile(source);
    } catch (error) {
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const templates = {
    invitation: { subject: compile('invitation_subject', wave.invitation_subject), body: compile('invitation_template', wave.invitation_template) },
    reminder: { subject: compile('reminder_subject', wave.reminder_subject), body: compile('reminder_template', wave.reminder_template) },
  };
  // the last moment the wave is open: a wave closing at midnight closes at the start of that day
  const closeDate = formatDutchDate(new Date(Date.parse(wave.closes_at) - 1));
  return {
    render(kind, person) {
      const fields: MergeFields = {
        name: person.name ?? '',
        link: person.link,
        closeDate,
        house: wave.house,
        optOutLink: person.optOutLink,
        senderName: wave.sender_name,
      };
      const t = templates[kind];
      const subject = engines.text.render(t.subject, fields).replace(/\s+/g, ' ').trim();
      let text = engines.text.render(t.body, fields).replace(/\r\n?/g, '\n').trim();
      // every message carries the survey link and an opt-out link, also when a template leaves them out
      if (!text.includes(fields.link)) text += `\n\nNaar de vragenlijst:\n${fields.link}`;
      if (!text.includes(fields.optOutLink)) text += `\n\n${OPT_OUT_FOOTER} ${fields.optOutLink}`;
      const html = engines.html.render('emails/layout', { subject, house: wave.house, blocks: htmlBlocks(text, fields.link) });
      return { subject, text: `${text}\n`, html };
    },
  };
}

/** A paragraph (already escaped HTML) or the survey button (raw URL, escaped by the layout). */
export type HtmlBlock = { type: 'p'; html: string } | { type: 'button'; href: string };

/** Escape text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escaped text with its URLs made clickable (the URL is escaped too, so it cannot leave the attribute). */
function linkify(escaped: string): string {
  // a URL ends at white space or an escaped quote or angle bracket
  return escaped.replace(/https?:\/\/(?:(?!&quot;|&#39;|&lt;|&gt;)[^\s<>"'])+/g, (match) => {
    const url = match.replace(/[.,;:!?)]+$/, '');
    const rest = match.slice(url.length);
    return `<a href="${url}">${url}</a>${rest}`;
  });
}

/**
 * Paragraphs from blank-line separated text; a line that is only the survey link becomes a button
 * (the paragraph around it is split there).
 */
export function htmlBlocks(text: string, link: string): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  for (const paragraph of text.split(/\n[ \t]*\n/)) {
    let lines: string[] = [];
    const flush = () => {
      const joined = lines.map((l) => linkify(escapeHtml(l))).join('<br>\n');
      if (joined.trim()) blocks.push({ type: 'p', html: joined });
      lines = [];
    };
    for (const line of paragraph.split('\n')) {
      if (line.trim() === link) {
        flush();
        blocks.push({ type: 'button', href: link });
      } else {
        lines.push(line);
      }
    }
    flush();
  }
  return blocks;
}
