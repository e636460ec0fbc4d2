/**
 * View models of the respondent pages: intro, a questionnaire page (one partial per question type,
 * views/questions/<type>.eta) and the thank-you page.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Question } from '../../domain/questionnaire/schema.js';
import type { FormInput } from '../../domain/questionnaire/types/form.js';
import { route, type Route } from '../../domain/questionnaire/routing.js';
import type { Values } from '../../domain/questionnaire/variables.js';
import { formatDutchDateTime } from '../../domain/format/nl.js';
import { applicabilityHint } from '../../domain/respondent/conditionText.js';
import { answerSheet } from '../../domain/respondent/answerSheet.js';
import { checkAnswers } from '../../domain/respondent/check.js';
import { isComplete } from '../../domain/respondent/completion.js';
import type { RepeatRound } from '../../domain/respondent/repeat.js';
import type { WaveAbout } from '../../services/respondent.js';
import { purgeDueAt } from '../../domain/fieldwork/retention.js';
import { formatDutchDate } from '../../domain/format/nl.js';
import type { SentResponse } from '../../services/sentAnswers.js';
import { checkPage, nextPage, pageForm, pageItems, previousPage, progress, splitContact, type PageItem } from '../../domain/respondent/pages.js';
import type { Questionnaire } from '../../domain/questionnaire/normalize.js';
import { dutchDateTime } from '../../services/respondent.js';
import { csrfToken, pageUrl, type Session } from './session.js';
import { CompiledTemplates, fieldHolds, type PageWriter, type Recorder } from '../../templates/compiled.js';
import type { ViewEta } from '../../templates/eta.js';

/** Paragraphs of a text as written in the questionnaire (blank lines separate them). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** Read access to the fields shown on a page, for the question partials. */
export interface Fields {
  /** The field's (first) value, '' when empty. */
  val(name: string): string;
  /** Is `value` among the field's values (a checked radio, checkbox or selected option)? */
  has(name: string, value: number | string): boolean;
  /** Has the field a value (a checked lone checkbox)? */
  filled(name: string): boolean;
  /** The field's value or values as sent (undefined when absent): what has() looks in. */
  raw(name: string): string | readonly string[] | undefined;
}

export function fieldsOf(form: FormInput): Fields {
  return new FormFields(form);
}

// a class, not an object of arrow functions: called for every option of every question, made once
// per page view (tsx names every arrow function of an object literal when it is made)
class FormFields implements Fields {
  constructor(private readonly form: FormInput) {}

  val(name: string): string {
    const raw = this.form[name];
    return (Array.isArray(raw) ? raw[0] : raw) ?? '';
  }

  raw(name: string): string | readonly string[] | undefined {
    return this.form[name];
  }

  has(name: string, value: number | string): boolean {
    return fieldHolds(this.form[name], typeof value === 'string' ? value : String(value));
  }

  filled(name: string): boolean {
    return this.val(name) !== '';
  }
}

export interface PageOptions {
  /** The submitted fields (re-shown as typed when the page has errors); else the stored answers. */
  form?: FormInput;
  errors?: Map<string, string>;
  status?: number;
  notice?: string;
  /** route(questionnaire, values) when the caller has computed it already. */
  route?: Route;
  /** The respondent has been on the check page: offer to go back there. */
  toCheck?: boolean;
  /** The round of a repeat draft: said on every page; its done targets marked, its carried answers filled in. */
  repeat?: RepeatRound | null;
}

interface ItemView {
  kind: 'text' | 'question';
  paragraphs: string[];
  question: Question | null;
  error: string | undefined;
  /** JSON of the same-page condition (read by respondent.js) and its hint, when the question depends on this page. */
  showIf: string | null;
  hint: string | null;
  /** Options of a repeat's target question that earlier responses were about. */
  done: number[];
}

const scripts = ['respondent.js'];

/** The footer of every respondent page: the privacy and accessibility statements of this link. */
export function footerOf(base: string): { privacy: string | null; accessibility: string } {
  return { privacy: `${base}/privacy`, accessibility: `${base}/toegankelijkheid` };
}

type BlockView = Pick<ItemView, 'paragraphs' | 'showIf' | 'hint'>;

// A block object belongs to one questionnaire object, which never changes (an opened wave's snapshot
// is parsed once; a refreshed one is a new object), and whether its condition depends on its own page
// is fixed too: what a block shows apart from the answers is worked out once.
const blockViews = new WeakMap<object, BlockView>();

