import { describe, expect, it } from 'vitest';
import { allAspectsComparable, aspectComparable, compareQuestionnaires, type QuestionnaireComparison } from '../../../server/domain/questionnaire/compare.js';
import type { Questionnaire } from '../../../server/domain/questionnaire/normalize.js';
import { instrument, checkedQuestionnaire } from '../../helpers/questionnaire.js';
import { proefInput } from '../../helpers/proefQuestionnaire.js';

// tests edit a copy of the JSON as a researcher would
type Json = Record<string, any>;

/** proef with two aspects and a banded background variable: version 1. */
function base(): Json {
  const raw = structuredClone(proefInput) as Json;
  raw.aspects = [
    { id: 'overleg', label: 'Het overleg', items: ['M1_1', 'M1_2', 'M1_3'] },
    { id: 'opvolging', label: 'Opvolging', items: ['M2_1', 'M2_2'] },
  ];
  raw.background = [{ id: 'overleg', label: 'Overlegvorm', question: 'Q1' }];
  return raw;
}

/** Version 2: `base()` changed by `edit`. */
function compare(edit: (raw: Json) => void): QuestionnaireComparison {
  const later = base();
  later.version = '2';
  edit(later);
  return compareQuestionnaires(checkedQuestionnaire(base()), checkedQuestionnaire(later));
}

const statusOf = (c: QuestionnaireComparison) => Object.fromEntries(c.aspects.map((a) => [a.id, a.status]));
const matrix = (raw: Json) => raw.pages[1].blocks[1];

describe('compareQuestionnaires: the same content', () => {
  it('finds nothing between a version and itself (only the version number differs)', () => {
    const c = compare(() => undefined);
    expect(c).toMatchObject({ identical: true, changes: [], from: { id: 'proef', version: '1' }, to: { id: 'proef', version: '2' } });
    expect(c.aspects.map((a) => [a.id, a.comparable, a.status])).toEqual([
      ['overleg', true, 'unchanged'],
      ['opvolging', true, 'unchanged'],
    ]);
    expect(c.variables.every((v) => v.status === 'unchanged')).toBe(true);
    expect(allAspectsComparable(c)).toBe(true);
  });

  it('finds nothing between the Stappenmeter and itself either', () => {
    const q = instrument('stappenmeter-doelbereik');
    const c = compareQuestionnaires(q, q);
    expect(c.identical).toBe(true);
    expect(c.aspects).toHaveLength(7);
    expect(c.aspects.every((a) => a.status === 'unchanged')).toBe(true);
  });
});

describe('compareQuestionnaires: wording keeps comparability', () => {
  it('a reworded statement, question and scale label: listed in words, every aspect still comparable', () => {
    const c = compare((raw) => {
      matrix(raw).statements[0].text = 'Het doel van het overleg is duidelijk';
      matrix(raw).text = 'Hoe beoordeelt u dit overleg?';
      raw.answerScales.mate[3].label = 'helemaal';
    });
    expect(c.identical).toBe(false);
    expect(c.changes.map((x) => x.text)).toEqual([
      'Vraagtekst van M1 gewijzigd: ‘Hoe beoordeelt u het overleg?’ → ‘Hoe beoordeelt u dit overleg?’.',
      'Tekst van M1_1 gewijzigd: ‘Het doel is duidelijk’ → ‘Het doel van het overleg is duidelijk’.',
      'Label van waarde 4 bij M1_1 gewijzigd: ‘volledig’ → ‘helemaal’.',
      'Label van waarde 4 bij M1_2 gewijzigd: ‘volledig’ → ‘helemaal’.',
      'Label van waarde 4 bij M1_3 gewijzigd: ‘volledig’ → ‘helemaal’.',
      'Label van waarde 4 bij M2_1 gewijzigd: ‘volledig’ → ‘helemaal’.',
      'Label van waarde 4 bij M2_2 gewijzigd: ‘volledig’ → ‘helemaal’.',
    ]);
    expect(c.changes.every((x) => x.kind === 'wording')).toBe(true);
    expect(statusOf(c)).toEqual({ overleg: 'comparable', opvolging: 'comparable' });
    expect(c.aspects[0]!.notes).toContain('Tekst van M1_1 gewijzigd: ‘Het doel is duidelijk’ → ‘Het doel van het overleg is duidelijk’.');
    expect(c.variables.find((v) => v.code === 'M1_1')).toMatchObject({ comparable: true, status: 'comparable' });
  });

  it('changed routing is listed in words and noted at the aspect, which stays comparable', () => {
    const c = compare((raw) => {
      matrix(raw).showIf = { q: 'Q2', equals: 1 };
    });
    expect(c.changes).toEqual([{ kind: 'routing', subject: 'M1', text: 'Routering van vraag M1 gewijzigd: eerst altijd, nu alleen als u bij Q2 ‘Ja’ koos.' }]);
    expect(aspectComparable(c, 'overleg')).toBe(true);
    expect(c.aspects[0]!.notes).toEqual([c.changes[0]!.text]);
    expect(statusOf(c)).toEqual({ overleg: 'comparable', opvolging: 'unchanged' });
  });

  it('a page condition in words, with and, or and not', () => {
    const c = compare((raw) => {
      raw.pages[2].showIf = { any: [{ q: 'Q2', equals: 1 }, { not: { q: 'Q1', in: [1, 2] } }] };
    });
    expect(c.changes.map((x) => x.text)).toEqual([
      'Routering van pagina stuurgroep gewijzigd: eerst alleen als u bij Q2 ‘Ja’ koos, nu alleen als u bij Q2 ‘Ja’ koos of het niet zo is dat u bij Q1 ‘Jeugd’ of ‘Volwassenen’ koos.',
    ]);
  });
});

