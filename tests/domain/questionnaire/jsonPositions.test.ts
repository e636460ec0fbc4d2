import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseJsonWithPositions, pathSegments, spanOf } from '../../../server/domain/questionnaire/jsonPositions.js';

const text = `{
  "id": "voorbeeld",
  "pages": [
    {
      "id": "p1",
      "blocks": [
        { "type": "yesno", "code": "Q1", "text": "Ja of nee?" },
        { "type": "text", "text": "Tekst" }
      ]
    }
  ]
}`;

describe('parseJsonWithPositions', () => {
  it('gives the value JSON.parse gives, and the line and column where each property and element starts', () => {
    const result = parseJsonWithPositions(text);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toEqual(JSON.parse(text));
    expect(result.spans.get('id')).toMatchObject({ line: 2, column: 3 });
    expect(result.spans.get('pages[0]')).toMatchObject({ line: 4, column: 5 });
    expect(result.spans.get('pages[0].blocks[1]')).toMatchObject({ line: 8, column: 9 });
    expect(result.spans.get('pages[0].blocks[0].code')).toMatchObject({ line: 7, column: 28 });
    const span = result.spans.get('pages[0].blocks[0]')!;
    expect(text.slice(span.from, span.to)).toBe('{ "type": "yesno", "code": "Q1", "text": "Ja of nee?" }');
    const property = result.spans.get('pages[0].blocks[0].code')!;
    expect(text.slice(property.from, property.to)).toBe('"code": "Q1"');
  });

  it('reports a syntax error with its line and column', () => {
    const broken = '{\n  "id": "x",\n  "pages": [1, 2,]\n}';
    const result = parseJsonWithPositions(broken);
    expect(result).toEqual({ ok: false, error: { message: "unexpected ']': expected a value", offset: broken.indexOf(']'), line: 3, column: 18 } });
    expect(parseJsonWithPositions('{"a": 1} x')).toMatchObject({ ok: false, error: { line: 1, column: 10, message: "unexpected 'x' after the end of the JSON value" } });
    expect(parseJsonWithPositions('{"a": "b')).toMatchObject({ ok: false, error: { message: 'unterminated string', column: 7 } });
    expect(parseJsonWithPositions('{a: 1}')).toMatchObject({ ok: false, error: { message: "unexpected 'a': expected a property name in double quotes" } });
    expect(parseJsonWithPositions('')).toMatchObject({ ok: false, error: { message: 'unexpected end of text: expected a value', line: 1, column: 1 } });
  });

  it('refuses nesting deeper than its limit instead of overflowing the stack', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 5) + ']'.repeat(MAX_JSON_DEPTH + 5);
    expect(parseJsonWithPositions(deep)).toMatchObject({ ok: false, error: { message: `nested more than ${MAX_JSON_DEPTH} levels deep` } });
    const deepest = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(parseJsonWithPositions(deepest).ok).toBe(true);
  });

  it('accepts exactly what JSON.parse accepts, with the same value (a leading byte-order mark aside)', () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.json().map((j) => j.replace(/,/g, ',,')),
      fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))),
      fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', '-', 'e', '.', ' ', '\\', 'u', 'n', 't') }),
    );
    fc.assert(
      fc.property(jsonish, (candidate) => {
        let expected: { ok: true; value: unknown } | { ok: false };
        try {
          expected = { ok: true, value: JSON.parse(candidate) };
        } catch {
          expected = { ok: false };
        }
        const actual = parseJsonWithPositions(candidate);
        expect(actual.ok).toBe(expected.ok);
        if (actual.ok && expected.ok) expect(actual.value).toEqual(expected.value);
      }),
      { seed: 1313, numRuns: 3000 },
    );
  });
});

describe('spanOf and pathSegments', () => {
  it('find the element a fault names, or its nearest existing ancestor', () => {
    const result = parseJsonWithPositions(text);
    if (!result.ok) throw new Error('parse');
    expect(pathSegments('pages[0].blocks[1].showIf.all[2]')).toEqual(['pages', 0, 'blocks', 1, 'showIf', 'all', 2]);
    expect(spanOf(result.spans, 'pages[0].blocks[1].showIf')).toMatchObject({ line: 8, column: 9 });
    expect(spanOf(result.spans, 'aspects')).toMatchObject({ line: 1, column: 1 });
    expect(spanOf(result.spans, '')).toMatchObject({ line: 1, column: 1 });
  });
});