function blockView(q: Questionnaire, item: PageItem): BlockView {
  const block = item.kind === 'text' ? item.block : item.question;
  let view = blockViews.get(block);
  if (!view) {
    view = {
      paragraphs: item.kind === 'text' ? paragraphs(item.block.text) : [],
      showIf: item.dependent ? JSON.stringify(item.dependent) : null,
      hint: item.dependent && item.kind === 'question' ? applicabilityHint(q, item.dependent) : null,
    };
    blockViews.set(block, view);
  }
  return view;
}

export async function renderPage(app: FastifyInstance, reply: FastifyReply, s: Session, page: number, values: Values, opts: PageOptions = {}) {
  const { model, html } = pageView(app, s, page, values, opts, reply.raw);
  reply.status(opts.status ?? 200);
  if (!html) return reply.viewAsync('pages/respondent/page', model());
  return reply.type('text/html; charset=utf-8').send(html);
}

/**
 * A questionnaire page: laid out from its compiled shape when it has one (`html`), else undefined
 * and Eta renders `model()` (as reply.viewAsync('pages/respondent/page', model()) would). The
 * complete model (the items, the error summary) is built only when asked for: a compiled page needs
 * only the parts it fills in.
 */
export function pageView(
  app: Pick<FastifyInstance, 'eta' | 'secrets'>,
  s: Session,
  page: number,
  values: Values,
  opts: PageOptions = {},
  /** The response that will send the page (its buffer is reused once it is written: templates/compiled.ts). */
  by?: PageWriter,
): { model: () => PageModel; html: Buffer | undefined } {
  const q = s.questionnaire;
  const errors = opts.errors ?? NO_ERRORS;
  const r = opts.route ?? route(q, values);
  const shown = pageItems(q, values, page, r);
  const { position, total } = progress(q, values, page, r);
  const title = q.pages[page]?.title;
  const repeat = opts.repeat;
  const parts: PageModel = {
    title: `${errors.size > 0 ? 'Fout: ' : ''}${title ? `${title} – ` : ''}${q.title} (pagina ${position} van ${total})`,
    scripts,
    bodyClass: 'respondent',
    footer: footerOf(s.base),
    questionnaireTitle: q.title,
    pageTitle: title ?? null,
    position,
    total,
    action: `${s.base}/pagina/${page + 1}`,
    csrf: csrfToken(app, s),
    items: NO_ITEMS,
    summary: NO_SUMMARY,
    // a repeat fills in the answers about the person again, until the respondent saves the page
    f: fieldsOf(opts.form ?? pageForm(q, page, repeat ? { ...repeat.carry, ...values } : values)),
    round: repeat?.sentence ?? null,
    first: previousPage(q, values, page, r) === undefined,
    // on the last page Volgende leads to the overview already
    toCheck: opts.toCheck === true && nextPage(q, values, page, r) !== undefined,
    notice: opts.notice ?? null,
    preview: s.preview ?? null,
  };
  let whole: PageModel | undefined;
  const model = (): PageModel => (whole ??= { ...parts, ...itemsOf(q, shown, errors, repeat) });
  // a repeat's done options are marked on its target question: such a page is rendered by Eta
  const marksDone = repeat != null && repeat.done.length > 0 && shown.some((i) => i.kind === 'question' && i.question.code === repeat.target);
  const key = errors.size === 0 && !parts.preview && !marksDone ? shapeOf(q, page, shown, parts) : undefined;
  return { model, html: key === undefined ? undefined : compiledPages(app.eta).render(q, key, parts, model, (rec, m) => symbolicPage(m, rec), by) };
}

const NO_ERRORS: ReadonlyMap<string, string> = new Map();
const NO_ITEMS: ItemView[] = [];
const NO_SUMMARY: PageModel['summary'] = [];

/** The blocks of the page as the template shows them, and the summary of the page's errors. */
function itemsOf(q: Questionnaire, shown: PageItem[], errors: ReadonlyMap<string, string>, repeat: RepeatRound | null | undefined): Pick<PageModel, 'items' | 'summary'> {
  const items: ItemView[] = shown.map((item) => ({
    kind: item.kind,
    question: item.kind === 'question' ? item.question : null,
    error: item.kind === 'question' ? errors.get(item.question.code) : undefined,
    done: item.kind === 'question' && repeat?.target === item.question.code ? repeat.done : [],
    ...blockView(q, item),
  }));
  if (errors.size === 0) return { items, summary: [] };
  const texts = new Map(items.filter((i) => i.question).map((i) => [i.question?.code, i.question?.text]));
  return { items, summary: [...errors].map(([code, message]) => ({ code, message, text: texts.get(code) ?? code })) };
}

