/**
 * What changed between two versions of a questionnaire, in words, and what that means for comparing
 * results: for each aspect (and each variable) whether results of the later version can be set
 * beside those of the earlier one.
 *
 * The rule, per aspect: wording fixes keep comparability (a statement, question, option or scale
 * label reworded; routing, help texts and settings of other questions changed). An aspect stops
 * being comparable when what its score is computed from changes: its item set, the substantive scale
 * values of an item (added, removed, or a scale point turned into a missing code or back), the
 * reverse keying of an item, or the number of answered items a score needs. A new aspect has no
 * earlier results. Only that aspect is affected; the others stay comparable.
 *
 * A variable (an export column) is comparable when it exists in both versions with the same kind,
 * the same substantive values and the same missing codes; rewording keeps it comparable.
 *
 * Pure: the admin pages, `questionnaire diff` and the comparisons and trends of the results pages
 * all call compareQuestionnaires().
 */
import { codeReference, conditionInWords } from './conditionWords.js';
import { indexOf, type NormalizedAspect, type Questionnaire } from './normalize.js';
import { isQuestion, type BackgroundVariable, type Condition, type Question } from './schema.js';
import { moduleOf } from './types/index.js';
import type { Variable } from './variables.js';

export type ChangeKind =
  /** A variable, question, page, aspect or background variable that only the later version has. */
  | 'added'
  /** … that only the earlier version has. */
  | 'removed'
  /** A text reworded: question, statement, option or scale label, intro, closing, title, aspect label. */
  | 'wording'
  /** The answer values of a variable: a value added or removed, or turned into a missing code. */
  | 'values'
  /** The declared missing codes of a variable (weet niet, geen oordeel). */
  | 'missing'
  /** A question's type or a variable's kind. */
  | 'type'
  /** A showIf of a page or a question. */
  | 'routing'
  /** Other settings of a question (required, ranges, totals, number of entries, …). */
  | 'settings'
  /** Reverse keying or the answered items an aspect score needs. */
  | 'scoring'
  /** The items of an aspect. */
  | 'membership'
  /** A background variable's question or bands. */
  | 'bands';

export interface QuestionnaireChange {
  kind: ChangeKind;
  /** The code, aspect id or background id the change is about ('' for the questionnaire itself). */
  subject: string;
  /** One Dutch sentence. */
  text: string;
}

export type ComparabilityStatus = 'unchanged' | 'comparable' | 'broken' | 'added' | 'removed';

export interface AspectComparability {
  id: string;
  label: string;
  /** Whether results of the later version can be compared with those of the earlier one. */
  comparable: boolean;
  status: ComparabilityStatus;
  /** Why not (empty when comparable). */
  reasons: string[];
  /** Changes to its items that keep it comparable (wording, routing). */
  notes: string[];
}

export interface VariableComparability {
  code: string;
  comparable: boolean;
  status: ComparabilityStatus;
  reasons: string[];
}

export interface QuestionnaireComparison {
  from: { id: string; version: string };
  to: { id: string; version: string };
  /** True when nothing at all differs (the two versions have the same content). */
  identical: boolean;
  changes: QuestionnaireChange[];
  /** Every aspect of either version: those of the later version in its order, then the removed ones. */
  aspects: AspectComparability[];
  /** Every variable of either version, as `aspects`. */
  variables: VariableComparability[];
}

const quote = (s: string) => `‘${s}’`;
const answered = (n: number) => `${n} ${n === 1 ? 'beantwoord item' : 'beantwoorde items'}`;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function substantive(v: Variable): number[] {
  return v.valueLabels.filter((l) => !v.missingValues.includes(l.value)).map((l) => l.value);
}

function list(values: readonly (number | string)[]): string {
  return values.length === 0 ? 'geen' : values.join(', ');
}

interface VariableDifferences {
  /** Kind and substantive values: the data mean something else. */
  values: QuestionnaireChange[];
  /** Missing codes: the raw data need recoding, scores computed from substantive values do not change. */
  missing: QuestionnaireChange[];
  wording: QuestionnaireChange[];
}

