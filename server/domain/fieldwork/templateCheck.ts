/**
 * Checking a wave's invitation and reminder texts before they are saved. The texts are Eta templates,
 * and Eta runs whatever JavaScript a tag holds; so a text may only use merge fields, optionally with
 * a fallback, and if/else on a merge field. Then it must compile and render with sample values.
 */
import { Eta } from 'eta';

export const MERGE_FIELDS = ['name', 'link', 'closeDate', 'house', 'optOutLink', 'senderName'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/** Example values for the trial render and the preview on the wave page. */
export const SAMPLE_FIELDS: Record<MergeField, string> = {
  name: 'Jan Jansen',
  link: 'https://enquete.example/r/VOORBEELDLINK',
  closeDate: '20 december 2026',
  house: 'Veiligheidshuis Voorbeeldregio',
  optOutLink: 'https://enquete.example/optout/VOORBEELDLINK',
  senderName: 'Onderzoeksteam',
};

const field = `it\\.(?:${MERGE_FIELDS.join('|')})`;
const literal = `(?:'[^'\\\\\\n]*'|"[^"\\\\\\n]*")`;
const allowedTags = [
  new RegExp(`^[=~]\\s*${field}(?:\\s*(?:\\|\\||\\?\\?)\\s*${literal})?\\s*$`),
  new RegExp(`^\\s*(?:\\}\\s*else\\s+)?if\\s*\\(\\s*!?\\s*${field}\\s*\\)\\s*\\{\\s*$`),
  /^\s*\}\s*else\s*\{\s*$/,
  /^\s*\}\s*$/,
];

/** "het <%= it.house %>": reads well for "Veiligheidshuis Twente", not for "Alle Veiligheidshuizen" or "Zorg- en Veiligheidshuis …". */
const ARTICLE_BEFORE_HOUSE = /(?:^|[^\p{L}])(?:het|de|des|der|een)\s+<%[-_]?[=~]\s*it\.house\b/iu;

const engine = new Eta({ autoEscape: false, autoTrim: false, cache: false });

export interface TemplateCheckOptions {
  /** Merge fields the rendered text must contain (e.g. the survey link in a message body). */
  required?: MergeField[];
  /** A subject: one line. */
  singleLine?: boolean;
}

const requiredLabels: Record<MergeField, string> = {
  name: 'de naam (<%= it.name %>)',
  link: 'de link naar de vragenlijst (<%= it.link %>)',
  closeDate: 'de sluitingsdatum (<%= it.closeDate %>)',
  house: 'het Veiligheidshuis (<%= it.house %>)',
  optOutLink: 'de afmeldlink (<%= it.optOutLink %>)',
  senderName: 'de afzender (<%= it.senderName %>)',
};

/** A Dutch message about what is wrong with a template, or null when it can be saved. */
export function checkTemplate(source: string, options: TemplateCheckOptions = {}): string | null {
  if (source.trim() === '') return 'Vul een tekst in.';
  if (options.singleLine && /[\r\n]/.test(source.trim())) return 'Het onderwerp moet op één regel staan.';
  const tagRe = /<%([\s\S]*?)(%>|$)/g;
  for (const match of source.matchAll(tagRe)) {
    if (match[2] !== '%>') return 'Een tag "<%" wordt niet afgesloten met "%>".';
    // Eta's whitespace-trim markers may sit just inside the delimiters
    const inner = match[1]!.replace(/^[-_]/, '').replace(/[-_]$/, '');
    if (!allowedTags.some((re) => re.test(inner))) {
      return `Niet toegestaan: "<%${match[1]}%>". Gebruik alleen samenvoegvelden (${MERGE_FIELDS.map((f) => `it.${f}`).join(', ')}), eventueel met een standaardwaarde zoals <%= it.name || 'collega' %>, en <% if (it.name) { %> … <% } %>.`;
    }
  }
  if (ARTICLE_BEFORE_HOUSE.test(source)) {
    return 'Zet geen lidwoord voor <%= it.house %>: de naam staat op zichzelf, en “het Alle Veiligheidshuizen” of “de Veiligheidshuis Twente” leest niet. Schrijf bijvoorbeeld “namens <%= it.house %>” of “<%= it.house %> onderzoekt”.';
  }
  let rendered: string;
  try {
    rendered = engine.renderString(source, SAMPLE_FIELDS);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return `De tekst kan niet worden verwerkt: ${message}. Controleer of elke "<% if (…) { %>" een "<% } %>" heeft.`;
  }
  for (const required of options.required ?? []) {
    if (!rendered.includes(SAMPLE_FIELDS[required])) return `De tekst moet ${requiredLabels[required]} bevatten.`;
  }
  return null;
}

/** Render a checked template with merge field values (plain text, nothing escaped). */
export function renderTemplate(source: string, fields: Record<MergeField, string>): string {
  return engine.renderString(source, fields);
}