/** The model of views/pages/respondent/page.eta. */
export interface PageModel {
  title: string;
  scripts: string[];
  bodyClass: string;
  footer: { privacy: string | null; accessibility: string };
  questionnaireTitle: string;
  pageTitle: string | null;
  position: number;
  total: number;
  action: string;
  csrf: string;
  items: ItemView[];
  summary: Array<{ code: string; message: string; text: string }>;
  f: Fields;
  round: string | null;
  first: boolean;
  toCheck: boolean;
  notice: string | null;
  preview: Session['preview'] | null;
}

// A questionnaire page without errors, preview or repeat marks is laid out once per shape (which of
// the page's blocks are shown, first page or not, the buttons, a notice or round sentence or not) and
// filled in per request: templates/compiled.ts. Error pages (422), previews and a repeat's marked
// options are rendered by Eta.
const compiledByEngine = new WeakMap<ViewEta, CompiledTemplates<PageModel>>();

function compiledPages(eta: ViewEta): CompiledTemplates<PageModel> {
  let pages = compiledByEngine.get(eta);
  if (!pages) {
    pages = new CompiledTemplates<PageModel>(eta, 'pages/respondent/page', (m, name) => m.f.raw(name));
    compiledByEngine.set(eta, pages);
  }
  return pages;
}

/** Everything besides the per-request parts that steers the page template. */
function shapeOf(q: Questionnaire, page: number, shown: PageItem[], m: PageModel): string | undefined {
  const blocks: readonly object[] = q.pages[page]?.blocks ?? [];
  const at = shown.map((i) => blocks.indexOf(i.kind === 'text' ? i.block : i.question));
  if (at.includes(-1)) return undefined;
  return `${page}|${m.first ? 1 : 0}${m.toCheck ? 1 : 0}${m.notice === null ? 0 : 1}${m.round === null ? 0 : 1}|${at.join(',')}`;
}

/** The page model with its per-request parts handed out by the recorder. */
function symbolicPage(m: PageModel, rec: Recorder<PageModel>): PageModel {
  return {
    ...m,
    title: rec.text((x) => x.title),
    footer: {
      privacy: m.footer.privacy === null ? null : rec.text((x) => x.footer.privacy ?? ''),
      accessibility: rec.text((x) => x.footer.accessibility),
    },
    position: rec.text((x) => String(x.position)) as unknown as number,
    total: rec.text((x) => String(x.total)) as unknown as number,
    action: rec.text((x) => x.action),
    csrf: rec.text((x) => x.csrf),
    notice: m.notice === null ? null : rec.text((x) => x.notice ?? ''),
    round: m.round === null ? null : rec.text((x) => x.round ?? ''),
    f: {
      val: (name) => rec.text((x) => x.f.val(name)),
      // an option is on when the field holds its value (fieldHolds, as f.has())
      has: (name, value) => rec.field(name, String(value)),
      filled: (name) => rec.bit((x) => x.f.filled(name)),
      raw: () => {
        throw new Error('the page template does not read raw fields');
      },
    },
  };
}

/** The check page: what is unanswered per page, with links back, and the Versturen button. */
export async function renderCheck(app: FastifyInstance, reply: FastifyReply, s: Session, values: Values, opts: { notice?: string; repeat?: RepeatRound | null } = {}) {
  const q = s.questionnaire;
  const r = route(q, values);
  const check = checkAnswers(q, values, r);
  const { position, total } = progress(q, values, checkPage(q), r);
  return reply.viewAsync('pages/respondent/check', {
    title: `Controleren en versturen – ${q.title} (pagina ${position} van ${total})`,
    scripts,
    bodyClass: 'respondent',
    footer: footerOf(s.base),
    questionnaireTitle: q.title,
    position,
    total,
    check,
    pages: check.pages.map((p) => ({
      ...p,
      url: pageUrl(s, p.page),
      items: p.unanswered.map((u) => ({ ...u, url: `${pageUrl(s, p.page)}#${u.kind === 'statement' ? 'st' : 'q'}-${u.code}` })),
    })),
    partial: !isComplete(q, splitContact(q, r.values).answers),
    action: `${s.base}/controle`,
    csrf: csrfToken(app, s),
    notice: opts.notice ?? null,
    round: opts.repeat?.sentence ?? null,
    preview: s.preview ?? null,
  });
}

export async function renderIntro(app: FastifyInstance, reply: FastifyReply, s: Session, startUrl: string, about: WaveAbout) {
  const q = s.questionnaire;
  return reply.viewAsync('pages/respondent/intro', {
    title: q.title,
    bodyClass: 'respondent',
    footer: footerOf(s.base),
    questionnaireTitle: q.title,
    house: s.wave.house,
    sender: senderOf(about),
    senderEmail: about.sender_email,
    minCellSize: about.min_cell_size,
    hasContact: q.pages.some((p) => p.blocks.some((b) => b.type !== 'text' && b.contact)),
    intro: paragraphs(q.intro),
    minutes: q.estimatedMinutes ?? null,
    anonymous: s.wave.anonymous === 1,
    open: s.kind === 'open',
    closes: formatDutchDateTime(s.wave.closes_at),
    startUrl,
    csrf: csrfToken(app, s),
    preview: s.preview ?? null,
  });
}

