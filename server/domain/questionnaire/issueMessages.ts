/**
 * The zod schema's faults in plain Dutch: an error map passed to the questionnaire parse only (never
 * set globally, so the admin forms keep their own messages). It covers every issue code zod can
 * raise, names what was expected and what the file has in Dutch words ("tekst", "getal", "lijst",
 * "object", "ja/nee-waarde"), and quotes the researcher's own names (keys, codes, values) as JSON does.
 * Messages a schema gives itself (a code's pattern, a condition's one comparison) win over this map.
 */
import type { z } from 'zod';
import { quoted } from './lint/model.js';
import { conditionUnion } from './parts.js';
import { formatPath } from './path.js';
import { typeModule } from './types/index.js';
import type { QuestionType } from './types/union.js';

type RawIssue = z.core.$ZodRawIssue;

const expectedWords: Record<string, string> = {
  string: 'een tekst',
  number: 'een getal',
  int: 'een heel getal',
  boolean: 'een ja/nee-waarde (true of false)',
  array: 'een lijst [ … ]',
  object: 'een object { … }',
  record: 'een object { … }',
  null: 'null',
};

/** "a", "b" en "c". */
function joined(items: string[], last: 'en' | 'of'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

/** A value from the file in words: `de tekst "ja"`, `het getal 5`, `een lijst`. */
function describeValue(input: unknown): string {
  if (input === null) return 'null';
  if (typeof input === 'string') return `de tekst ${quoted(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  if (typeof input === 'number') return `het getal ${input}`;
  if (typeof input === 'boolean') return `de ja/nee-waarde ${input}`;
  if (Array.isArray(input)) return 'een lijst';
  if (typeof input === 'object') return 'een object';
  return 'een onbekende waarde';
}

function literal(value: unknown): string {
  return typeof value === 'string' ? quoted(value) : String(value);
}

/** What a check is about: the schema it belongs to, which is not always what the input turned out to be. */
function subject(issue: { origin: string; schema?: unknown }): string {
  const type = (issue.schema as { _zod?: { def?: { type?: string } } } | undefined)?._zod?.def?.type;
  return type === 'array' || type === 'string' || type === 'number' ? type : issue.origin;
}

/** " (nu 3)": the current size, when the value is of the kind the bound is about (a check also runs after a wrong type). */
function current(kind: string, input: unknown): string {
  if (kind === 'string' && typeof input === 'string') return ` (nu ${[...input].length})`;
  if (kind !== 'string' && Array.isArray(input)) return ` (nu ${input.length})`;
  return '';
}

/** A string, list or number outside its bounds; `exact` sizes and exclusive bounds in their own words. */
function size(issue: Extract<RawIssue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  const kind = subject(issue);
  const now = current(kind, issue.input);
  const atLeast = small ? 'minstens' : 'hoogstens';
  switch (kind) {
    case 'string':
      if (small && bound === 1) return 'mag niet leeg zijn';
      return issue.exact ? `moet precies ${bound} tekens lang zijn${now}` : `${small ? 'moet' : 'mag'} ${atLeast} ${bound} tekens lang zijn${now}`;
    case 'array':
    case 'set':
      if (small && bound === 1) return 'de lijst mag niet leeg zijn';
      return issue.exact ? `de lijst moet precies ${bound} elementen hebben${now}` : `de lijst ${small ? 'moet' : 'mag'} ${atLeast} ${bound} elementen hebben${now}`;
    default: {
      const value = typeof issue.input === 'number' ? ` (nu ${issue.input})` : '';
      if (issue.inclusive === false) return `moet ${small ? 'groter' : 'kleiner'} zijn dan ${bound}${value}`;
      return `${small ? 'moet' : 'mag'} ${atLeast} ${bound} zijn${value}`;
    }
  }
}

function invalidType(issue: Extract<RawIssue, { code: 'invalid_type' }>): string {
  const expected = expectedWords[issue.expected] ?? `een waarde van de soort ${quoted(issue.expected)}`;
  if (issue.input === undefined) {
    const key = issue.path?.at(-1);
    return `${typeof key === 'string' ? `verplicht veld ${quoted(key)}` : 'een verplichte waarde'} ontbreekt (verwacht: ${expected})`;
  }
  return `verwacht ${expected}, maar dit is ${describeValue(issue.input)}`;
}

/** A path inside a union's value: `all[0].equals`, or a single key quoted as keys are everywhere: `"not"`. */
function innerPath(path: PropertyKey[]): string {
  const text = formatPath(path);
  return /^[\w$]+$/.test(text) ? quoted(text) : text;
}

const NESTED = /^bij ("(?:[^"\\]|\\.)*"|\S+): /;

/** Issues of one branch of a union, each with its path inside the union's value (a nested union's path joined on). */
function described(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .map((i) => {
      if (!i.path.length) return i.message;
      const nested = NESTED.exec(i.message);
      if (!nested) return `bij ${innerPath(i.path)}: ${i.message}`;
      const inner = nested[1]!.startsWith('"') ? (JSON.parse(nested[1]!) as string) : nested[1]!;
      const joined = inner.startsWith('[') ? `${formatPath(i.path)}${inner}` : `${formatPath(i.path)}.${inner}`;
      return `bij ${innerPath([joined])}: ${i.message.slice(nested[0].length)}`;
    })
    .join('; ');
}

const conditionForms = '"q" met één vergelijking, zoals { "q": "Q1", "equals": 1 }, of "all", "any" of "not"';
const NOT_A_CONDITION = 'geen geldige voorwaarde: ';

/** A showIf that is none of the four forms: say which form it comes closest to, and what is wrong with it. */
function condition(issue: Extract<RawIssue, { code: 'invalid_union' }>): string {
  const input = issue.input;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return `een voorwaarde is een object, zoals { "q": "Q1", "equals": 1 } of een object met "all", "any" of "not", maar dit is ${describeValue(input)}`;
  }
  const form = ['q', 'all', 'any', 'not'].findIndex((key) => key in input);
  const branch = issue.errors[form];
  if (form < 0 || !branch) return `${NOT_A_CONDITION}gebruik ${conditionForms}`;
  // a nested condition says so itself: once is enough
  return `${NOT_A_CONDITION}${described(branch.map((i) => ({ path: i.path, message: i.message.replace(NOT_A_CONDITION, '') })))}`;
}

function union(issue: Extract<RawIssue, { code: 'invalid_union' }>): string {
  const options = 'options' in issue ? (issue.options as unknown[] | undefined) : undefined;
  if (issue.discriminator !== undefined && options) {
    const kinds = options.map((o) => `${literal(o)} (${o === 'text' ? 'tekstblok' : typeModule(o as QuestionType).name})`);
    const given = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
    const start = given === undefined ? `${quoted(issue.discriminator)} ontbreekt` : `onbekende waarde ${literal(given)} voor ${quoted(issue.discriminator)}`;
    return `${start}; kies uit ${joined(kinds, 'of')}`;
  }
  if (issue.inst === conditionUnion) return condition(issue);
  if (issue.inclusive === false) return 'past op meer dan één manier; maak duidelijk welke bedoeld is';
  // every form wants another kind of value: name them all
  const rootTypes = issue.errors.map((branch) => branch.find((i) => i.code === 'invalid_type' && i.path.length === 0) as { expected: string } | undefined);
  if (rootTypes.every((t) => t !== undefined)) {
    const expected = [...new Set(rootTypes.map((t) => expectedWords[t!.expected] ?? quoted(t!.expected)))];
    return `verwacht ${joined(expected, 'of')}, maar dit is ${describeValue(issue.input)}`;
  }
  const closest = issue.errors.filter((_, k) => rootTypes[k] === undefined).sort((a, b) => a.length - b.length)[0] ?? [];
  return closest.length ? described(closest) : 'ongeldige waarde';
}

const formatWords: Record<string, string> = { email: 'e-mailadres', url: 'internetadres (URL)', datetime: 'datum en tijd', date: 'datum', time: 'tijd' };

/** Dutch message for a zod issue of the questionnaire schema; pass as `{ error: dutchIssueMessage }` to its parse. */
export function dutchIssueMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue);
    case 'unrecognized_keys': {
      const keys = issue.keys.map(quoted);
      return `${keys.length === 1 ? 'onbekend veld' : 'onbekende velden'} ${joined(keys, 'en')} (let op spelling en hoofdletters)`;
    }
    case 'invalid_value':
      if (issue.values.length === 1) return `verwacht ${literal(issue.values[0])}, maar dit is ${describeValue(issue.input)}`;
      return `${describeValue(issue.input)} is hier niet toegestaan; kies ${joined(issue.values.map(literal), 'of')}`;
    case 'too_small':
    case 'too_big':
      return size(issue);
    case 'invalid_format':
      if (issue.format === 'regex') return `${describeValue(issue.input)} heeft niet de vereiste vorm (patroon ${issue.pattern ?? '?'})`;
      return `${describeValue(issue.input)} is geen geldig(e) ${formatWords[issue.format] ?? quoted(issue.format)}`;
    case 'not_multiple_of':
      return `moet een veelvoud van ${issue.divisor} zijn`;
    case 'invalid_union':
      return union(issue);
    case 'invalid_key':
      return `ongeldige veldnaam: ${issue.issues.map((i) => i.message).join('; ')}`;
    case 'invalid_element':
      return `ongeldig element: ${issue.issues.map((i) => i.message).join('; ')}`;
    default:
      return 'ongeldige waarde';
  }
}
