import { describe, expect, it } from 'vitest';
import { waveQuestionnaire } from '../../server/db/repositories/waves.js';

const snapshot = (title: string) => JSON.stringify({ id: 'q', version: '1', title, pages: [] });

describe('waveQuestionnaire', () => {
  it('parses a snapshot text once: waves with the same text share one questionnaire (and every cache keyed by it)', () => {
    const text = snapshot('Stappenmeter');
    // the same content as separate strings, as two rows of the waves table give it
    const a = waveQuestionnaire({ id: 'wave-a', questionnaire_json: text });
    const b = waveQuestionnaire({ id: 'wave-b', questionnaire_json: `${text} `.trimEnd() });
    expect(b).toBe(a);
    expect(waveQuestionnaire({ id: 'wave-a', questionnaire_json: text })).toBe(a);
  });

  it('gives a wave with another snapshot its own questionnaire, also when a concept wave\'s snapshot is replaced', () => {
    const first = waveQuestionnaire({ id: 'wave-c', questionnaire_json: snapshot('Eerste') });
    const other = waveQuestionnaire({ id: 'wave-d', questionnaire_json: snapshot('Tweede') });
    expect(other).not.toBe(first);
    expect(other.title).toBe('Tweede');
    const replaced = waveQuestionnaire({ id: 'wave-c', questionnaire_json: snapshot('Vervangen') });
    expect(replaced.title).toBe('Vervangen');
  });

  it('keeps a bounded number of snapshot texts, so replaced concept snapshots do not pile up', () => {
    const first = waveQuestionnaire({ id: 'wave-e', questionnaire_json: snapshot('Oudste') });
    for (let i = 0; i < 100; i++) waveQuestionnaire({ id: `concept-${i}`, questionnaire_json: snapshot(`Concept ${i}`) });
    // the oldest text was let go: a new wave with it parses it again (the wave that had it keeps its own)
    const again = waveQuestionnaire({ id: 'wave-f', questionnaire_json: snapshot('Oudste') });
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(waveQuestionnaire({ id: 'wave-e', questionnaire_json: snapshot('Oudste') })).toBe(first);
  });
});
