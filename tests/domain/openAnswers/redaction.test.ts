/** A redaction may only take parts out of an answer, each replaced by a marker in square brackets. */
import { describe, expect, it } from 'vitest';
import { checkRedaction } from '../../../server/domain/openAnswers/redaction.js';

const answer = 'Jan de Vries van Woonstichting Noord belt nooit terug; daardoor blijven casussen liggen.';

describe('checkRedaction', () => {
  it('accepts parts replaced by markers, at the start, in the middle and at the end', () => {
    expect(checkRedaction(answer, '[naam] van [organisatie] belt nooit terug; daardoor blijven casussen liggen.')).toEqual({
      ok: true,
      text: '[naam] van [organisatie] belt nooit terug; daardoor blijven casussen liggen.',
    });
    expect(checkRedaction(answer, 'Jan de Vries van […]').ok).toBe(true);
    expect(checkRedaction(answer, '[…] belt nooit terug[…]').ok).toBe(true);
    // the textarea's line ends and surrounding white space do not count as changes
    expect(checkRedaction('Eerste regel\nmet Piet', '  Eerste regel\r\nmet [naam]\n')).toEqual({ ok: true, text: 'Eerste regel\nmet [naam]' });
  });

  it('refuses any change that is not taking something out', () => {
    // a word added, changed or moved
    expect(checkRedaction(answer, '[naam] van [organisatie] belt soms niet terug; daardoor blijven casussen liggen.')).toMatchObject({ ok: false });
    expect(checkRedaction(answer, '[naam] belt nooit terug; daardoor blijven casussen liggen. Extra.')).toMatchObject({ ok: false });
    expect(checkRedaction(answer, 'Jan de Vries van [organisatie] belt nooit terug; daardoor blijven de casussen liggen.')).toMatchObject({ ok: false });
    expect(checkRedaction(answer, '[organisatie] belt nooit terug; daardoor blijven casussen liggen, zegt [naam].')).toMatchObject({ ok: false });
    // nothing taken out, or no marker where text went
    expect(checkRedaction(answer, answer)).toMatchObject({ ok: false, message: expect.stringContaining('niets weggelaten') });
    expect(checkRedaction(answer, 'Jan de Vries belt nooit terug; daardoor blijven casussen liggen.')).toMatchObject({ ok: false });
    // a marker must stand for at least one character
    expect(checkRedaction('ab', 'a[x]b')).toMatchObject({ ok: false });
    expect(checkRedaction(answer, '')).toMatchObject({ ok: false, message: expect.stringContaining('Helemaal verbergen') });
  });

  it('names the piece that does not match', () => {
    const result = checkRedaction(answer, '[naam] van [organisatie] belt altijd terug.');
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('‘belt altijd terug.’ staat zo niet in het antwoord') });
  });

  it('checks a long answer with a thousand markers (a backtracking pattern match would never finish)', () => {
    const long = 'woord '.repeat(2000).trim();
    const redacted = long.split(' ').map((w, i) => (i % 2 ? '[…]' : w)).join(' ');
    expect(checkRedaction(long, redacted).ok).toBe(true);
    expect(checkRedaction(long, `${redacted} woord`).ok).toBe(false);
  });
});