/** Differences of one variable that exists in both versions. */
function variableDifferences(a: Variable, b: Variable): VariableDifferences {
  const breaking: QuestionnaireChange[] = [];
  const missing: QuestionnaireChange[] = [];
  const wording: QuestionnaireChange[] = [];
  const code = b.code;
  if (a.kind !== b.kind) breaking.push({ kind: 'type', subject: code, text: `${code} is nu ${b.kind === 'number' ? 'een getal' : 'tekst'} (was ${a.kind === 'number' ? 'een getal' : 'tekst'}).` });
  const va = substantive(a);
  const vb = substantive(b);
  if (!sameJson(va, vb)) {
    const added = vb.filter((v) => !va.includes(v));
    const removed = va.filter((v) => !vb.includes(v));
    const detail = added.length || removed.length ? `${added.length ? ` toegevoegd: ${list(added)}` : ''}${added.length && removed.length ? ';' : ''}${removed.length ? ` vervallen: ${list(removed)}` : ''}` : ' andere volgorde';
    breaking.push({ kind: 'values', subject: code, text: `Antwoordwaarden van ${code} gewijzigd (${list(va)} → ${list(vb)};${detail}).` });
  }
  if (!sameJson([...a.missingValues].sort(), [...b.missingValues].sort())) {
    missing.push({ kind: 'missing', subject: code, text: `Ontbrekende-waardecodes van ${code} gewijzigd (${list(a.missingValues)} → ${list(b.missingValues)}).` });
  }
  if (a.label !== b.label) wording.push({ kind: 'wording', subject: code, text: `Tekst van ${code} gewijzigd: ${quote(a.label)} → ${quote(b.label)}.` });
  for (const label of b.valueLabels) {
    const before = a.valueLabels.find((l) => l.value === label.value);
    if (before && before.label !== label.label) {
      wording.push({ kind: 'wording', subject: code, text: `Label van waarde ${label.value} bij ${code} gewijzigd: ${quote(before.label)} → ${quote(label.label)}.` });
    }
  }
  return { values: breaking, missing, wording };
}

/** The settings of a question beyond its texts, options, items and routing (ranges, totals, required, …). */
function settings(q: Question): Record<string, unknown> {
  const { code: _c, text: _t, help: _h, showIf: _s, options: _o, scale: _sc, missing: _m, statements: _st, items: _i, type: _ty, dontKnow: _d, ...rest } = q as Question &
    Record<string, unknown>;
  return rest;
}

const describeValue = (v: unknown) => (v === undefined ? '(niet gezet)' : JSON.stringify(v));

function questionChanges(qa: Question, qb: Question, earlier: Questionnaire, later: Questionnaire): QuestionnaireChange[] {
  const out: QuestionnaireChange[] = [];
  const code = qb.code;
  if (qa.type !== qb.type) out.push({ kind: 'type', subject: code, text: `Vraag ${code} is van type ${qa.type} naar ${qb.type} gegaan.` });
  if (qa.text !== qb.text) out.push({ kind: 'wording', subject: code, text: `Vraagtekst van ${code} gewijzigd: ${quote(qa.text)} → ${quote(qb.text)}.` });
  if ((qa.help ?? '') !== (qb.help ?? '')) out.push({ kind: 'wording', subject: code, text: `Toelichting bij ${code} gewijzigd.` });
  out.push(...routingChange(code, `vraag ${code}`, qa.showIf, qb.showIf, earlier, later));
  const sa = settings(qa);
  const sb = settings(qb);
  for (const key of [...new Set([...Object.keys(sa), ...Object.keys(sb)])]) {
    if (!sameJson(sa[key], sb[key])) out.push({ kind: 'settings', subject: code, text: `Instelling ${key} van ${code} gewijzigd: ${describeValue(sa[key])} → ${describeValue(sb[key])}.` });
  }
  const flags = (q: Question) => ('options' in q ? q.options.map(({ label: _l, otherLabel: _ol, ...rest }) => rest) : null);
  const fa = flags(qa);
  const fb = flags(qb);
  if (fa && fb && sameJson(fa.map((o) => o.value), fb.map((o) => o.value)) && !sameJson(fa, fb)) {
    out.push({ kind: 'settings', subject: code, text: `Eigenschappen van de antwoordopties van ${code} gewijzigd (betekenis, exclusief, ‘anders’ of ontbrekend).` });
  }
  const ra = new Map(moduleOf(qa).scaleItems().map((i) => [i.code, i.reverse]));
  for (const item of moduleOf(qb).scaleItems()) {
    const before = ra.get(item.code);
    if (before !== undefined && before !== item.reverse) {
      out.push({ kind: 'scoring', subject: item.code, text: `${item.code} wordt nu ${item.reverse ? 'omgekeerd' : 'niet meer omgekeerd'} gescoord.` });
    }
  }
  return out;
}

