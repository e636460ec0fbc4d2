/**
 * Open answers as readers get them: the items of a questionnaire, an order that reveals neither
 * submission order nor which answers belong together, and a researcher's edits applied everywhere.
 */
import { describe, expect, it } from 'vitest';
import { collectOpenAnswers, readerView, redactedValues, type AnswerEdit } from '../../../server/domain/openAnswers/collect.js';
import { openItems } from '../../../server/domain/openAnswers/items.js';
import { answerId, answerOrderKey, parseAnswerId } from '../../../server/domain/openAnswers/order.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { instrument } from '../../helpers/questionnaire.js';
import { fixtureQuestionnaire } from '../../helpers/miniStappenmeter.js';

const id = (n: number) => n.toString(16).padStart(32, '0');

describe('openItems', () => {
  it('finds the breedtescan’s open questions, lists and "anders, namelijk" texts, never contact or e-mail questions', () => {
    const items = openItems(instrument('breedtescan-ketenmanagers'));
    const keys = items.map((i) => i.key);
    expect(keys).toEqual(expect.arrayContaining(['Q16', 'Q34', 'opmerkingen', 'Q14_other', 'Q3', 'Q28']));
    expect(items.find((i) => i.key === 'Q3')).toMatchObject({ kind: 'list', variables: ['Q3_1', 'Q3_2', 'Q3_3', 'Q3_4'] });
    expect(items.find((i) => i.key === 'Q14_other')).toMatchObject({ kind: 'other', question: 'Q14', label: 'Andere taken/doelgroepen, namelijk' });
    expect(items.find((i) => i.key === 'Q16')).toMatchObject({ kind: 'open', variables: ['Q16'] });
    const stappenmeter = openItems(instrument('stappenmeter-doelbereik')).map((i) => i.key);
    expect(stappenmeter).toEqual(['Q2_other', 'Q3_other']);
    // the fixture's e-mail question is a contact question: never an open answer
    expect(openItems(fixtureQuestionnaire()).map((i) => i.key)).toEqual(['Q2_other', 'Q8_other', 'Q50']);
  });
});

describe('collectOpenAnswers', () => {
  const q = instrument('breedtescan-ketenmanagers');
  const n = 60;
  const ids = Array.from({ length: n }, (_, i) => id(i + 1));
  // submitted in id order, each respondent's answers numbered like the respondent
  const responses: Values[] = ids.map((_, i) => ({ Q16: `knelpunt ${i}`, Q34: `kans ${i}`, Q3_1: `org ${i}a`, Q3_2: `org ${i}b` }));
  const items = collectOpenAnswers(q, { ids, responses }, [], new Map());
  const answersOf = (key: string) => items.find((i) => i.item.key === key)!.answers;
  const rank = (texts: string[], prefix: string) => texts.map((t) => Number(t.slice(prefix.length).replace(/[ab]$/, '')));

  it('lists every answer once, in the order of a hash of its id: stable, and not the order of submission', () => {
    const knelpunten = answersOf('Q16').map((a) => a.text);
    expect(new Set(knelpunten).size).toBe(n);
    expect(knelpunten).toEqual(collectOpenAnswers(q, { ids, responses }, [], new Map()).find((i) => i.item.key === 'Q16')!.answers.map((a) => a.text));
    expect(rank(knelpunten, 'knelpunt ')).not.toEqual([...Array(n).keys()]);
    expect(answersOf('Q16').map((a) => a.id)).toEqual(answersOf('Q16').map((a) => a.id).sort((x, y) => (answerOrderKey(parseAnswerId(x)!.responseId, 'Q16') < answerOrderKey(parseAnswerId(y)!.responseId, 'Q16') ? -1 : 1)));
  });

  it('puts one respondent’s answers to two questions, and two entries of one list, at unrelated places', () => {
    const knelpunten = rank(answersOf('Q16').map((a) => a.text), 'knelpunt ');
    const kansen = rank(answersOf('Q34').map((a) => a.text), 'kans ');
    // reading both lists side by side pairs (almost) nobody with themselves
    const paired = knelpunten.filter((r, i) => kansen[i] === r).length;
    expect(paired).toBeLessThan(5);
    const entries = answersOf('Q3').map((a) => a.text);
    expect(entries).toHaveLength(2 * n);
    const together = entries.filter((t, i) => t.endsWith('a') && entries[i + 1] === t.replace(/a$/, 'b')).length;
    expect(together).toBeLessThan(5);
  });

  it('applies hiding, redaction and coding; readers get the redacted text and no text of a hidden answer', () => {
    const edits: AnswerEdit[] = [
      { responseId: ids[0]!, variable: 'Q16', hidden: false, redacted: '[naam] 0', categoryId: 7 },
      { responseId: ids[1]!, variable: 'Q16', hidden: true, redacted: null, categoryId: 7 },
    ];
    const full = collectOpenAnswers(q, { ids, responses }, edits, new Map([['Q16', [{ id: 7, label: 'Capaciteit' }]]]));
    const q16 = full.find((i) => i.item.key === 'Q16')!;
    expect(q16.categories).toEqual([{ id: 7, label: 'Capaciteit' }]);
    expect(q16.answers.find((a) => a.id === answerId(ids[0]!, 'Q16'))).toMatchObject({ original: 'knelpunt 0', text: '[naam] 0', redacted: true, categoryId: 7 });
    const reader = readerView(full).find((i) => i.item.key === 'Q16')!;
    const hidden = reader.answers.find((a) => a.id === answerId(ids[1]!, 'Q16'))!;
    expect(hidden).toMatchObject({ hidden: true, text: '', original: '', categoryId: 7 });
    expect(JSON.stringify(readerView(full))).not.toContain('knelpunt 0"');
    expect(JSON.stringify(readerView(full))).not.toContain('knelpunt 1"');
    // and the rows of the downloads
    const rows = redactedValues({ ids, responses }, edits);
    expect(rows[0]!.Q16).toBe('[naam] 0');
    expect(rows[1]!.Q16).toBeNull();
    expect(rows[2]!.Q16).toBe('knelpunt 2');
    expect(responses[0]!.Q16).toBe('knelpunt 0');
  });
});