describe('compareQuestionnaires: what breaks comparability, for that aspect only', () => {
  it('an item added to an aspect', () => {
    const c = compare((raw) => {
      matrix(raw).statements.push({ code: 'M1_4', text: 'Besluiten worden vastgelegd' });
      raw.aspects[0].items.push('M1_4');
    });
    expect(statusOf(c)).toEqual({ overleg: 'broken', opvolging: 'unchanged' });
    expect(c.aspects[0]!.reasons).toEqual(['Andere items; erbij: M1_4.']);
    expect(c.changes.map((x) => x.text)).toEqual([
      'Variabele M1_4 toegevoegd (‘Besluiten worden vastgelegd’).',
      'Items van aspect overleg gewijzigd: M1_1, M1_2, M1_3 → M1_1, M1_2, M1_3, M1_4.',
    ]);
    expect(c.variables.find((v) => v.code === 'M1_4')).toMatchObject({ comparable: false, status: 'added' });
    expect(c.variables.find((v) => v.code === 'M1_1')).toMatchObject({ comparable: true, status: 'unchanged' });
  });

  it('an item moved out of an aspect (the statement stays in the questionnaire)', () => {
    const c = compare((raw) => {
      raw.aspects[1].items = ['M2_1'];
    });
    expect(statusOf(c)).toEqual({ overleg: 'unchanged', opvolging: 'broken' });
    expect(c.aspects[1]!.reasons).toEqual(['Andere items; eraf: M2_2.']);
    expect(c.changes).toEqual([{ kind: 'membership', subject: 'opvolging', text: 'Items van aspect opvolging gewijzigd: M2_1, M2_2 → M2_1.' }]);
  });

  it('a scale with another number of points breaks every aspect on it', () => {
    const c = compare((raw) => {
      raw.answerScales.mate.push({ value: 6, label: 'meer dan volledig' });
    });
    expect(statusOf(c)).toEqual({ overleg: 'broken', opvolging: 'broken' });
    expect(c.aspects[1]!.reasons).toEqual([
      'Antwoordwaarden van M2_1 gewijzigd (1, 2, 3, 4 → 1, 2, 3, 4, 6; toegevoegd: 6).',
      'Antwoordwaarden van M2_2 gewijzigd (1, 2, 3, 4 → 1, 2, 3, 4, 6; toegevoegd: 6).',
    ]);
    expect(c.changes.every((x) => x.kind === 'values')).toBe(true);
    expect(allAspectsComparable(c)).toBe(false);
  });

  it('a scale of its own for one matrix breaks only its aspect', () => {
    const c = compare((raw) => {
      matrix(raw).scale = [
        { value: 1, label: 'nee' },
        { value: 2, label: 'ja' },
      ];
    });
    expect(statusOf(c)).toEqual({ overleg: 'broken', opvolging: 'unchanged' });
    expect(c.aspects[0]!.reasons[0]).toBe('Antwoordwaarden van M1_1 gewijzigd (1, 2, 3, 4 → 1, 2; vervallen: 3, 4).');
  });

  it('a scale point turned into a missing code breaks it; a changed missing code alone only needs recoding of the raw data', () => {
    const turned = compare((raw) => {
      raw.answerScales.mate[3].missing = true;
    });
    expect(statusOf(turned)).toEqual({ overleg: 'broken', opvolging: 'broken' });
    const recoded = compare((raw) => {
      matrix(raw).missing = [{ value: 9, label: 'geen oordeel', missing: true }];
    });
    expect(statusOf(recoded)).toEqual({ overleg: 'comparable', opvolging: 'unchanged' });
    expect(recoded.aspects[0]!.notes).toContain('Ontbrekende-waardecodes van M1_1 gewijzigd (5 → 9).');
    expect(recoded.variables.find((v) => v.code === 'M1_1')).toMatchObject({ comparable: false, status: 'broken' });
  });

  it('reverse keying of an item and the answered items a score needs', () => {
    const reversed = compare((raw) => {
      matrix(raw).statements[1].reverse = true;
    });
    expect(statusOf(reversed)).toEqual({ overleg: 'broken', opvolging: 'unchanged' });
    expect(reversed.aspects[0]!.reasons).toEqual(['M1_2 wordt nu omgekeerd gescoord.']);
    const stricter = compare((raw) => {
      raw.aspects[1].minAnswered = 2;
    });
    expect(statusOf(stricter)).toEqual({ overleg: 'unchanged', opvolging: 'broken' });
    expect(stricter.aspects[1]!.reasons).toEqual(['Een score vraagt nu 2 beantwoorde items (was 1).']);
  });

  it('an added and a removed aspect', () => {
    const c = compare((raw) => {
      raw.aspects = [raw.aspects[0], { id: 'alles', label: 'Alles', items: ['M2_1', 'M2_2'] }];
    });
    expect(c.aspects.map((a) => [a.id, a.status, a.comparable])).toEqual([
      ['overleg', 'unchanged', true],
      ['alles', 'added', false],
      ['opvolging', 'removed', false],
    ]);
    expect(allAspectsComparable(c)).toBe(false);
    expect(aspectComparable(c, 'onbekend')).toBe(false);
  });
});