export interface ThanksOptions {
  /** Offer to fill in the questionnaire again for another overleg. */
  repeat: boolean;
  /** What the responses so far were about (the repeat target's answers), where known. */
  done: string[];
  /** This browser sent a response in this session: offer to view and print it. */
  answers: boolean;
  /** Responses the respondent may still edit (non-anonymous waves with allow_edit). */
  edits: Array<{ id: string; submittedOn: string }>;
}

export async function renderThanks(app: FastifyInstance, reply: FastifyReply, s: Session, opts: ThanksOptions) {
  const q = s.questionnaire;
  return reply.viewAsync('pages/respondent/thanks', {
    title: `Bedankt – ${q.title}`,
    bodyClass: 'respondent',
    footer: footerOf(s.base),
    questionnaireTitle: q.title,
    closing: paragraphs(q.closing),
    repeatPrompt: opts.repeat ? (q.repeat?.prompt ?? null) : null,
    done: opts.done,
    answersUrl: opts.answers ? `${s.base}/antwoorden` : null,
    anonymous: s.wave.anonymous === 1,
    count: s.invitation?.responses_count ?? 0,
    edits: opts.edits,
    base: s.base,
    csrf: csrfToken(app, s),
    closes: formatDutchDateTime(s.wave.closes_at),
    preview: s.preview ?? null,
  });
}

/** What this browser sent in this session, to read and print: the thank-you page's "uw antwoorden". */
export async function renderAnswers(app: FastifyInstance, reply: FastifyReply, s: Session, sent: readonly SentResponse[]) {
  const q = s.questionnaire;
  return reply.viewAsync('pages/respondent/answers', {
    title: `Uw antwoorden – ${q.title}`,
    scripts,
    bodyClass: 'respondent answers-page',
    footer: footerOf(s.base),
    questionnaireTitle: q.title,
    house: s.wave.house,
    responses: sent.map((r, i) => ({ number: i + 1, complete: r.complete, pages: answerSheet(q, r.values) })).reverse(),
    back: `${s.base}/klaar`,
    anonymous: s.wave.anonymous === 1,
  });
}

/** "Onderzoeksteam (Veiligheidshuis Noord-Holland Noord)": who asks. */
function senderOf(about: WaveAbout): string {
  return about.sender_organisation ? `${about.sender_name} (${about.sender_organisation})` : about.sender_name;
}

export interface StatementLink {
  base: string;
  kind: 'invitation' | 'open';
  wave: Pick<Session['wave'], 'house' | 'anonymous' | 'allow_edit' | 'closes_at'>;
  about: WaveAbout;
  /** The respondent's own opt-out page (invitation links only). */
  optOutUrl: string | null;
}

/** The privacy statement of a link, generated from its wave: who asks, what is stored, for how long, who sees what, how to object. */
export async function renderPrivacy(reply: FastifyReply, link: StatementLink) {
  const { wave, about } = link;
  const due = purgeDueAt({ closes_at: wave.closes_at, retention_days: about.retention_days });
  return reply.viewAsync('pages/respondent/privacy', {
    title: `Privacyverklaring – ${wave.house}`,
    bodyClass: 'respondent statement',
    footer: footerOf(link.base),
    house: wave.house,
    sender: senderOf(about),
    senderEmail: about.sender_email,
    anonymous: wave.anonymous === 1,
    allowEdit: wave.allow_edit === 1,
    open: link.kind === 'open',
    closes: formatDutchDate(wave.closes_at),
    retentionDays: about.retention_days,
    purgeDate: due ? formatDutchDate(due) : null,
    minCellSize: about.min_cell_size,
    optOutUrl: link.optOutUrl,
    back: link.base,
  });
}

/** The accessibility statement: WCAG 2.1 AA, what is tested, how to report a problem (to the wave's sender when reached from a link). */
export async function renderAccessibility(reply: FastifyReply, link: { base: string; about: WaveAbout } | null) {
  return reply.viewAsync('pages/respondent/accessibility', {
    title: 'Toegankelijkheidsverklaring',
    bodyClass: 'respondent statement',
    footer: link ? footerOf(link.base) : { privacy: null, accessibility: '/toegankelijkheid' },
    sender: link ? senderOf(link.about) : null,
    senderEmail: link?.about.sender_email ?? null,
    back: link?.base ?? null,
  });
}
