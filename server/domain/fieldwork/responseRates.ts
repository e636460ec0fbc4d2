/**
 * Response rates of a wave, counting persons (AAPOR Standard Definitions, 10th ed., 2023):
 *
 *   RR1 = complete / (invited − ineligible)
 *   RR2 = (complete + partial) / (invited − ineligible)
 *
 * "Invited" is every participant on the wave's list (the sample), whether or not a message reached
 * them: AAPOR's denominator is the sample minus the known ineligible, and an undeliverable address
 * or an opt-out stays in it. Responses (rows) are reported beside the rates, since one person may
 * answer more than once (e.g. for a second overleg); the rates never count responses.
 *
 * Complete or partial is decided per response by the questionnaire's completion rule. A person is
 * complete when a response they sent is. In an anonymous wave that is not known per person (it would
 * link the person to the response): the wave's totals come from counts kept when each person first
 * sent (`anonymousCounts`), and the breakdowns by list attribute count a sent response as complete.
 */
import { DISPOSITIONS, disposition, dispositionLabels, type Disposition, type PersonState } from './dispositions.js';
import type { MailKind } from './reminderPolicy.js';

export interface RatePerson extends PersonState {
  /** The participant's list attributes (organisatie, overleg, geslacht, …). */
  attributes: Record<string, unknown>;
  /** How many persons share exactly this state and these attributes (1 when absent): the list read grouped. */
  count?: number;
}

export interface DispositionCounts {
  invited: number;
  ineligible: number;
  /** invited − ineligible: the denominator of RR1 and RR2. */
  eligible: number;
  complete: number;
  partial: number;
  optedOut: number;
  nonContact: number;
  noAnswer: number;
}

/** Count persons per disposition (a person with a `count` stands for that many). */
export function countDispositions(persons: ReadonlyArray<PersonState & { count?: number }>): DispositionCounts {
  const n: Record<Disposition, number> = { complete: 0, partial: 0, optedOut: 0, nonContact: 0, noAnswer: 0, ineligible: 0 };
  let invited = 0;
  for (const p of persons) {
    const count = p.count ?? 1;
    n[disposition(p)] += count;
    invited += count;
  }
  return { invited, eligible: invited - n.ineligible, ...n };
}

/** RR1 = complete / (invited − ineligible); null when nobody eligible was invited. */
export function rr1(c: Pick<DispositionCounts, 'complete' | 'eligible'>): number | null {
  return c.eligible > 0 ? c.complete / c.eligible : null;
}

/** RR2 = (complete + partial) / (invited − ineligible); null when nobody eligible was invited. */
export function rr2(c: Pick<DispositionCounts, 'complete' | 'partial' | 'eligible'>): number | null {
  return c.eligible > 0 ? (c.complete + c.partial) / c.eligible : null;
}

export interface BreakdownCell {
  /** The attribute value; null for persons without one. */
  value: string | null;
  invited: number;
  ineligible: number;
  eligible: number;
  /** True when the counts below are withheld (anonymous wave, cell too small: see suppressionRule). */
  suppressed: boolean;
  complete: number | null;
  partial: number | null;
  optedOut: number | null;
  nonContact: number | null;
  noAnswer: number | null;
  rr1: number | null;
  rr2: number | null;
}

export interface Breakdown {
  attribute: string;
  cells: BreakdownCell[];
}

export const suppressionRule =
  'In een anonieme ronde worden de aantallen en percentages van een groep alleen getoond als zowel het aantal ' +
  'volledige invullers als het aantal overige uitgenodigden (exclusief niet-doelgroep) minstens de minimale ' +
  'celgrootte is; anders zou te zien zijn wie wel of niet heeft meegedaan. Is in een uitsplitsing precies één ' +
  'groep verborgen, dan wordt ook de kleinste andere groep verborgen, zodat de verborgen groep niet uit het totaal ' +
  'is terug te rekenen.';