describe('compareQuestionnaires: questions, options, settings and background', () => {
  it('an option added to a choice question changes its values; a removed question is listed once', () => {
    const c = compare((raw) => {
      raw.pages[0].blocks[0].options.splice(2, 0, { value: 4, label: 'Beide' });
      raw.pages[3].blocks = raw.pages[3].blocks.filter((b: Json) => b.code !== 'Q7');
    });
    expect(c.changes.map((x) => x.text)).toEqual([
      'Vraag Q7 vervallen: ‘Opmerkingen’.',
      'Antwoordwaarden van Q1 gewijzigd (1, 2, 3 → 1, 2, 4, 3; toegevoegd: 4).',
    ]);
    expect(c.variables.find((v) => v.code === 'Q7')).toMatchObject({ status: 'removed', comparable: false });
  });

  it('settings, option properties and required, in words with their values', () => {
    const c = compare((raw) => {
      raw.pages[2].blocks[2].max = 120;
      raw.pages[0].blocks[0].options[1].meaning = 2;
      raw.pages[0].blocks[1].required = false;
    });
    expect(c.changes.map((x) => x.text)).toEqual([
      'Eigenschappen van de antwoordopties van Q1 gewijzigd (betekenis, exclusief, ‘anders’ of ontbrekend).',
      'Instelling required van Q2 gewijzigd: true → false.',
      'Instelling max van Q5 gewijzigd: 100 → 120.',
    ]);
    expect(c.changes.every((x) => x.kind === 'settings')).toBe(true);
  });

  it('background variables: bands, question and label', () => {
    const c = compare((raw) => {
      raw.background = [{ id: 'overleg', label: 'Soort overleg', question: 'Q1', bands: [{ label: 'Jeugd', max: 1 }, { label: 'Anders', min: 2 }] }];
      raw.pages[0].blocks[0].options[0].meaning = 1;
      raw.pages[0].blocks[0].options[1].meaning = 2;
      raw.pages[0].blocks[0].options[2].meaning = 3;
    });
    expect(c.changes.filter((x) => x.kind === 'bands' || x.subject === 'overleg').map((x) => x.text)).toEqual([
      'Indeling van achtergrondkenmerk overleg gewijzigd: geen (elk antwoord een groep) → Jeugd | Anders.',
      'Naam van achtergrondkenmerk overleg gewijzigd: ‘Overlegvorm’ → ‘Soort overleg’.',
    ]);
  });

  it('a question of another type: its variables change kind or values', () => {
    const c = compare((raw) => {
      raw.pages[2].blocks[2] = { type: 'open', code: 'Q5', text: 'Welk deel van de casussen komt van de politie?' };
    });
    expect(c.changes.map((x) => x.kind)).toEqual(expect.arrayContaining(['type']));
    expect(c.changes[0]!.text).toBe('Vraag Q5 is van type number naar open gegaan.');
    expect(c.variables.find((v) => v.code === 'Q5')).toMatchObject({ comparable: false, status: 'broken' });
  });
});

describe('compareQuestionnaires between the instruments as committed and a plausible next Stappenmeter', () => {
  it('a reworded statement keeps informatiedeling comparable; an item added to selectie breaks only selectie', () => {
    const earlier: Questionnaire = instrument('stappenmeter-doelbereik');
    const aspect = earlier.aspects.find((a) => a.id === 'informatiedeling')!;
    const later: Questionnaire = structuredClone(earlier);
    later.version = '2.0';
    const first = later.pages.flatMap((p) => p.blocks).find((b) => b.type === 'likert' && b.statements.some((s) => s.code === aspect.items[0]))!;
    if (first.type !== 'likert') throw new Error('likert');
    first.statements[0]!.text += ' (herzien)';
    later.variables.find((v) => v.code === aspect.items[0])!.label += ' (herzien)';
    later.aspects.find((a) => a.id === 'selectie')!.items = aspect.items.slice(0, 1).concat(earlier.aspects[0]!.items);
    const c = compareQuestionnaires(earlier, later);
    expect(c.aspects.filter((a) => !a.comparable).map((a) => a.id)).toEqual(['selectie']);
    expect(c.aspects.find((a) => a.id === 'informatiedeling')).toMatchObject({ comparable: true, status: 'comparable' });
  });
});