function routingChange(subject: string, what: string, a: Condition | undefined, b: Condition | undefined, earlier: Questionnaire, later: Questionnaire): QuestionnaireChange[] {
  if (sameJson(a, b)) return [];
  const words = (q: Questionnaire, c: Condition | undefined) => (c ? `alleen als ${conditionInWords(q, c, codeReference)}` : 'altijd');
  return [{ kind: 'routing', subject, text: `Routering van ${what} gewijzigd: eerst ${words(earlier, a)}, nu ${words(later, b)}.` }];
}

function aspectComparability(a: NormalizedAspect | undefined, b: NormalizedAspect, changesOf: (code: string) => { breaking: QuestionnaireChange[]; notes: QuestionnaireChange[] }): AspectComparability {
  if (!a) return { id: b.id, label: b.label, comparable: false, status: 'added', reasons: ['Nieuw aspect: de eerdere versie heeft er geen resultaten voor.'], notes: [] };
  const reasons: string[] = [];
  const notes: string[] = [];
  const added = b.items.filter((i) => !a.items.includes(i));
  const removed = a.items.filter((i) => !b.items.includes(i));
  if (added.length || removed.length) {
    reasons.push(`Andere items${added.length ? `; erbij: ${added.join(', ')}` : ''}${removed.length ? `; eraf: ${removed.join(', ')}` : ''}.`);
  }
  if (a.minAnswered !== b.minAnswered) reasons.push(`Een score vraagt nu ${answered(b.minAnswered)} (was ${a.minAnswered}).`);
  for (const item of b.items.filter((i) => a.items.includes(i))) {
    const changes = changesOf(item);
    reasons.push(...changes.breaking.map((c) => c.text));
    notes.push(...changes.notes.map((c) => c.text));
  }
  if (a.label !== b.label) notes.push(`Naam van het aspect gewijzigd: ${quote(a.label)} → ${quote(b.label)}.`);
  const comparable = reasons.length === 0;
  // a change to a matrix (its routing) concerns each of its statements: said once
  const once = (texts: string[]) => [...new Set(texts)];
  return { id: b.id, label: b.label, comparable, status: !comparable ? 'broken' : notes.length ? 'comparable' : 'unchanged', reasons: once(reasons), notes: once(notes) };
}

function backgroundChanges(a: BackgroundVariable[], b: BackgroundVariable[]): QuestionnaireChange[] {
  const out: QuestionnaireChange[] = [];
  const before = new Map(a.map((x) => [x.id, x]));
  const after = new Map(b.map((x) => [x.id, x]));
  for (const x of b) {
    const old = before.get(x.id);
    if (!old) {
      out.push({ kind: 'added', subject: x.id, text: `Achtergrondkenmerk ${quote(x.label)} (${x.id}, vraag ${x.question}) toegevoegd.` });
      continue;
    }
    if (old.question !== x.question) out.push({ kind: 'bands', subject: x.id, text: `Achtergrondkenmerk ${x.id} komt nu uit ${x.question} (was ${old.question}).` });
    if (!sameJson(old.bands, x.bands)) {
      const bands = (v: BackgroundVariable) => (v.bands ? v.bands.map((band) => band.label).join(' | ') : 'geen (elk antwoord een groep)');
      out.push({ kind: 'bands', subject: x.id, text: `Indeling van achtergrondkenmerk ${x.id} gewijzigd: ${bands(old)} → ${bands(x)}.` });
    }
    if (old.label !== x.label) out.push({ kind: 'wording', subject: x.id, text: `Naam van achtergrondkenmerk ${x.id} gewijzigd: ${quote(old.label)} → ${quote(x.label)}.` });
  }
  for (const x of a) if (!after.has(x.id)) out.push({ kind: 'removed', subject: x.id, text: `Achtergrondkenmerk ${quote(x.label)} (${x.id}) vervallen.` });
  return out;
}