export const anonymousBreakdownRule =
  'Of een verstuurde vragenlijst volledig of gedeeltelijk was, is in een anonieme ronde niet per persoon bekend (dat zou de persoon aan de ' +
  'response koppelen): per groep telt een verstuurde vragenlijst als volledig; alleen de totalen van de ronde maken het onderscheid.';

function attributeValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

const collator = new Intl.Collator('nl', { numeric: true, sensitivity: 'base' });

/** A breakdown has at most this many groups: an attribute with more values (a region per person) is not split. */
export const MAX_BREAKDOWN_GROUPS = 50;
/** At most this many attributes get a breakdown, those on most persons first (the import allows no more attributes). */
export const MAX_BREAKDOWNS = 50;

/** Attributes without a breakdown: how many, and the first few names. */
export interface OmittedBreakdowns {
  count: number;
  examples: string[];
}

/** The note under the breakdowns when some attributes have none (Dutch), or null. */
export function omittedBreakdownsNote(omitted: OmittedBreakdowns | undefined): string | null {
  if (!omitted || omitted.count === 0) return null;
  const more = omitted.count > omitted.examples.length ? ', …' : '';
  return (
    `${omitted.count === 1 ? '1 kenmerk' : `${omitted.count} kenmerken`} van de deelnemerslijst ${omitted.count === 1 ? 'is' : 'zijn'} niet uitgesplitst: ` +
    `meer dan ${MAX_BREAKDOWN_GROUPS} verschillende waarden, of meer dan ${MAX_BREAKDOWNS} kenmerken (${omitted.examples.join(', ')}${more}).`
  );
}

/**
 * The attributes to break down, in name order: those with at most MAX_BREAKDOWN_GROUPS values, the
 * MAX_BREAKDOWNS of them that most persons have; and the others. One pass over every person's
 * attributes, so the cost is bounded by the list itself, however many attributes or values it holds.
 */
function breakdownAttributes(persons: readonly RatePerson[]): { attributes: string[]; omitted: OmittedBreakdowns } {
  const values = new Map<string, { seen: Set<string | null>; persons: number }>();
  for (const p of persons) {
    for (const key of Object.keys(p.attributes)) {
      let entry = values.get(key);
      if (!entry) values.set(key, (entry = { seen: new Set(), persons: 0 }));
      entry.persons += 1;
      if (entry.seen.size <= MAX_BREAKDOWN_GROUPS) entry.seen.add(attributeValue(p.attributes[key]));
    }
  }
  // persons without the attribute join the "unknown" group (null)
  const groups = ({ seen, persons: withKey }: { seen: Set<string | null>; persons: number }) =>
    seen.size + (withKey < persons.length && !seen.has(null) ? 1 : 0);
  const names = [...values.keys()].sort(collator.compare);
  const splittable = names.filter((key) => groups(values.get(key)!) <= MAX_BREAKDOWN_GROUPS);
  const widest = [...splittable].sort((a, b) => values.get(b)!.persons - values.get(a)!.persons || collator.compare(a, b));
  const attributes = widest.slice(0, MAX_BREAKDOWNS).sort(collator.compare);
  const chosen = new Set(attributes);
  const rest = names.filter((key) => !chosen.has(key));
  return { attributes, omitted: { count: rest.length, examples: rest.slice(0, 10) } };
}

/**
 * Non-response analysis: the rates per value of each list attribute (see breakdownAttributes for
 * which). With a minimum cell size (anonymous waves) a cell shows its rates only when both its
 * completers and its other eligible invitees number at least that size, plus complementary
 * suppression of the smallest other cell when exactly one cell of an attribute is hidden. Invited
 * and ineligible counts are list facts and always shown.
 */
