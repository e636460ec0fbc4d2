import { describe, expect, it } from 'vitest';
import { redactUrl } from '../server/logging.js';

describe('log redaction', () => {
  it('never lets a token reach the log', () => {
    expect(redactUrl('/r/abcDEF123_-xyz/pagina/2?x=1')).toBe('/r/[token]/pagina/2');
    expect(redactUrl('/optout/secret')).toBe('/optout/[token]');
    expect(redactUrl('/bekijken/reviewToken/pagina/3')).toBe('/bekijken/[token]/pagina/3');
    expect(redactUrl('/voorbeeld/W1.20000.sig/afmelden')).toBe('/voorbeeld/[token]/afmelden');
    expect(redactUrl('/admin/waves')).toBe('/admin/waves');
  });
});