/** Compare an earlier version with a later one (of the same questionnaire, or any two). */
export function compareQuestionnaires(earlier: Questionnaire, later: Questionnaire): QuestionnaireComparison {
  const changes: QuestionnaireChange[] = [];
  const ia = indexOf(earlier);
  const ib = indexOf(later);

  for (const [key, name] of [
    ['title', 'Titel'],
    ['intro', 'Introductietekst'],
    ['closing', 'Slottekst'],
  ] as const) {
    if (earlier[key] !== later[key]) changes.push({ kind: 'wording', subject: '', text: `${name} gewijzigd.` });
  }

  const pagesA = new Map(earlier.pages.map((p) => [p.id, p]));
  for (const page of later.pages) {
    const old = pagesA.get(page.id);
    if (!old) changes.push({ kind: 'added', subject: page.id, text: `Pagina ${quote(page.title ?? page.id)} (${page.id}) toegevoegd.` });
    else {
      changes.push(...routingChange(page.id, `pagina ${page.id}`, old.showIf, page.showIf, earlier, later));
      if ((old.title ?? '') !== (page.title ?? '')) changes.push({ kind: 'wording', subject: page.id, text: `Titel van pagina ${page.id} gewijzigd.` });
      const texts = (p: typeof page) => p.blocks.filter((b) => !isQuestion(b)).map((b) => (b as { text: string }).text);
      if (!sameJson(texts(old), texts(page))) changes.push({ kind: 'wording', subject: page.id, text: `Tekstblokken op pagina ${page.id} gewijzigd.` });
    }
  }
  const pagesB = new Set(later.pages.map((p) => p.id));
  for (const page of earlier.pages) if (!pagesB.has(page.id)) changes.push({ kind: 'removed', subject: page.id, text: `Pagina ${quote(page.title ?? page.id)} (${page.id}) vervallen.` });

  for (const q of ib.questions) {
    const old = ia.question.get(q.code);
    if (!old) changes.push({ kind: 'added', subject: q.code, text: `Vraag ${q.code} toegevoegd: ${quote(q.text || q.code)}.` });
    else changes.push(...questionChanges(old, q, earlier, later));
  }
  for (const q of ia.questions) if (!ib.question.has(q.code)) changes.push({ kind: 'removed', subject: q.code, text: `Vraag ${q.code} vervallen: ${quote(q.text || q.code)}.` });

  const variableChanges = new Map<string, { breaking: QuestionnaireChange[]; notes: QuestionnaireChange[] }>();
  const variables: VariableComparability[] = [];
  for (const v of later.variables) {
    const old = ia.variable.get(v.code);
    if (!old) {
      // a new question's variables come with the question's own line
      if (ia.question.has(v.question)) changes.push({ kind: 'added', subject: v.code, text: `Variabele ${v.code} toegevoegd (${quote(v.label)}).` });
      variables.push({ code: v.code, comparable: false, status: 'added', reasons: ['Nieuwe variabele.'] });
      continue;
    }
    const { values, missing, wording } = variableDifferences(old, v);
    // a question's own variable carries the question text, reported with the question already
    const reworded = wording.filter((c) => !(ib.question.has(v.code) && c.text.startsWith(`Tekst van ${v.code} `)));
    changes.push(...values, ...missing, ...reworded);
    variableChanges.set(v.code, { breaking: values, notes: [...missing, ...reworded] });
    const breaking = [...values, ...missing];
    const comparable = breaking.length === 0;
    variables.push({ code: v.code, comparable, status: !comparable ? 'broken' : wording.length ? 'comparable' : 'unchanged', reasons: breaking.map((c) => c.text) });
  }
  for (const v of earlier.variables) {
    if (ib.variable.has(v.code)) continue;
    // a removed question's variables go with the question's own line
    if (ib.question.has(v.question)) changes.push({ kind: 'removed', subject: v.code, text: `Variabele ${v.code} vervallen (${quote(v.label)}).` });
    variables.push({ code: v.code, comparable: false, status: 'removed', reasons: ['Vervallen variabele.'] });
  }

  const scoring = new Map<string, QuestionnaireChange[]>();
  for (const c of changes) if (c.kind === 'scoring') scoring.set(c.subject, [...(scoring.get(c.subject) ?? []), c]);
  const routingOf = (code: string): QuestionnaireChange[] => {
    const question = ib.owner.get(code);
    return changes.filter((c) => c.kind === 'routing' && (c.subject === question || c.subject === later.pages[ib.pageOf.get(question ?? '') ?? -1]?.id));
  };
  const changesOf = (code: string) => {
    const own = variableChanges.get(code) ?? { breaking: [], notes: [] };
    return { breaking: [...own.breaking, ...(scoring.get(code) ?? [])], notes: [...own.notes, ...routingOf(code)] };
  };

  const aspectsA = new Map(earlier.aspects.map((a) => [a.id, a]));
  const aspects = later.aspects.map((b) => aspectComparability(aspectsA.get(b.id), b, changesOf));
  for (const aspect of aspects) {
    const before = aspectsA.get(aspect.id);
    if (!before) changes.push({ kind: 'added', subject: aspect.id, text: `Aspect ${quote(aspect.label)} (${aspect.id}) toegevoegd.` });
    else {
      const b = later.aspects.find((x) => x.id === aspect.id)!;
      if (!sameJson(before.items, b.items)) {
        changes.push({ kind: 'membership', subject: aspect.id, text: `Items van aspect ${aspect.id} gewijzigd: ${before.items.join(', ')} → ${b.items.join(', ')}.` });
      }
      if (before.minAnswered !== b.minAnswered) changes.push({ kind: 'scoring', subject: aspect.id, text: `Aspect ${aspect.id} vraagt nu ${answered(b.minAnswered)} voor een score (was ${before.minAnswered}).` });
      if (before.label !== b.label) changes.push({ kind: 'wording', subject: aspect.id, text: `Naam van aspect ${aspect.id} gewijzigd: ${quote(before.label)} → ${quote(b.label)}.` });
    }
  }
  const idsB = new Set(later.aspects.map((a) => a.id));
  for (const a of earlier.aspects) {
    if (idsB.has(a.id)) continue;
    changes.push({ kind: 'removed', subject: a.id, text: `Aspect ${quote(a.label)} (${a.id}) vervallen.` });
    aspects.push({ id: a.id, label: a.label, comparable: false, status: 'removed', reasons: ['Het aspect is vervallen.'], notes: [] });
  }

  changes.push(...backgroundChanges(earlier.background, later.background));
  if (!sameJson(earlier.repeat, later.repeat)) changes.push({ kind: 'settings', subject: '', text: 'Instelling herhalen (nogmaals invullen voor een ander overleg) gewijzigd.' });

  return {
    from: { id: earlier.id, version: earlier.version },
    to: { id: later.id, version: later.version },
    identical: changes.length === 0 && sameJson({ ...earlier, version: '' }, { ...later, version: '' }),
    changes,
    aspects,
    variables,
  };
}

/** Whether results of `aspectId` stay comparable (false for an aspect either version lacks). */
export function aspectComparable(comparison: QuestionnaireComparison, aspectId: string): boolean {
  return comparison.aspects.find((a) => a.id === aspectId)?.comparable ?? false;
}

/** Whether every aspect both versions have stays comparable and none was removed. */
export function allAspectsComparable(comparison: QuestionnaireComparison): boolean {
  return comparison.aspects.every((a) => a.comparable || a.status === 'added');
}