export function rateBreakdowns(persons: readonly RatePerson[], minCellSize: number | null): { breakdowns: Breakdown[]; omitted: OmittedBreakdowns } {
  const { attributes, omitted } = breakdownAttributes(persons);
  const breakdowns = attributes.map((attribute) => {
    const groups = new Map<string | null, RatePerson[]>();
    for (const p of persons) {
      const value = attributeValue(p.attributes[attribute]);
      const list = groups.get(value) ?? [];
      list.push(p);
      groups.set(value, list);
    }
    const values = [...groups.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : collator.compare(a, b)));
    const counted = values.map((value) => ({ value, c: countDispositions(groups.get(value)!) }));
    const hidden = new Set<number>();
    if (minCellSize !== null) {
      counted.forEach(({ c }, i) => {
        if (c.complete < minCellSize || c.eligible - c.complete < minCellSize) hidden.add(i);
      });
      if (hidden.size === 1 && counted.length > 1) {
        let smallest = -1;
        counted.forEach(({ c }, i) => {
          if (hidden.has(i)) return;
          const s = counted[smallest]?.c;
          if (!s || c.eligible < s.eligible || (c.eligible === s.eligible && c.complete < s.complete)) smallest = i;
        });
        if (smallest >= 0) hidden.add(smallest);
      }
    }
    const cells = counted.map(({ value, c }, i): BreakdownCell => {
      const base = { value, invited: c.invited, ineligible: c.ineligible, eligible: c.eligible };
      if (hidden.has(i)) {
        return { ...base, suppressed: true, complete: null, partial: null, optedOut: null, nonContact: null, noAnswer: null, rr1: null, rr2: null };
      }
      return {
        ...base,
        suppressed: false,
        complete: c.complete,
        partial: c.partial,
        optedOut: c.optedOut,
        nonContact: c.nonContact,
        noAnswer: c.noAnswer,
        rr1: rr1(c),
        rr2: rr2(c),
      };
    });
    return { attribute, cells };
  });
  return { breakdowns, omitted };
}

/** A mail round as sent: the first day it went out and how many messages it had. */
export interface RoundMark {
  kind: MailKind;
  round: number;
  /** YYYY-MM-DD (Amsterdam) of the first message of the round. */
  date: string;
  sent: number;
}

export interface CurveDay {
  date: string;
  /** Responses submitted that day. */
  responses: number;
  cumulative: number;
  /** Mail rounds that started that day. */
  marks: Array<{ kind: MailKind; round: number }>;
}

const MAX_CURVE_DAYS = 730;

function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Cumulative responses per day from `from` to `to` (YYYY-MM-DD, widened to include every response
 * and round date), each day with the mail rounds that started on it.
 */
export function dailyCurve(submittedOn: readonly string[], rounds: readonly RoundMark[], from: string, to: string): CurveDay[] {
  const perDay = new Map<string, number>();
  for (const d of submittedOn) perDay.set(d, (perDay.get(d) ?? 0) + 1);
  const dates = [from, to, ...perDay.keys(), ...rounds.map((r) => r.date)].sort();
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  const days: CurveDay[] = [];
  let cumulative = 0;
  for (let d = first; d <= last && days.length < MAX_CURVE_DAYS; d = nextDay(d)) {
    const responses = perDay.get(d) ?? 0;
    cumulative += responses;
    const marks = rounds.filter((r) => r.date === d).map((r) => ({ kind: r.kind, round: r.round }));
    days.push({ date: d, responses, cumulative, marks });
  }
  return days;
}

export interface WaveRatesInput {
  persons: readonly RatePerson[];
  /** submitted_on of every response row of the wave (invitation and open-link responses alike). */
  submittedOn: readonly string[];
  /** How many of those responses are partial. */
  partialResponses: number;
  /** Anonymous waves: persons whose first response was complete or partial (the wave's totals only). */
  anonymousCounts: { complete: number; partial: number } | null;
  /** The completion rule in words (domain/respondent/completion.ts). */
  completionRule: string;
  rounds: readonly RoundMark[];
  /** Apply the minimum cell size to the breakdowns (anonymous waves). */
  anonymous: boolean;
  minCellSize: number;
  /** The curve's day range: the wave's opening day to its closing day or today, whichever is first. */
  from: string;
  to: string;
}

