/**
 * Every fault a researcher can see when checking a questionnaire is Dutch. A corpus of broken
 * questionnaires triggers every place in the checks that makes a fault (each call of lintFault(),
 * found by reading the sources and followed to its caller through the stack), every zod issue the
 * questionnaire schema can raise, and JSON syntax errors; no message may contain English words.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { projectRoot } from '../../../server/config.js';
import { dutchIssueMessage } from '../../../server/domain/questionnaire/issueMessages.js';
import { parseQuestionnaire } from '../../../server/domain/questionnaire/load.js';
import { checkQuestionnaireText, MAX_QUESTIONNAIRE_CHARS } from '../../../server/services/questionnaires.js';
import { loadQuestionnaireFile, readQuestionnaireFolder } from '../../../server/services/questionnaireFiles.js';
import { base, questionnaireJson, type Raw } from '../../helpers/questionnaire.js';
import { englishIn } from '../../helpers/dutch.js';

const seen = vi.hoisted(() => ({ stacks: [] as string[] }));

vi.mock('../../../server/domain/questionnaire/lint/model.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../server/domain/questionnaire/lint/model.js')>();
  return {
    ...original,
    lintFault(path: string, message: string) {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 64;
      seen.stacks.push(new Error().stack ?? '');
      Error.stackTraceLimit = limit;
      return original.lintFault(path, message);
    },
  };
});

const checks = join(projectRoot, 'server', 'domain', 'questionnaire');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Every line that makes a fault: a call of `fault(`/`ctx.fault(` or `lintFault(`, not a definition or a pass-through. */
function faultSites(): string[] {
  const sites: string[] = [];
  for (const file of sources(checks)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, k) => {
        if (!/\b(?:fault|lintFault)\(/.test(line)) return;
        if (/function lintFault|fault\((?:path|where): string|\((?:path|where), message\)|\(f\.path, f\.message\)/.test(line)) return;
        sites.push(`${relative(projectRoot, file)}:${k + 1}`);
      });
  }
  return sites;
}

