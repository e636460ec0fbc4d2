import { describe, expect, it } from 'vitest';
import { SENT_ANSWERS_TTL_MS, SentAnswers } from '../../server/services/sentAnswers.js';

describe('what a browser sent in its session, kept in memory only', () => {
  it('finds the responses by session id and link only, for an hour', () => {
    let now = Date.parse('2026-11-23T09:00:00Z');
    const store = new SentAnswers(() => new Date(now));
    const id = store.remember(undefined, 'link-a', { values: { Q2: 1 }, complete: true });
    expect(store.remember(id, 'link-a', { values: { Q2: 3 }, complete: false })).toBe(id);
    expect(store.sent(id, 'link-a').map((r) => r.values.Q2)).toEqual([1, 3]);
    // another link, an unknown or missing id: nothing
    expect(store.sent(id, 'link-b')).toEqual([]);
    expect(store.sent('geraden', 'link-a')).toEqual([]);
    expect(store.sent(undefined, 'link-a')).toEqual([]);
    // a session of another link gets a fresh id rather than mixing
    expect(store.remember(id, 'link-b', { values: {}, complete: true })).not.toBe(id);
    now += SENT_ANSWERS_TTL_MS + 1;
    expect(store.sent(id, 'link-a')).toEqual([]);
  });

  it('keeps at most its capacity of sessions, dropping the oldest, so no visitor can make it grow', () => {
    const store = new SentAnswers(() => new Date('2026-11-23T09:00:00Z'), 3);
    const ids = Array.from({ length: 5 }, (_, i) => store.remember(undefined, 'link', { values: { n: i }, complete: true }));
    expect(ids.map((id) => store.sent(id, 'link').length)).toEqual([0, 0, 1, 1, 1]);
  });
});