export interface WaveRates {
  invited: number;
  ineligible: number;
  eligible: number;
  completePersons: number;
  partialPersons: number;
  /** Of the partial persons: those who sent only responses short of the completion rule (the rest started and never sent). */
  partialSent: number;
  optedOut: number;
  nonContact: number;
  noAnswer: number;
  responses: number;
  /** Responses short of the completion rule (included in the analyses, and reported). */
  partialResponses: number;
  rr1: number | null;
  rr2: number | null;
  formulas: { rr1: string; rr2: string; invited: string; complete: string };
  dispositions: Array<{ disposition: Disposition; label: string; aapor: string; persons: number }>;
  breakdowns: Breakdown[];
  /** Attributes not broken down (too many values, or beyond MAX_BREAKDOWNS); absent in snapshots from before. */
  omittedBreakdowns?: OmittedBreakdowns;
  suppression: { applied: boolean; minCellSize: number; rule: string };
  rounds: RoundMark[];
  daily: CurveDay[];
}

/**
 * The totals of an anonymous wave: of the persons who sent (counted complete per person, as nothing
 * more is known of them), those whose first response was partial move to partial. Should the counts
 * exceed the list (a participant who sent was removed later, and whether complete is unknown), the
 * partial count is capped by the persons who sent, so RR1 is never overstated.
 */
function withAnonymousCounts(c: DispositionCounts, counts: { complete: number; partial: number }): DispositionCounts & { partialSent: number } {
  const partialSent = Math.min(counts.partial, c.complete);
  return { ...c, complete: c.complete - partialSent, partial: c.partial + partialSent, partialSent };
}

function partialSentOf(persons: readonly PersonState[]): number {
  return persons.filter((p) => p.eligible && p.status === 'completed' && p.sentComplete === false).length;
}

/** Everything the rates page and `wave rates` show. */
export function waveRates(input: WaveRatesInput): WaveRates {
  const counted = countDispositions(input.persons);
  const c = input.anonymousCounts ? withAnonymousCounts(counted, input.anonymousCounts) : { ...counted, partialSent: partialSentOf(input.persons) };
  const { breakdowns, omitted } = rateBreakdowns(input.persons, input.anonymous ? input.minCellSize : null);
  return {
    invited: c.invited,
    ineligible: c.ineligible,
    eligible: c.eligible,
    completePersons: c.complete,
    partialPersons: c.partial,
    partialSent: c.partialSent,
    optedOut: c.optedOut,
    nonContact: c.nonContact,
    noAnswer: c.noAnswer,
    responses: input.submittedOn.length,
    partialResponses: input.partialResponses,
    rr1: rr1(c),
    rr2: rr2(c),
    formulas: {
      rr1: 'RR1 = volledig / (uitgenodigd − niet tot de doelgroep)',
      rr2: 'RR2 = (volledig + gedeeltelijk) / (uitgenodigd − niet tot de doelgroep)',
      invited: 'uitgenodigd = alle personen op de deelnemerslijst van de ronde; personen, niet ingevulde vragenlijsten',
      complete: `volledig: ${input.completionRule}`,
    },
    dispositions: DISPOSITIONS.map((d) => ({ disposition: d, ...dispositionLabels[d], persons: c[d] })),
    breakdowns,
    omittedBreakdowns: omitted,
    suppression: { applied: input.anonymous, minCellSize: input.minCellSize, rule: input.anonymous ? `${suppressionRule} ${anonymousBreakdownRule}` : suppressionRule },
    rounds: [...input.rounds].sort((a, b) => (a.kind === b.kind ? a.round - b.round : a.kind === 'invitation' ? -1 : 1)),
    daily: dailyCurve(input.submittedOn, input.rounds, input.from, input.to),
  };
}