/** The source lines a captured stack passes through. */
function frames(stack: string): string[] {
  return stack
    .split('\n')
    .map((line) => /(\/[^\s()]+\.ts):(\d+):\d+\)?$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${relative(projectRoot, m[1]!)}:${m[2]}`);
}

const open = (code: string, showIf?: unknown) => ({ type: 'open', code, text: `Vraag ${code}`, ...(showIf ? { showIf } : {}) });
const onLastPage = (showIf: unknown) => (r: Raw) => void r.pages[2]!.blocks.push(open('Q10', showIf));
const never = { all: [{ q: 'Q1', equals: 1 }, { q: 'Q1', equals: 2 }] };

/** Broken questionnaires, each breaking base() in one way; together they reach every fault. */
const lintCorpus: Array<(r: Raw) => void> = [
  // codes
  (r) => r.pages[2]!.blocks.push(open('Q1')),
  (r) => r.pages[2]!.blocks.push(open('q5')),
  (r) => void (r.pages[2]!.id = 'achtergrond'),
  // conditions
  onLastPage({ q: 'Q99', equals: 1 }),
  (r) => void (r.pages[0]!.blocks[5]!.showIf = { q: 'Q8', answered: true }),
  (r) => void (r.pages[1]!.showIf = { q: 'Q7_1', gt: 0 }),
  (r) => void (r.pages[0]!.blocks[5]!.showIf = { q: 'Q5', answered: true }),
  (r) => void (r.pages[0]!.blocks[2]!.showIf = { q: 'Q3', gt: 5 }),
  onLastPage({ q: 'Q4', equals: 1 }),
  onLastPage({ q: 'Q4', includes: 7 }),
  onLastPage({ any: [{ q: 'Q1', includes: 1 }, { q: 'Q6_1', includes: 1 }] }),
  onLastPage({ any: [{ q: 'Q6', equals: 1 }, { q: 'Q7', gt: 5 }, { q: 'Q8', equals: 'x' }] }),
  onLastPage({ q: 'Q5', gte: 3 }),
  onLastPage({ q: 'Q4_other', in: [3, 'x'] }),
  onLastPage({ any: [{ q: 'Q3', equals: 'tien' }, { q: 'Q1', equals: 4 }, { q: 'Q3', notEquals: 150 }] }),
  onLastPage({ any: [{ q: 'Q3', gt: 100 }, { q: 'Q1', lte: 0 }, { q: 'Q7_2', lt: 0 }, { q: 'Q6_1', gte: 5 }] }),
  // aspects
  (r) => {
    r.aspects[0]!.items = ['Q6_1'];
    r.aspects.push({ id: 'oordeel', label: 'Nog eens', items: ['Q6_2'] });
  },
  (r) => void (r.aspects[0]!.items = ['Q6', 'Q1', 'Q7_1', 'Q99', 'Q6_1', 'Q6_1']),
  (r) => r.aspects.push({ id: 'tweede', label: 'Tweede', items: ['Q6_1'] }),
  (r) => {
    r.pages[1]!.blocks.push({ type: 'likert', code: 'Q10', scale: [1, 2, 3, 4, 5].map((value) => ({ value, label: `${value}` })), statements: [{ code: 'Q10_1', text: 'Vijf' }] });
    r.aspects[0]!.items.push('Q10_1');
  },
  (r) => void (r.aspects[0]!.minAnswered = 4),
  // background variables and bands
  (r) => void (r.background[1]!.id = 'functie'),
  (r) => r.background.push({ id: 'a', label: 'A', question: 'Q6_1' }, { id: 'b', label: 'B', question: 'Q99' }, { id: 'c', label: 'C', question: 'Q4' }),
  (r) => {
    r.pages[0]!.blocks[2]!.contact = true;
    r.background.push({ id: 'deelname', label: 'Deelname', question: 'Q2', bands: [{ label: 'ja', min: 1 }] });
  },
  (r) => void (r.background[1]!.bands = [{ label: 'laag', min: 20, max: 10 }, { label: 'laag', min: 5 }]),
  (r) => void (r.background[1]!.bands = [{ label: 'laag', max: 50 }, { label: 'hoog', min: 50 }]),
  (r) => {
    for (const o of r.pages[0]!.blocks[1]!.options) delete o.meaning;
  },
  (r) => r.pages[0]!.blocks[1]!.options.splice(2, 0, { value: 4, label: 'OM' }, { value: 5, label: 'zorg', meaning: 1.5 }),
  // option lists
  (r) => {
    r.pages[0]!.blocks[1]!.options[2].value = 2;
    r.pages[0]!.blocks[1]!.options[0].otherLabel = 'namelijk';
    r.pages[0]!.blocks[1]!.options[1].exclusive = true;
    r.answerScales.eens![3]!.other = true;
    r.pages[0]!.blocks[4]!.options[1].other = true;
    r.pages[0]!.blocks[4]!.options[0].missing = true;
  },
  // settings
  (r) => void (r.completion = { minAspectsScored: 2, minAnswered: { items: ['Q1', 'Q99', 'Q1', 'Q9'], count: 5 } }),
  (r) => {
    r.aspects = [];
    r.completion = { minAspectsScored: 1 };
  },
  (r) => void (r.repeat = { enabled: true, target: 'Q2', carryOver: ['Q2', 'Q9', 'Q6_1', 'Q99', 'Q5', 'Q5'] }),
  (r) => void (r.repeat = { enabled: true, target: 'Q99' }),
  (r) => void (r.mailTexts = { invitationSubject: 'Twee\nregels', invitation: 'Geen link', reminderSubject: 'Herinnering', reminder: '<%= it.link %> <%= it.optOutLink %>' }),
  // reachability, analysed page by page
  (r) => void (r.pages[2]!.showIf = never),
  (r) => {
    r.pages[1]!.blocks[1]!.showIf = never;
    r.pages[1]!.blocks.push({ type: 'text', text: 'Alleen soms', showIf: never });
    r.pages[2]!.showIf = { q: 'Q7_2', gt: 10 };
  },
  (r) => {
    r.pages[1]!.blocks[0]!.showIf = never;
    r.pages[1]!.blocks[1]!.showIf = never;
    r.pages[2]!.showIf = { all: [{ q: 'Q6_1', equals: 1 }, { q: 'Q7_1', equals: 1 }] };
  },
  (r) => {
    r.pages[2]!.blocks[0]!.showIf = never;
    r.pages[2]!.blocks[1]!.showIf = never;
  },
  // reachability when a page cannot be analysed as a whole (a faulty condition among its targets)
  (r) => {
    r.pages[2]!.showIf = never;
    r.pages[2]!.blocks[0]!.showIf = { q: 'Q99', equals: 1 };
  },
  (r) => {
    r.pages[2]!.blocks[0]!.showIf = { q: 'Q99', equals: 1 };
    r.pages[2]!.blocks[1]!.showIf = never;
    r.pages[2]!.blocks.push({ type: 'text', text: 'Nooit', showIf: never });
  },
  // the question types' own rules
  (r) => void (r.pages[1]!.blocks[1]!.total = 99.5),
  (r) => {
    r.pages[1]!.blocks[0]!.scale = 'eenss';
    r.aspects = [];
  },
  (r) => {
    r.answerScales = {};
    r.aspects = [];
  },
  (r) => void (r.pages[1]!.blocks[0]!.missing[0].value = 4),
  (r) => {
    r.pages[1]!.blocks[0]!.scale = [{ value: 1, label: 'eens' }, { value: 8, label: 'weet niet', missing: true }];
    r.aspects = [];
  },
  (r) => void (r.answerScales.eens![3]!.value = 5),
  (r) => void (r.pages[2]!.blocks[0]!.minEntries = 4),
  (r) => Object.assign(r.pages[0]!.blocks[4]!, { min: 5, max: 2 }),
  (r) => Object.assign(r.pages[0]!.blocks[4]!, { max: 5 }),
  (r) => Object.assign(r.pages[0]!.blocks[3]!, { min: 10, max: 5, dontKnow: { value: 7, label: 'weet niet' } }),
  (r) => Object.assign(r.pages[0]!.blocks[3]!, { min: undefined, max: undefined }),
];

const question = (block: object) => ({ pages: [{ id: 'p', blocks: [block] }] });
const openQ = { type: 'open', code: 'Q1', text: 'Vraag' };

/** Files the schema refuses, together raising every issue code it can raise. */
const schemaCorpus: unknown[] = [
  [],
  { title: 'Zonder id', version: 1, pages: [] },
  { id: 'Met Hoofdletters', version: '', title: 'T', extra: 1, more: 2, ...question(openQ) },
  { id: 'x', version: '1', title: 'T', estimatedMinutes: 0, language: null, ...question(openQ) },
  question({ type: 'vraag', code: 'Q1', text: 'Vraag' }),
  question({ code: 'Q1', text: 'Vraag' }),
  question({ ...openQ, code: '1e', maxLength: 50000, multiline: 'ja', showIf: { q: 'Q0' } }),
  question({ ...openQ, showIf: { x: 1 } }),
  question({ ...openQ, showIf: 'Q0' }),
  question({ ...openQ, showIf: { all: [{ q: 'Q0', equals: [1] }, { not: 5 }] } }),
  question({ type: 'single', code: 'Q1', text: 'Vraag', display: 'lijst', options: [{ value: 1.5, label: '' }] }),
  question({ type: 'likert', code: 'Q1', scale: 5, statements: [] }),
  question({ type: 'constantSum', code: 'Q1', text: 'Vraag', total: 0, items: [{ code: 'a', label: 'b', extra: true }] }),
  question({ type: 'list', code: 'Q1', text: 'Vraag', maxEntries: 51 }),
  { ...question(openQ), answerScales: { kort: 'x', leeg: [{ value: 1, label: 'a' }] } },
  { ...question(openQ), repeat: { enabled: 'ja', maxResponses: 30, noun: '' } },
  { ...question(openQ), completion: {} },
  { ...question(openQ), aspects: [{ id: 'a', label: 'A', items: [], minAnswered: 0 }], background: [{ id: 'b', label: 'B', question: 'Q1', bands: [{ label: 'x', min: '1' }] }] },
];

const syntaxCorpus = ['', '{', '{"a" 1}', '{"a": tru}', '[1 2]', '{"a": 1 "b": 2}', '{a: 1}', '{"a": "x\ny"}', '{} x', '"\\q"', '"open', `${'['.repeat(300)}${']'.repeat(300)}`];

/** Every message of the corpus, and the stacks the lint faults were made with. */
function runCorpus() {
  seen.stacks.length = 0;
  const messages: string[] = [];
  const check = (text: string) => {
    const result = parseQuestionnaire(text, 'q.json');
    expect(result.ok).toBe(false);
    if (!result.ok) messages.push(...result.faults.map((f) => f.message));
  };
  for (const mutate of lintCorpus) {
    const raw = base();
    mutate(raw);
    check(JSON.stringify(questionnaireJson(raw)));
  }
  for (const json of schemaCorpus) check(JSON.stringify(json));
  for (const text of syntaxCorpus) check(text);
  return { messages, stacks: [...seen.stacks] };
}

describe('every fault a researcher can see is Dutch', () => {
  const { messages, stacks } = runCorpus();

  it('reaches every place in the checks that makes a fault', () => {
    const sites = faultSites();
    // the count guards the source scan itself: a change of call style must not make it find nothing
    expect(sites).toHaveLength(71);
    const reached = new Set(stacks.flatMap(frames));
    expect(sites.filter((site) => !reached.has(site))).toEqual([]);
  });

  it('says every fault without English words', () => {
    expect(messages.length).toBeGreaterThan(150);
    expect(messages.filter((m) => englishIn(m).length > 0).map((m) => `${m}  ← ${englishIn(m).join(', ')}`)).toEqual([]);
    // and says something in Dutch
    const dutch = /\b(de|het|een|is|niet|geen|van|op|moet|mag|kan|verwacht|ontbreekt|onbekende?|dubbele?|ongeldige?|staat|heeft|verwijst|vergelijkt|overlapt|alleen|onverwacht|hier|komt|doet)\b/;
    expect(messages.filter((m) => !dutch.test(m))).toEqual([]);
  });

  it('raises every issue code the questionnaire schema can raise, each in Dutch', () => {
    const expected = [
        'verplicht veld "id" ontbreekt (verwacht: een tekst)',
        'verwacht een tekst, maar dit is het getal 1',
        'onbekende velden "extra" en "more" (let op spelling en hoofdletters)',
        'een id bevat alleen kleine letters, cijfers en - (en begint niet met -)',
        'mag niet leeg zijn',
        'moet groter zijn dan 0 (nu 0)',
        'verwacht een tekst, maar dit is null',
        'onbekende waarde "vraag" voor "type"; kies uit "text" (tekstblok), "likert" (matrixvraag), "single" (enkele keuzevraag), "multi" (meerkeuzevraag), "open" (open vraag), "list" (lijstvraag), "number" (getalvraag), "constantSum" (verdeelvraag), "email" (e-mailvraag) of "yesno" (ja/nee-vraag)',
        '"type" ontbreekt; kies uit "text" (tekstblok), "likert" (matrixvraag), "single" (enkele keuzevraag), "multi" (meerkeuzevraag), "open" (open vraag), "list" (lijstvraag), "number" (getalvraag), "constantSum" (verdeelvraag), "email" (e-mailvraag) of "yesno" (ja/nee-vraag)',
        'een code begint met een letter en bevat alleen letters, cijfers en _ (geen spaties of streepjes)',
        'mag hoogstens 20000 zijn (nu 50000)',
        'verwacht een ja/nee-waarde (true of false), maar dit is de tekst "ja"',
        'een voorwaarde op een vraag heeft precies één van: "equals", "notEquals", "in", "includes", "gt", "gte", "lt", "lte", "answered"',
        'geen geldige voorwaarde: gebruik "q" met één vergelijking, zoals { "q": "Q1", "equals": 1 }, of "all", "any" of "not"',
        'een voorwaarde is een object, zoals { "q": "Q1", "equals": 1 } of een object met "all", "any" of "not", maar dit is de tekst "Q0"',
        'geen geldige voorwaarde: bij all[0].equals: verwacht een getal of een tekst, maar dit is een lijst; bij all[1].not: een voorwaarde is een object, zoals { "q": "Q1", "equals": 1 } of een object met "all", "any" of "not", maar dit is het getal 5',
        'de tekst "lijst" is hier niet toegestaan; kies "radio" of "dropdown"',
        'verwacht een heel getal, maar dit is het getal 1.5',
        'de lijst moet minstens 2 elementen hebben (nu 1)',
        'verwacht een tekst of een lijst [ … ], maar dit is het getal 5',
        'de lijst mag niet leeg zijn',
        'onbekend veld "extra" (let op spelling en hoofdletters)',
        'mag hoogstens 50 zijn (nu 51)',
        'verwacht een lijst [ … ], maar dit is de tekst "x"',
        // zod checks the size after a wrong type too: the message then speaks of the list, without a count
        'de lijst moet minstens 2 elementen hebben',
        'mag hoogstens 20 zijn (nu 30)',
        '"completion" heeft "minAspectsScored", "minAnswered" of allebei nodig',
        'moet minstens 1 zijn (nu 0)',
        'verwacht een getal, maar dit is de tekst "1"',
        'verwacht een object { … }, maar dit is een lijst',
    ];
    expect(expected.filter((m) => !messages.includes(m))).toEqual([]);
  });
});

describe('the Dutch error map', () => {
  const message = (schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value, { error: dutchIssueMessage });
    return result.success ? null : result.error.issues.map((i) => i.message);
  };

  it('covers the issue codes the questionnaire schema cannot raise from JSON as well', () => {
    expect(message(z.number().multipleOf(5), 7)).toEqual(['moet een veelvoud van 5 zijn']);
    expect(message(z.record(z.string().regex(/^[a-z]+$/), z.number()), { A: 1 })).toEqual([expect.stringMatching(/^ongeldige veldnaam: de tekst "A" heeft niet de vereiste vorm/)]);
    // zod raises invalid_element for no JSON value; the map still words it
    const element = { code: 'invalid_element', origin: 'map', key: 'a', input: 'x', path: [], issues: [{ code: 'invalid_type', expected: 'number', path: [], message: 'verwacht een getal, maar dit is de tekst "x"' }] };
    expect(dutchIssueMessage(element as unknown as Parameters<typeof dutchIssueMessage>[0])).toBe('ongeldig element: verwacht een getal, maar dit is de tekst "x"');
    expect(message(z.literal('text'), 'tekst')).toEqual(['verwacht "text", maar dit is de tekst "tekst"']);
    expect(message(z.string().email(), 'geen adres')).toEqual(['de tekst "geen adres" is geen geldig(e) e-mailadres']);
    expect(message(z.string().max(3), 'abcd')).toEqual(['mag hoogstens 3 tekens lang zijn (nu 4)']);
    expect(message(z.string().min(3), 'ab')).toEqual(['moet minstens 3 tekens lang zijn (nu 2)']);
    expect(message(z.string().length(2), 'abc')).toEqual(['moet precies 2 tekens lang zijn (nu 3)']);
    expect(message(z.array(z.number()).max(1), [1, 2])).toEqual(['de lijst mag hoogstens 1 elementen hebben (nu 2)']);
    expect(message(z.number().lt(5), 5)).toEqual(['moet kleiner zijn dan 5 (nu 5)']);
    expect(message(z.number().gte(5), 4)).toEqual(['moet minstens 5 zijn (nu 4)']);
    for (const m of [message(z.custom(() => false), 1), message(z.xor([z.number(), z.number()]), 1)]) expect(m).toEqual([expect.any(String)]);
    expect(englishIn(message(z.custom(() => false), 1)![0]!)).toEqual([]);
  });

  it('is not global: zod elsewhere keeps its own messages (the admin forms give their own Dutch ones)', () => {
    runCorpus();
    expect(z.string().safeParse(5).error?.issues[0]?.message).toBe('Invalid input: expected string, received number');
  });
});

describe('faults outside the file itself', () => {
  it('says in Dutch that a text is too long, a file cannot be read, or an id is used twice', () => {
    const long = checkQuestionnaireText('x'.repeat(MAX_QUESTIONNAIRE_CHARS + 1));
    expect(!long.ok && long.faults.map((f) => f.message)).toEqual(['de tekst is langer dan 2.000.000 tekens']);
    const unreadable = loadQuestionnaireFile('/nonexistent/q.json');
    expect(!unreadable.ok && unreadable.faults.map((f) => f.message)).toEqual(['het bestand is niet te lezen: het bestaat niet (ENOENT)']);
    const dir = mkdtempSync(join(tmpdir(), 'vhq-'));
    for (const name of ['a.json', 'b.json']) writeFileSync(join(dir, name), JSON.stringify(questionnaireJson(base())));
    expect(readQuestionnaireFolder(dir).faults.map((f) => f.message)).toEqual([`id "test" wordt ook gebruikt door ${join(dir, 'a.json')}`]);
    for (const m of ['de tekst is langer dan 2.000.000 tekens', 'het bestand is niet te lezen: het bestaat niet (ENOENT)']) expect(englishIn(m)).toEqual([]);
  });
});
