/**
 * The compiled pages encode their per-request texts in JavaScript (server/templates/compiled.ts):
 * the bytes must be Node's own UTF-8 for every string, lone surrogates included.
 */
import { describe, expect, it } from 'vitest';
import { utf8Length, writeUtf8 } from '../../server/templates/compiled.js';
import { seeded } from '../../bench/lib/measure.js';
import { createEta } from '../../server/templates/eta.js';

/** Eta's escaping, as the templates use it. */
const etaEscape = createEta(false).config.escapeFunction as (s: string) => string;

function encoded(s: string, escape = false): Buffer {
  const out = Buffer.alloc(utf8Length(s, escape) + 8, 0xaa);
  const end = writeUtf8(out, 4, s, escape);
  expect(end - 4).toBe(utf8Length(s, escape));
  // nothing written outside its place
  expect(out.subarray(0, 4).every((b) => b === 0xaa) && out.subarray(end).every((b) => b === 0xaa)).toBe(true);
  return out.subarray(4, end);
}

describe('UTF-8 of the compiled pages', () => {
  it.each([
    ['', 'empty'],
    ['Anne de Vries', 'ASCII'],
    ['Ünïcödé – “typografisch” ß€', 'two and three bytes'],
    ['😀𝄞', 'surrogate pairs'],
    ['\ud800', 'a lone high surrogate'],
    ['x\udc00y', 'a lone low surrogate'],
    ['\udc00\ud800', 'surrogates in the wrong order'],
    ['\ud800\ud800\udc00', 'a high surrogate before a pair'],
    ['\u0000\u007f\u0080\u07ff\u0800\uffff', 'the edges of each length'],
  ])('%j (%s) is what Buffer.from makes of it', (s) => {
    expect(encoded(s).equals(Buffer.from(s, 'utf8'))).toBe(true);
  });

  it.each([['<script>alert("x")</script> & \'quotes\''], ['&amp;&lt;'], ['a>b?c=d;e'], ['é&<😀>"\'\ud800']])('escapes %j while encoding, as Eta escapes it', (s) => {
    expect(encoded(s, true).equals(Buffer.from(etaEscape(s), 'utf8'))).toBe(true);
  });

  it('matches Buffer.from on random strings of every kind of code unit', () => {
    const next = seeded(8);
    const units = [0x26, 0x3c, 0x3e, 0x22, 0x27, 0x41, 0x7f, 0x80, 0x3b1, 0x7ff, 0x800, 0x20ac, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffd, 0xffff];
    for (let run = 0; run < 2000; run++) {
      const length = Math.floor(next() * 12);
      const s = String.fromCharCode(...Array.from({ length }, () => (next() < 0.5 ? units[Math.floor(next() * units.length)]! : Math.floor(next() * 0x10000))));
      expect(encoded(s).equals(Buffer.from(s, 'utf8')), JSON.stringify(s)).toBe(true);
      expect(encoded(s, true).equals(Buffer.from(etaEscape(s), 'utf8')), JSON.stringify(s)).toBe(true);
    }
  });
});
